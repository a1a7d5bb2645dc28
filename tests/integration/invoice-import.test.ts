// The Chorus Pro import (issue 17): preview, refusals by row and column, all or nothing, idempotent
// re-import, scoping; on real PostgreSQL, from the file's bytes to the invoices written.
import ExcelJS from "exceljs";
import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { Refusal } from "../../app/lib/refusal";
import { confirmInvoiceImport, previewInvoiceImport, unknownOrder } from "../../app/domain/invoices/import.server";
import { getInvoice } from "../../app/domain/invoices/queries.server";
import { parseChorusFile } from "../../reports/declaration-import/parse";
import { buildInvoice } from "../../seeds/factories";
import { useTestDatabase } from "../helpers/db";
import { invoicedOrder } from "./invoice-fixtures";

const t = await useTestDatabase();
const { contractorA, correspondentA: corrA, correspondentB: corrB, dinum } = t.actors;
const OCTOPUS_SIRET = "91234567500017";

/** An issued order of correspondent A's beneficiary, 1 UO at 12 000 € (600 € a day, VAT 20 %), with a validated February of 10 days (6 000 € HT). */
async function order() {
  const { order: o, ej } = await invoicedOrder(t.db, contractorA.contractorId!, { ejPrefix: "EJ-IMP" });
  return { id: o.id, number: o.number!, ej };
}

const HEADER =
  "Numéro de facture;SIRET fournisseur;Date de dépôt;Statut;Montant HT;Montant TTC;Numéro de bon de commande;Numéro d'engagement (EJ);Date de paiement";
const csv = (...lines: string[]) => Buffer.from(`\ufeff${[HEADER, ...lines].join("\r\n")}\r\n`, "utf8");

async function rowsOf(data: Buffer, name = "export.csv") {
  const parsed = await parseChorusFile(data, name);
  expect(parsed.errors).toEqual([]);
  return parsed.rows;
}

const invoicesOf = async (orderId: number) =>
  (
    await sql<{ number: string; status: string; amount_ttc: string; paid_on: string | null; source: string }>`
    SELECT number, status, amount_ttc, paid_on::text, source FROM invoice WHERE order_id = ${orderId} ORDER BY number`.execute(t.db)
  ).rows;
const auditCount = async () => Number((await sql<{ n: string }>`SELECT count(*) AS n FROM audit_event`.execute(t.db)).rows[0].n);

describe("Chorus Pro import", () => {
  it("previews without writing, then writes every row in one go; the same file again changes nothing", async () => {
    const a = await order();
    const b = await order();
    const file = csv(
      `CP-${a.number}-1;912 345 675 00017;03/03/2026;Mise à disposition;2 000,00;2 400,00;${a.number};${a.ej};`,
      `CP-${b.number}-1;${OCTOPUS_SIRET};2026-03-04;Payée;1 500,5;1 800,60;${b.number};${b.ej};25/03/2026`,
    );
    const rows = await rowsOf(file);
    const before = await auditCount();
    const preview = await previewInvoiceImport(t.db, corrA, rows);
    expect(preview.errors).toEqual([]);
    expect(preview).toMatchObject({ created: 2, moved: 0, unchanged: 0 });
    expect(preview.effects.map((e) => [e.row, e.action, e.from, e.to])).toEqual([
      [2, "create", null, "deposited"],
      [3, "create", null, "paid"],
    ]);
    expect(await invoicesOf(a.id)).toEqual([]);
    expect(await auditCount()).toBe(before);

    expect(await confirmInvoiceImport(t.db, corrA, rows, "export.csv")).toEqual({ ok: true, created: 2, moved: 0, unchanged: 0 });
    expect(await invoicesOf(a.id)).toEqual([
      { number: `CP-${a.number}-1`, status: "deposited", amount_ttc: "2400.00", paid_on: null, source: "chorus_import" },
    ]);
    expect(await invoicesOf(b.id)).toEqual([
      { number: `CP-${b.number}-1`, status: "paid", amount_ttc: "1800.60", paid_on: "2026-03-25", source: "chorus_import" },
    ]);
    // audited: each invoice's history, and the import itself
    const paid = await t.db.selectFrom("invoice").select("id").where("order_id", "=", b.id).executeTakeFirstOrThrow();
    expect((await getInvoice(t.db, corrA, paid.id))!.history.map((h) => h.action)).toEqual(["import", "in_payment", "pay"]);
    const importEvent = await t.db
      .selectFrom("audit_event")
      .select(["after", "beneficiary_id"])
      .where("entity_type", "=", "invoice_import")
      .executeTakeFirstOrThrow();
    expect(importEvent.beneficiary_id).toBe(corrA.beneficiaryId);
    expect(importEvent.after).toMatchObject({ file: "export.csv", created: [`CP-${a.number}-1`, `CP-${b.number}-1`] });

    // idempotent: "Aucun changement", nothing written
    const written = await auditCount();
    const again = await previewInvoiceImport(t.db, corrA, rows);
    expect(again).toMatchObject({ errors: [], created: 0, moved: 0, unchanged: 2 });
    expect(await confirmInvoiceImport(t.db, corrA, rows, "export.csv")).toEqual({ ok: true, created: 0, moved: 0, unchanged: 2 });
    expect(await auditCount()).toBe(written);

    // a later export moves the first one on (deposited → in payment), the second stays
    const later = await rowsOf(
      csv(
        `CP-${a.number}-1;${OCTOPUS_SIRET};03/03/2026;Mandatée;2000;2400;${a.number};${a.ej};`,
        `CP-${b.number}-1;${OCTOPUS_SIRET};04/03/2026;Payée;1500,50;1800,60;${b.number};${b.ej};25/03/2026`,
      ),
    );
    expect(await confirmInvoiceImport(t.db, dinum, later)).toEqual({ ok: true, created: 0, moved: 1, unchanged: 1 });
    expect((await invoicesOf(a.id))[0].status).toBe("in_payment");
  });

  it("refuses by row and column with a French reason, and writes nothing of a file with one bad row", async () => {
    const a = await order();
    const b = await order();
    await buildInvoice(t.db, b.id, { number: `F-${b.number}`, amountHt: "1000.00", receivedOn: "2026-03-03", ejNumber: b.ej });
    await t.db.updateTable("invoice").set({ status: "in_payment", in_payment_on: "2026-03-20" }).where("number", "=", `F-${b.number}`).execute();
    const rows = await rowsOf(
      csv(
        `OK-${a.number};${OCTOPUS_SIRET};03/03/2026;Déposée;100,00;120,00;${a.number};${a.ej};`,
        `X-1;${OCTOPUS_SIRET};03/03/2026;Déposée;100,00;120,00;INCONNU-2026-0001;${a.ej};`,
        `X-2;${OCTOPUS_SIRET};03/03/2026;Déposée;100,00;120,00;${a.number};EJ-FAUX;`,
        `X-3;${OCTOPUS_SIRET};03/03/2026;Déposée;5 900,01;7 080,01;${a.number};${a.ej};`,
        `X-4;${OCTOPUS_SIRET};03/03/2026;Déposée;100,00;121,00;${a.number};${a.ej};`,
        `X-5;${OCTOPUS_SIRET};03/03/2026;Perdue;100,00;120,00;${a.number};${a.ej};`,
        `X-6;${OCTOPUS_SIRET};31/02/2026;Déposée;100,00;120,00;${a.number};${a.ej};`,
        `X-7;${OCTOPUS_SIRET};03/03/2026;Payée;100,00;120,00;${a.number};${a.ej};`,
        `F-${b.number};${OCTOPUS_SIRET};03/03/2026;Déposée;1000,00;1200,00;${b.number};${b.ej};`,
        `X-9;88765432500026;03/03/2026;Déposée;100,00;120,00;${a.number};${a.ej};`,
        `X-10;${OCTOPUS_SIRET};03/03/2026;Déposée;1,2,3;120,00;${a.number};${a.ej};`,
      ),
    );
    const preview = await previewInvoiceImport(t.db, corrA, rows);
    const byRow = Object.fromEntries(preview.errors.map((e) => [e.row, [e.column, e.message]]));
    expect(byRow[3]).toEqual(["Numéro de bon de commande", unknownOrder("INCONNU-2026-0001")]);
    expect(byRow[4][0]).toBe("Numéro d'engagement (EJ)");
    expect(byRow[4][1]).toContain(`n'est pas celui du bon de commande (${a.ej})`);
    // 6 000 € validated, 100 € taken by row 2 of the same file: 5 900 € left
    expect(byRow[5]).toEqual([
      "Montant HT",
      "Le montant HT (5\u202f900,01\u00a0€) dépasse le service fait validé non encore facturé de ce bon de commande : il reste 5\u202f900,00\u00a0€ HT à facturer.",
    ]);
    expect(byRow[6][0]).toBe("Montant TTC");
    expect(byRow[6][1]).toContain("ne correspond pas au HT et au taux de TVA du bon de commande (20 %) : 120,00\u00a0€ attendus");
    expect(byRow[7][0]).toBe("Statut");
    expect(byRow[7][1]).toMatch(/^Statut « Perdue » inconnu : les statuts acceptés sont « Déposée »/);
    expect(byRow[8]).toEqual(["Date de dépôt", "Date « 31/02/2026 » invalide : utilisez le format JJ/MM/AAAA."]);
    expect(byRow[9]).toEqual(["Date de paiement", "Indiquez la date de paiement d'une facture payée (colonne « Date de paiement »)."]);
    expect(byRow[10][0]).toBe("Statut");
    expect(byRow[10][1]).toContain("est « mise en paiement » ici : le statut « Déposée » du fichier ne peut pas la faire revenir en arrière");
    expect(byRow[11][0]).toBe("SIRET fournisseur");
    expect(byRow[12][0]).toBe("Montant HT");
    expect(preview.errors).toHaveLength(10);
    expect(preview.effects.map((e) => e.row)).toEqual([2]);

    const before = await auditCount();
    const done = await confirmInvoiceImport(t.db, corrA, rows);
    expect(done.ok).toBe(false);
    expect(await invoicesOf(a.id)).toEqual([]);
    expect(await auditCount()).toBe(before);
  });

  it("a correspondent imports only its beneficiary's invoices: another's order reads as unknown; a contractor may not import", async () => {
    const a = await order();
    const rows = await rowsOf(csv(`S-1;${OCTOPUS_SIRET};03/03/2026;Déposée;100,00;120,00;${a.number};${a.ej};`));
    const preview = await previewInvoiceImport(t.db, corrB, rows);
    expect(preview.errors).toEqual([{ row: 2, column: "Numéro de bon de commande", message: unknownOrder(a.number) }]);
    expect((await confirmInvoiceImport(t.db, corrB, rows)).ok).toBe(false);
    expect(await invoicesOf(a.id)).toEqual([]);
    const refused = await previewInvoiceImport(t.db, contractorA, rows).catch((e) => e);
    expect(refused).toBeInstanceOf(Refusal);
    expect(refused.status).toBe(403);
    expect((await confirmInvoiceImport(t.db, dinum, rows)).ok).toBe(true);
  });

  it("reads an .xlsx with date and number cells, a comma-separated CSV, and the example file of seeds/", async () => {
    const a = await order();
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet("Factures");
    ws.addRow(["N° facture", "SIRET", "Date de dépôt", "Statut courant", "Montant HT", "Montant TTC", "N° bon de commande", "EJ", "Date de paiement", "Motif"]);
    ws.addRow([`XL-${a.number}`, OCTOPUS_SIRET, new Date(Date.UTC(2026, 2, 3)), "SUSPENDUE", 1234.56, 1481.47, a.number, a.ej, null, "Relevé manquant"]);
    ws.getCell("C2").numFmt = "dd/mm/yyyy";
    const rows = await rowsOf(Buffer.from(await wb.xlsx.writeBuffer()), "export.xlsx");
    expect(rows[0].cells).toMatchObject({ receivedOn: "2026-03-03", amountHt: "1234.56", state: "SUSPENDUE", reason: "Relevé manquant" });
    expect(await confirmInvoiceImport(t.db, corrA, rows)).toMatchObject({ ok: true, created: 1 });
    const inv = await t.db.selectFrom("invoice").select(["status", "suspension_reason"]).where("number", "=", `XL-${a.number}`).executeTakeFirstOrThrow();
    expect(inv).toEqual({ status: "suspended", suspension_reason: "Relevé manquant" });

    const comma = await rowsOf(
      Buffer.from(
        `Numéro de facture,SIRET fournisseur,Date de dépôt,Statut,Montant HT,Montant TTC,Numéro de bon de commande,Numéro d'engagement (EJ)\n` +
          `XL-${a.number},${OCTOPUS_SIRET},03/03/2026,Complétée,1234.56,1481.47,${a.number},${a.ej}\n`,
      ),
    );
    // completed in Chorus Pro: the missing items arrived, the clock starts again
    expect(await confirmInvoiceImport(t.db, corrA, comma)).toEqual({ ok: true, created: 0, moved: 1, unchanged: 0 });

    const example = await parseChorusFile(readFileSync(new URL("../../seeds/chorus-pro-exemple.csv", import.meta.url)), "chorus-pro-exemple.csv");
    expect(example.errors).toEqual([]);
    // on the demo: one paid already, the suspended one completed, one put in payment, one new
    const demo = await previewInvoiceImport(t.db, dinum, example.rows);
    expect(demo).toMatchObject({ errors: [], created: 1, moved: 2, unchanged: 1 });
  });
});
