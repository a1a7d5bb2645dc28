// The consolidated workbook opened by LibreOffice (headless): it loads without repair, keeps the totals,
// and shows user text as inert text. Required in CI (.ci/run installs libreoffice-calc and sets CI): there a
// missing LibreOffice fails the test. Elsewhere it is skipped, and says so.
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { createTestDatabase, sessionUser, accounts, type TestDatabase } from "../helpers/db";
import { resolveFilters } from "../../reports/consolidated/filters";
import { exporterOf, writeConsolidatedWorkbook } from "../../reports/consolidated/workbook.server";
import { capture, parseCsv } from "../../reports/spec/testing";
import { addAwkwardOrder, FORMULA_PRODUCT } from "./reports-fixtures";

const soffice = ["/usr/bin/soffice", "/usr/bin/libreoffice"].find((p) => fs.existsSync(p));
const inCi = !!process.env.CI;
if (!soffice && !inCi)
  console.warn(
    "reports-libreoffice.test.ts IGNORÉ : LibreOffice n'est pas installé (apt-get install --no-install-recommends libreoffice-calc) ; en CI, ce test échoue sans lui.",
  );

describe.skipIf(!soffice && !inCi)("LibreOffice opens the consolidated workbook", () => {
  it("is installed (CI)", () => {
    expect(soffice, "LibreOffice est introuvable (/usr/bin/soffice) : .ci/run installe libreoffice-calc").toBeTruthy();
  });

  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase();
    await addAwkwardOrder(t.db, {
      number: "21_BAM_048-2026-0993",
      issuedOn: "2026-04-01",
      lines: [["DEVOPS_CONFIRME", "0.825", "1234.57"]],
      declare: [{ month: "2026-04-01", days: ["6.5"], validatedAt: "2026-05-04T09:00:00Z" }],
    });
  });
  afterAll(async () => {
    await t?.drop();
  });

  it("converts every sheet, with the totals and inert text", async () => {
    const dinum = await sessionUser(t.db, accounts.dinum);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "lo-"));
    const file = path.join(dir, "consolide.xlsx");
    fs.writeFileSync(file, await capture((out) => writeConsolidatedWorkbook(t.db, exporterOf(dinum), resolveFilters({}), out)));
    // sheet -1 = every sheet, one CSV each (LibreOffice 7.2+); separator ';', UTF-8
    execFileSync(
      soffice!,
      [
        "--headless",
        "--norestore",
        `-env:UserInstallation=file://${dir}/profile`,
        "--convert-to",
        "csv:Text - txt - csv (StarCalc):59,34,76,1,,1036,false,true,false,false,false,-1",
        file,
        "--outdir",
        dir,
      ],
      { timeout: 120_000, stdio: "pipe" },
    );
    const csvOf = (sheet: string) =>
      parseCsv(
        fs
          .readFileSync(path.join(dir, `consolide-${sheet}.csv`), "utf8")
          .replace(/\n/g, "\r\n")
          .replace(/\r\r\n/g, "\r\n"),
      );
    const lines = csvOf("Lignes de BC");
    expect(lines[0][0]).toBe("Accord-cadre");
    // LibreOffice reads the quote-prefixed cell as the literal text, neither evaluated nor with an apostrophe
    expect(lines.map((r) => r[3])).toContain(FORMULA_PRODUCT);
    const total = lines.filter((r) => r[0] === "Total").at(-1)!;
    expect(total.length).toBe(lines[0].length);
    // R13: an issued order counts its TTC, a closed one the TTC of what it consumed
    const {
      rows: [ttc],
    } = await sql<{ s: string }>`
      SELECT sum(CASE WHEN po.status = 'closed' THEN c.ht + round(c.ht * po.vat_rate, 2) ELSE po.total_ttc END) AS s
      FROM purchase_order po CROSS JOIN LATERAL (SELECT sum(ol.consumed_ht) AS ht FROM order_line ol WHERE ol.order_id = po.id) c
      WHERE po.status IN ('issued', 'closed')`.execute(t.db);
    expect(Number(total[lines[0].indexOf("Montant TTC")])).toBeCloseTo(Number(ttc.s), 2);
    for (const sheet of ["Synthèse", "Déclarations", "UO x bénéficiaire", "Produits", "AE-CP", "Factures", "Paramètres"]) {
      expect(fs.existsSync(path.join(dir, `consolide-${sheet}.csv`)), sheet).toBe(true);
    }
  }, 180_000);
});
