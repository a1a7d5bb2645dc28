// The consolidated workbook opened by LibreOffice (headless): it loads without repair, keeps the totals,
// and shows user text as inert text. Required in CI (.ci/run installs libreoffice-calc and sets CI): there a
// missing LibreOffice fails the test. Elsewhere it is skipped, and says so.
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, sessionUser, accounts, type TestDatabase } from "../helpers/db";
import { resolveFilters } from "../../reports/consolidated/filters";
import { exporterOf, writeConsolidatedWorkbook } from "../../reports/consolidated/workbook.server";
import { capture } from "../../reports/spec/testing";
import { libreOfficeSheets, libreOfficeSkipped, soffice } from "../helpers/libreoffice";
import { addAwkwardOrder, FORMULA_PRODUCT } from "./reports-fixtures";

describe.skipIf(libreOfficeSkipped("reports-libreoffice.test.ts"))("LibreOffice opens the consolidated workbook", () => {
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
    const lo = libreOfficeSheets(await capture((out) => writeConsolidatedWorkbook(t.db, exporterOf(dinum), resolveFilters({}), out)));
    const lines = lo.csv("Lignes de BC");
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
      expect(lo.has(sheet), sheet).toBe(true);
    }
  }, 180_000);
});
