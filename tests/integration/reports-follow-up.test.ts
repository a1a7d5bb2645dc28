// Beneficiary follow-up: Excel totals equal the database, PDF text carries the right figures, scope.
import { beforeAll, describe, expect, it } from "vitest";
import { sql } from "kysely";
import { useTestDatabase, sessionUser, accounts } from "../helpers/db";
import { dec } from "../../app/lib/decimal";
import { formatDays, formatEuros } from "../../app/lib/format";
import { resolveFilters } from "../../reports/consolidated/filters";
import { exporterOf } from "../../reports/consolidated/workbook.server";
import { renderFollowUpPdf, writeFollowUpWorkbook } from "../../reports/follow-up/report.server";
import { capture, readWorkbook } from "../../reports/spec/testing";
import { ACTIVITIES, addAwkwardOrder, FORMULA_PRODUCT } from "./reports-fixtures";
import { pdftotext } from "../helpers/pdf";
import { quotePrefixedCells } from "../helpers/xlsx-styles";

const t = await useTestDatabase();

beforeAll(async () => {
  await addAwkwardOrder(t.db, {
    number: "21_BAM_048-2026-0992",
    issuedOn: "2026-05-04",
    lines: [
      ["DEVOPS_SENIOR", "0.675", "1333.33"],
      ["BIZDEV", "1.025", "777.77"],
    ],
    declare: [
      { month: "2026-05-01", days: ["3.5", "7.5"], validatedAt: "2026-06-04T09:00:00Z" },
      { month: "2026-06-01", days: ["2.0", "0.5"], validatedAt: null },
    ],
  });
});

function pdfText(buffer: Buffer): string {
  return pdftotext(buffer, { layout: true });
}

describe("beneficiary follow-up", () => {
  it("Excel: per product and per order, done and remaining days equal the database; user text inert", async () => {
    const a = await sessionUser(t.db, accounts.correspondentA);
    const buffer = await capture((out) => writeFollowUpWorkbook(t.db, exporterOf(a), resolveFilters({}), out));
    const wb = await readWorkbook(buffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual(["Par produit", "Par bon de commande", "Activités par mois", "Paramètres"]);
    const {
      rows: [s],
    } = await sql<{ ordered: string; consumed: string; pending: string }>`
      SELECT (SELECT sum(ol.quantity * 20) FROM order_line ol JOIN purchase_order po ON po.id = ol.order_id WHERE po.status IN ('issued','closed') AND po.beneficiary_id = ${a.beneficiaryId}) AS ordered,
        (SELECT coalesce(sum(dl.delta_days) FILTER (WHERE d.status = 'validated'), 0) FROM declaration_line dl JOIN declaration d ON d.id = dl.declaration_id JOIN purchase_order po ON po.id = dl.order_id WHERE po.status IN ('issued','closed') AND po.beneficiary_id = ${a.beneficiaryId}) AS consumed,
        (SELECT coalesce(sum(dl.delta_days) FILTER (WHERE d.status = 'submitted'), 0) FROM declaration_line dl JOIN declaration d ON d.id = dl.declaration_id JOIN purchase_order po ON po.id = dl.order_id WHERE po.status IN ('issued','closed') AND po.beneficiary_id = ${a.beneficiaryId}) AS pending`.execute(
      t.db,
    );
    for (const name of ["Par produit", "Par bon de commande"]) {
      const ws = wb.getWorksheet(name)!;
      const head = (ws.getRow(1).values as unknown[]).map(String);
      const total = (label: string) => dec((ws.getRow(ws.actualRowCount).getCell(head.indexOf(label)).value as { result: number }).result);
      expect(total("Jours commandés").toFixed(1), name).toBe(dec(s.ordered).toFixed(1));
      expect(total("Jours faits (service fait)").toFixed(1), name).toBe(dec(s.consumed).toFixed(1));
      expect(total("Jours en attente" + (name === "Par produit" ? " de validation" : "")).toFixed(1), name).toBe(dec(s.pending).toFixed(1));
      expect(total("Jours restant à faire").toFixed(1), name).toBe(dec(s.ordered).minus(s.consumed).toFixed(1));
    }
    const products = wb.getWorksheet("Par produit")!.getColumn(2).values.map(String);
    // the literal text (Excel's quote-prefix style keeps it text: no visible apostrophe)
    expect(products).toContain(FORMULA_PRODUCT);
    const acts = wb.getWorksheet("Activités par mois")!.getColumn(7).values.map(String);
    expect(acts.some((v) => ACTIVITIES.some((a) => v === a))).toBe(true);
    const quoted = quotePrefixedCells(buffer);
    wb.eachSheet((ws) =>
      ws.eachRow((row, r) =>
        row.eachCell((cell) => {
          if (typeof cell.value === "string" && /^[=+\-@\t\r]/.test(cell.value)) expect(quoted.get(ws.name)?.has(cell.address), cell.address).toBe(true);
          if (cell.type === 6) expect(r).toBe(ws.actualRowCount);
        }),
      ),
    );
  });

  it("PDF: the text carries each product's figures", async () => {
    const a = await sessionUser(t.db, accounts.correspondentA);
    const text = pdfText(await renderFollowUpPdf(t.db, exporterOf(a), resolveFilters({})));
    expect(text).toContain("Suivi par bénéficiaire : Ministères sociaux");
    // the awkward order: 13.5 + 20.5 = 34 days ordered; 3.5 + 7.5 = 11 done; 2.5 pending; 23 remaining
    expect(text).toContain(`Commandé : ${formatDays("34")} j, `);
    expect(text).toContain(`Fait : ${formatDays("11")} j (`);
    expect(text.replace(/\s+/g, " ")).toContain(`En attente : ${formatDays("2.5")} j · Restant à faire : ${formatDays("23")} j`.replace(/\s+/g, " "));
    expect(text).toContain("21_BAM_048-2026-0992");
    // Nata, from the seeded data, with its figures from the database
    const {
      rows: [n],
    } = await sql<{ ordered: string; consumed: string; ordered_ht: string; consumed_ht: string }>`
      SELECT (SELECT sum(ol.quantity * 20) FROM order_line ol JOIN purchase_order po ON po.id = ol.order_id JOIN product p ON p.id = po.product_id WHERE p.name = 'Nata' AND po.status IN ('issued','closed')) AS ordered,
        (SELECT sum(ol.amount_ht) FROM order_line ol JOIN purchase_order po ON po.id = ol.order_id JOIN product p ON p.id = po.product_id WHERE p.name = 'Nata' AND po.status IN ('issued','closed')) AS ordered_ht,
        (SELECT sum(dl.delta_days) FROM declaration_line dl JOIN declaration d ON d.id = dl.declaration_id JOIN purchase_order po ON po.id = dl.order_id JOIN product p ON p.id = po.product_id WHERE p.name = 'Nata' AND d.status = 'validated') AS consumed,
        (SELECT sum(dl.consumed_amount) FROM declaration_line dl JOIN declaration d ON d.id = dl.declaration_id JOIN purchase_order po ON po.id = dl.order_id JOIN product p ON p.id = po.product_id WHERE p.name = 'Nata' AND d.status = 'validated') AS consumed_ht`.execute(
      t.db,
    );
    const flat = text.replace(/\s+/g, " ");
    expect(flat).toContain(`Commandé : ${formatDays(n.ordered)} j, `.replace(/\s+/g, " "));
    expect(flat).toContain(`Fait : ${formatDays(n.consumed)} j (`.replace(/\s+/g, " "));
    expect(flat).toContain(`${formatEuros(dec(n.ordered_ht).minus(n.consumed_ht))} HT`.replace(/\s+/g, " "));
    expect(text).not.toContain("Mon Entreprise"); // another beneficiary's product
  });

  it("a contractor's follow-up holds only its orders", async () => {
    const b = await sessionUser(t.db, accounts.contractorB);
    const wb = await readWorkbook(await capture((out) => writeFollowUpWorkbook(t.db, exporterOf(b), resolveFilters({}), out)));
    const ws = wb.getWorksheet("Par bon de commande")!;
    const contractors = new Set<string>();
    ws.eachRow((row, r) => {
      if (r > 1 && r < ws.actualRowCount) contractors.add(String(row.getCell(3).value));
    });
    expect([...contractors]).toEqual(["Coopérative Les Faiseurs"]);
  });
});
