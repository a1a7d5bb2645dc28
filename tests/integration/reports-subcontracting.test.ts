// R18 in the consolidated workbook: the "Déclarations" and "Factures" sheets carry the company (name and SIRET), the
// "Sous-traitance" sheet and its CSV (--table sous-traitance) reconciled against an independent SQL recomputation and
// the order page's figures, read back with exceljs and LibreOffice; scoped: another holder sees none of it.
import type ExcelJS from "exceljs";
import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import { orderInvoicing } from "../../app/domain/invoices/queries.server";
import { resolveFilters } from "../../reports/consolidated/filters";
import { consolidatedCsv, exporterOf, writeConsolidatedWorkbook } from "../../reports/consolidated/workbook.server";
import { capture, collect, parseCsv, readWorkbook } from "../../reports/spec/testing";
import { buildHolderDecision, buildInvoice, buildInvoiceMove } from "../../seeds/factories";
import { useTestDatabase } from "../helpers/db";
import { libreOfficeSheets, libreOfficeSkipped } from "../helpers/libreoffice";
import { groupementOrder } from "./subcontracting-fixtures";

const t = await useTestDatabase();
const { contractorA, contractorB, correspondentA: corrA, dinum } = t.actors;

function header(ws: ExcelJS.Worksheet): string[] {
  return (ws.getRow(1).values as unknown[]).slice(1).map(String);
}
/** The data rows of a sheet as objects by column label (the totals row left out). */
function rowsOf(ws: ExcelJS.Worksheet): Record<string, unknown>[] {
  const h = header(ws);
  const out: Record<string, unknown>[] = [];
  for (let r = 2; r <= ws.actualRowCount; r++) {
    const values = (ws.getRow(r).values as unknown[]).slice(1);
    if (values[0] === "Total") continue;
    out.push(Object.fromEntries(h.map((k, i) => [k, values[i] ?? null])));
  }
  return out;
}
const n = (v: unknown) => Number(v).toFixed(2);

describe("R18 in the consolidated workbook", () => {
  it("the Sous-traitance sheet agrees with an SQL recomputation and the order page; declarations and invoices carry the company", async () => {
    const g = await groupementOrder(t.db, contractorA, "2000.00");
    // the subcontractor invoices 1 500 € (approved, paid) then 400 € (awaiting); a refused one counts for nothing
    const paid = await buildInvoice(t.db, g.order.id, { companyId: g.subId, amountHt: "1500.00", receivedOn: "2026-03-02", at: "2026-03-02T09:00:00+01:00" });
    await buildHolderDecision(t.db, paid.id, { decision: "approve" }, { at: "2026-03-03T09:00:00+01:00" });
    await buildInvoiceMove(t.db, paid.id, { move: "in_payment" }, { at: "2026-03-04T09:00:00+01:00" });
    await buildInvoiceMove(t.db, paid.id, { move: "pay", paidOn: "2026-03-20" }, { at: "2026-03-20T09:00:00+01:00" });
    const refused = await buildInvoice(t.db, g.order.id, { companyId: g.subId, amountHt: "100.00", receivedOn: "2026-03-05", at: "2026-03-05T09:00:00+01:00" });
    await buildHolderDecision(t.db, refused.id, { decision: "refuse", reason: "Doublon" }, { at: "2026-03-06T09:00:00+01:00" });
    await buildInvoice(t.db, g.order.id, { companyId: g.subId, amountHt: "400.00", receivedOn: "2026-12-01" });
    await buildInvoice(t.db, g.order.id, { companyId: g.opaleId, amountHt: "1800.00", receivedOn: "2026-03-02" });

    const wb = await readWorkbook(await capture((out) => writeConsolidatedWorkbook(t.db, exporterOf(dinum), resolveFilters({}), out)));
    const mine = rowsOf(wb.getWorksheet("Sous-traitance")!).filter((r) => r["N° de bon de commande"] === g.order.number);
    // an independent recomputation: the subcontractor's days over the line's people's days, its invoices by state
    const {
      rows: [x],
    } = await sql<{ accepted: string; sf: string; invoiced: string; paid: string }>`
      SELECT (SELECT max_ht FROM subcontractor_acceptance WHERE order_id = ${g.order.id} AND company_id = ${g.subId} ORDER BY version DESC LIMIT 1) AS accepted,
        (SELECT sum(round(dl.consumed_amount * sub.days / tot.days, 2)) FROM declaration_line dl JOIN declaration d ON d.id = dl.declaration_id
          CROSS JOIN LATERAL (SELECT sum(dp.days) AS days FROM declaration_person dp WHERE dp.declaration_line_id = dl.id AND dp.company_id = ${g.subId}) sub
          CROSS JOIN LATERAL (SELECT sum(dp.days) AS days FROM declaration_person dp WHERE dp.declaration_line_id = dl.id) tot
          WHERE dl.order_id = ${g.order.id} AND d.status = 'validated') AS sf,
        (SELECT sum(amount_ht) FROM invoice WHERE order_id = ${g.order.id} AND company_id = ${g.subId} AND status <> 'rejected') AS invoiced,
        (SELECT sum(amount_ht) FROM invoice WHERE order_id = ${g.order.id} AND company_id = ${g.subId} AND status = 'paid') AS paid`.execute(t.db);
    expect(x).toEqual({ accepted: "2000.00", sf: "3000.00", invoiced: "1900.00", paid: "1500.00" });
    expect(mine).toHaveLength(1);
    const [row] = mine;
    expect(row).toMatchObject({ "Sous-traitant": expect.stringMatching(/^Freelance \d+ EI$/), SIRET: g.subSiret, Titulaire: "Octopus Numérique SAS" });
    expect(
      [row["Montant accepté HT (DC4)"], row["Service fait validé HT"], row["Facturé HT"], row["Payé HT"], row["Reste sur le montant accepté HT"]].map(n),
    ).toEqual([x.accepted, x.sf, x.invoiced, x.paid, "100.00"]);
    // the order page's "Par entreprise" figures are the sheet's
    const page = (await orderInvoicing(t.db, corrA, g.order.id))!.companies.find((c) => c.kind === "subcontractor")!;
    expect([page.acceptedHt, page.serviceFaitHt, page.invoicedHt, page.paidHt]).toEqual([x.accepted, x.sf, x.invoiced, x.paid]);

    // the declaration line names its three companies and their SIRETs, in the same order
    const decl = rowsOf(wb.getWorksheet("Déclarations")!).find((r) => r["N° de bon de commande"] === g.order.number)!;
    const names = String(decl["Entreprises"]).split(" ; ");
    const sirets = String(decl["SIRET des entreprises"]).split(" ; ");
    expect(names).toHaveLength(3);
    expect(names).toEqual(expect.arrayContaining(["Octopus Numérique SAS", "Studio Opale SAS"]));
    expect(sirets[names.findIndex((s) => s.startsWith("Freelance"))]).toBe(g.subSiret);
    expect(sirets[names.indexOf("Octopus Numérique SAS")]).toBe("91234567500017");
    // each invoice carries its company, a subcontractor's its step before R15
    const invoices = rowsOf(wb.getWorksheet("Factures")!).filter((r) => r["N° de bon de commande"] === g.order.number);
    expect(
      invoices.map((r) => [r["Entreprise qui facture"] === "Studio Opale SAS" ? "Opale" : r["SIRET de l'entreprise"], n(r["HT"]), r["État"]]).sort(),
    ).toEqual(
      [
        [g.subSiret, "1500.00", "Payée"],
        [g.subSiret, "100.00", "Refusée par le titulaire"],
        [g.subSiret, "400.00", "En attente d'acceptation du titulaire"],
        ["Opale", "1800.00", "Déposée"],
      ].sort(),
    );

    // the CSV table, scoped: contractor B (another holder) sees none of A's subcontractors
    const csvRows = (csv: string) => parseCsv(csv).filter((r) => r[2] === g.order.number);
    const dinumCsv = (await collect(consolidatedCsv(t.db, exporterOf(dinum), resolveFilters({}), "sous-traitance"))).toString("utf8");
    expect(parseCsv(dinumCsv)[0]).toEqual([
      "Bénéficiaire",
      "Titulaire",
      "N° de bon de commande",
      "Sous-traitant",
      "SIRET",
      "Montant accepté HT (DC4)",
      "Service fait validé HT",
      "Facturé HT",
      "Payé HT",
      "Reste sur le montant accepté HT",
    ]);
    expect(csvRows(dinumCsv)).toHaveLength(1);
    const other = (await collect(consolidatedCsv(t.db, exporterOf(contractorB), resolveFilters({}), "sous-traitance"))).toString("utf8");
    expect(other).not.toContain(g.subSiret);
    expect(csvRows(other)).toEqual([]);

    // LibreOffice opens the sheet with the same figures
    if (libreOfficeSkipped("La relecture de la feuille Sous-traitance par LibreOffice")) return;
    const lo = libreOfficeSheets(await capture((out) => writeConsolidatedWorkbook(t.db, exporterOf(dinum), resolveFilters({}), out))).csv("Sous-traitance");
    const loRow = lo.find((r) => r[2] === g.order.number)!;
    expect(loRow[4]).toBe(g.subSiret);
    expect(loRow.slice(5).map((v) => n(v.replace(/[\s\u00a0\u202f€]/g, "").replace(",", ".")))).toEqual([x.accepted, x.sf, x.invoiced, x.paid, "100.00"]);
  });
});
