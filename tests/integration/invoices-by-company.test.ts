// R18 invoices by company, on real PostgreSQL through the use cases: a groupement and a subcontractor invoicing their
// own shares on one order, the subcontractor within its accepted amount (under 20 concurrent entries), the holder's
// approval (explicit, refused, and silence after 15 days, R2193-12) and the payment clock starting there, the Chorus
// Pro import by supplier SIRET.
import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import { holderCompanies } from "../../app/domain/companies/services.server";
import { invoicingCompanies } from "../../app/domain/invoices/by-company.server";
import { confirmInvoiceImport, previewInvoiceImport } from "../../app/domain/invoices/import.server";
import { contractorInvoiceSummary, getInvoice, listInvoices } from "../../app/domain/invoices/queries.server";
import { decideAsHolder, recordInvoice } from "../../app/domain/invoices/services.server";
import { invoicesDue } from "../../app/domain/notifications/schedules.server";
import { acceptSubcontractor } from "../../app/domain/subcontracting/services.server";
import { formatEuros } from "../../app/lib/format";
import { Refusal } from "../../app/lib/refusal";
import { parseChorusFile } from "../../reports/declaration-import/parse";
import { buildHolderDecision, buildInvoice, buildInvoiceMove, fictionalSiret } from "../../seeds/factories";
import { refusal, useTestDatabase } from "../helpers/db";
import { groupementOrder as orderOf } from "./subcontracting-fixtures";

const t = await useTestDatabase();
const { contractorA, contractorB, correspondentA: corrA, dinum } = t.actors;
const groupementOrder = (acceptedHt?: string) => orderOf(t.db, contractorA, acceptedHt);

const companyFigures = async (orderId: number) =>
  Object.fromEntries((await invoicingCompanies(t.db, orderId)).map((c) => [c.kind, { sf: c.serviceFaitHt, invoiced: c.invoicedHt, left: c.leftHt }]));

describe("R18 invoices by company", () => {
  it("each company invoices its own share of the service fait, never beyond; a subcontractor never beyond its accepted amount", async () => {
    const g = await groupementOrder();
    expect(await companyFigures(g.order.id)).toEqual({
      lead: { sf: "1200.00", invoiced: "0.00", left: "1200.00" },
      co_contractor: { sf: "1800.00", invoiced: "0.00", left: "1800.00" },
      subcontractor: { sf: "3000.00", invoiced: "0.00", left: "2000.00" },
    });
    // the lead by default: beyond its 1 200 € it is refused, whatever the order has left
    const lead = await refusal(buildInvoice(t.db, g.order.id, { amountHt: "1500.00", receivedOn: "2026-03-02" }));
    expect(lead.fieldErrors.amountHt?.[0]).toBe(
      `Le montant HT (${formatEuros("1500")}) dépasse le service fait validé de Octopus Numérique SAS (mandataire) non encore facturé sur ce bon de commande : il reste ${formatEuros("1200")} HT à facturer pour cette entreprise.`,
    );
    await buildInvoice(t.db, g.order.id, { companyId: g.opaleId, amountHt: "1800.00", receivedOn: "2026-03-02" });
    expect((await refusal(buildInvoice(t.db, g.order.id, { companyId: g.opaleId, amountHt: "0.01", receivedOn: "2026-03-02" }))).message).toContain(
      `il reste ${formatEuros("0")} HT à facturer pour cette entreprise`,
    );
    // the subcontractor did 3 000 € of work but is accepted for 2 000 €
    const over = await refusal(buildInvoice(t.db, g.order.id, { companyId: g.subId, amountHt: "2500.00", receivedOn: "2026-03-02" }));
    expect(over.message).toContain(`acte spécial : ${formatEuros("2000")} HT, déjà facturé : ${formatEuros("0")} HT) : il reste ${formatEuros("2000")} HT`);
    const { id } = await buildInvoice(t.db, g.order.id, { companyId: g.subId, amountHt: "2000.00", receivedOn: "2026-03-02" });
    const row = await t.db.selectFrom("invoice").select(["company_id", "approval_due_on"]).where("id", "=", id).executeTakeFirstOrThrow();
    expect(row).toEqual({ company_id: g.subId, approval_due_on: "2026-03-17" });
    // a company of another holder, or one not accepted on this order, does not invoice here
    const stranger = (await holderCompanies(t.db, contractorB.contractorId!))[0];
    expect(
      (await refusal(buildInvoice(t.db, g.order.id, { companyId: stranger.id, amountHt: "1.00", receivedOn: "2026-03-02" }))).fieldErrors.companyId?.[0],
    ).toContain("ni le mandataire, ni un cotraitant du titulaire, ni un sous-traitant accepté");
    expect(await companyFigures(g.order.id)).toEqual({
      lead: { sf: "1200.00", invoiced: "0.00", left: "1200.00" },
      co_contractor: { sf: "1800.00", invoiced: "1800.00", left: "0.00" },
      subcontractor: { sf: "3000.00", invoiced: "2000.00", left: "0.00" },
    });
  });

  it("20 concurrent entries of 250 € HT for a subcontractor accepted for 2 000 €: exactly 8 accepted, never beyond", async () => {
    const g = await groupementOrder();
    const declarationIds = (await t.db.selectFrom("declaration").select("id").where("order_id", "=", g.order.id).execute()).map((d) => d.id);
    const results = await Promise.allSettled(
      Array.from({ length: 20 }, (_, i) =>
        recordInvoice(t.db, contractorA, {
          orderId: g.order.id,
          companyId: g.subId,
          number: `SUB-CONC-${g.order.id}-${i}`,
          ejNumber: g.ej,
          receivedOn: "2026-03-02",
          amountHt: "250.00",
          declarationIds,
        }),
      ),
    );
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(8);
    for (const r of results.filter((r) => r.status === "rejected")) expect((r as PromiseRejectedResult).reason).toBeInstanceOf(Refusal);
    const total = await sql<{ ht: string }>`SELECT sum(amount_ht) AS ht FROM invoice WHERE order_id = ${g.order.id} AND company_id = ${g.subId}`.execute(t.db);
    expect(total.rows[0].ht).toBe("2000.00");
  });

  it("a new DC4 version below what the subcontractor already invoiced is refused, nothing written; at or above it, accepted", async () => {
    const g = await groupementOrder();
    await buildInvoice(t.db, g.order.id, { companyId: g.subId, amountHt: "1500.00", receivedOn: "2026-03-02" });
    // a rejected invoice claims nothing: it does not count
    const rejected = await buildInvoice(t.db, g.order.id, {
      companyId: g.subId,
      amountHt: "500.00",
      receivedOn: "2026-03-02",
      at: "2026-03-02T09:00:00+01:00",
    });
    await buildHolderDecision(t.db, rejected.id, { decision: "refuse", reason: "Doublon" }, { at: "2026-03-04T09:00:00+01:00" });
    const amend = (maxHt: string) =>
      acceptSubcontractor(t.db, corrA, g.order.id, {
        siret: g.subSiret,
        name: "",
        address: "",
        maxHt,
        services: "Développement",
        acceptedOn: "2026-01-10",
        reason: "Avenant à l'acte spécial",
      });
    const versions = () =>
      t.db.selectFrom("subcontractor_acceptance").select(["version", "max_ht"]).where("order_id", "=", g.order.id).orderBy("version").execute();
    const events = () => sql<{ n: string }>`SELECT count(*) AS n FROM audit_event WHERE entity_type = 'subcontractor_acceptance'`.execute(t.db);
    const eventsBefore = (await events()).rows[0].n;
    const lower = await refusal(amend("1499.99"));
    expect(lower.status).toBe(409);
    expect(lower.fieldErrors.maxHt?.[0]).toBe(
      `Le montant accepté (${formatEuros("1499.99")} HT) serait inférieur à ce que ${(await getInvoice(t.db, corrA, rejected.id))!.invoice.companyName} a déjà facturé sur ce bon de commande (${formatEuros("1500")} HT, factures non rejetées) : un sous-traitant n'est jamais payé au-delà de son montant accepté. Acceptez au moins ${formatEuros("1500")} HT, ou faites d'abord rejeter la facture en trop.`,
    );
    expect(await versions()).toEqual([{ version: 1, max_ht: "2000.00" }]);
    expect((await events()).rows[0].n).toBe(eventsBefore);
    expect((await amend("1500.00")).version).toBe(2);
    expect((await companyFigures(g.order.id)).subcontractor).toEqual({ sf: "3000.00", invoiced: "1500.00", left: "0.00" });
  });

  it("lowering the acceptance while invoices are entered (order row locked by both): never less accepted than invoiced", async () => {
    const g = await groupementOrder();
    const declarationIds = (await t.db.selectFrom("declaration").select("id").where("order_id", "=", g.order.id).execute()).map((d) => d.id);
    const pool = t.pool(10);
    const invoice = (i: number) =>
      recordInvoice(pool, contractorA, {
        orderId: g.order.id,
        companyId: g.subId,
        number: `SUB-LOW-${g.order.id}-${i}`,
        ejNumber: g.ej,
        receivedOn: "2026-03-02",
        amountHt: "250.00",
        declarationIds,
      });
    const lowering = () =>
      acceptSubcontractor(pool, corrA, g.order.id, {
        siret: g.subSiret,
        name: "",
        address: "",
        maxHt: "1000.00",
        services: "Développement",
        acceptedOn: "2026-01-10",
        reason: "Moins de prestations",
      });
    const results = await Promise.allSettled<Promise<unknown>[]>([...[0, 1, 2, 3, 4, 5].map(invoice), lowering(), ...[6, 7].map(invoice)]);
    for (const r of results.filter((r) => r.status === "rejected")) expect((r as PromiseRejectedResult).reason).toBeInstanceOf(Refusal);
    const [invoiced, accepted] = await Promise.all([
      sql<{ ht: string }>`SELECT coalesce(sum(amount_ht), 0) AS ht FROM invoice WHERE order_id = ${g.order.id} AND company_id = ${g.subId}`.execute(t.db),
      sql<{ ht: string }>`SELECT max_ht AS ht FROM subcontractor_acceptance WHERE order_id = ${g.order.id} ORDER BY version DESC LIMIT 1`.execute(t.db),
    ]);
    // never less accepted than invoiced: either the lowering came first (4 invoices fit in 1 000 €) or it was refused (8 fit in 2 000 €)
    expect([
      ["1000.00", "1000.00"],
      ["2000.00", "2000.00"],
    ]).toContainEqual([invoiced.rows[0].ht, accepted.rows[0].ht]);
  });

  it("waits for the holder's approval: the buyer cannot process it before; approved, its 30 days run from the approval", async () => {
    const g = await groupementOrder();
    const { id } = await buildInvoice(t.db, g.order.id, { companyId: g.subId, amountHt: "1000.00", receivedOn: "2026-03-02", at: "2026-03-02T09:00:00+01:00" });
    const before = (await getInvoice(t.db, corrA, id, "2026-03-05"))!.invoice;
    expect(before.holderApproval).toEqual({ state: "awaiting", dueOn: "2026-03-17" });
    expect(before.clock.dueOn).toBeNull();
    expect(before.companyName).toMatch(/^Freelance \d+ EI$/);
    const early = await refusal(buildInvoiceMove(t.db, id, { move: "in_payment" }, { at: "2026-03-05T10:00:00+01:00" }));
    expect(early.message).toContain("attend l'acceptation du titulaire, qui a jusqu'au 17/03/2026");
    // the buyer's side and another holder may not answer for the holder
    expect((await refusal(decideAsHolder(t.db, corrA, id, { decision: "approve" }))).status).toBe(403);
    expect((await refusal(decideAsHolder(t.db, contractorB, id, { decision: "approve" }))).status).toBe(404);
    // the holder sees it awaiting on its home and in the /factures filter
    expect((await contractorInvoiceSummary(t.db, contractorA, "2026-03-05")).awaitingApproval.count).toBeGreaterThanOrEqual(1);
    expect((await listInvoices(t.db, contractorA, { awaitingHolder: true, orderId: g.order.id }, "2026-03-05")).rows.map((r) => r.id)).toEqual([id]);
    await buildHolderDecision(t.db, id, { decision: "approve" }, { at: "2026-03-09T10:00:00+01:00" });
    const after = (await getInvoice(t.db, corrA, id, "2026-03-10"))!.invoice;
    expect(after.holderApproval).toEqual({ state: "approved", on: "2026-03-09", tacit: false });
    expect(after.clock).toMatchObject({ startOn: "2026-03-09", dueOn: "2026-04-08" });
    expect((await listInvoices(t.db, contractorA, { awaitingHolder: true, orderId: g.order.id }, "2026-03-10")).rows).toEqual([]);
    // a second answer is refused; the buyer now processes it
    expect((await refusal(buildHolderDecision(t.db, id, { decision: "refuse", reason: "Non" }, { at: "2026-03-10T10:00:00+01:00" }))).message).toBe(
      "Cette facture a déjà été acceptée par le titulaire le 09/03/2026.",
    );
    await buildInvoiceMove(t.db, id, { move: "in_payment" }, { at: "2026-03-10T10:00:00+01:00" });
    const audit = await sql<{ action: string }>`SELECT action FROM audit_event WHERE entity_type = 'invoice' AND entity_id = ${String(id)} ORDER BY id`.execute(
      t.db,
    );
    expect(audit.rows.map((r) => r.action)).toEqual(["record", "holder_approve", "in_payment"]);
  });

  it("R16's reminder reads the same clock: a subcontractor's invoice is announced from the holder's approval, not from its receipt", async () => {
    const g = await groupementOrder();
    const { id } = await buildInvoice(t.db, g.order.id, { companyId: g.subId, amountHt: "1000.00", receivedOn: "2026-03-02", at: "2026-03-02T09:00:00+01:00" });
    await buildHolderDecision(t.db, id, { decision: "approve" }, { at: "2026-03-09T10:00:00+01:00" });
    const told = async () =>
      (await t.db.selectFrom("notification").select("subject").where("event_key", "like", `invoices_due:i${id}:%`).execute()).map((r) => r.subject);
    // received on 2 March, it would be due on 1 April; approved on 9 March, it is due on 8 April: 9 days ahead on 30 March
    await invoicesDue(t.db, "2026-03-30");
    expect(await told()).toEqual([]);
    await invoicesDue(t.db, "2026-04-01");
    expect(await told()).toEqual([expect.stringMatching(/^Facture .+ à payer avant le 08\/04\/2026$/)]);
  });

  it("15 days of silence are approval (R2193-12): awaiting on the 15th day, approved as of it on the 16th, its clock running from then", async () => {
    const g = await groupementOrder();
    const { id } = await buildInvoice(t.db, g.order.id, { companyId: g.subId, amountHt: "1000.00", receivedOn: "2026-03-02", at: "2026-03-02T09:00:00+01:00" });
    expect((await getInvoice(t.db, dinum, id, "2026-03-17"))!.invoice.holderApproval).toEqual({ state: "awaiting", dueOn: "2026-03-17" });
    const late = (await getInvoice(t.db, dinum, id, "2026-03-18"))!.invoice;
    expect(late.holderApproval).toEqual({ state: "approved", on: "2026-03-17", tacit: true });
    expect(late.clock).toMatchObject({ startOn: "2026-03-17", dueOn: "2026-04-16" });
    // the transaction clock decides: the holder answers no more on the 16th day, the buyer processes it
    const refused = await refusal(buildHolderDecision(t.db, id, { decision: "refuse", reason: "Trop tard" }, { at: "2026-03-18T09:00:00+01:00" }));
    expect(refused.message).toBe(
      "Le délai de 15 jours du titulaire a pris fin le 17/03/2026 : son silence vaut acceptation de la facture (R2193-12), qui ne peut plus être refusée.",
    );
    await buildInvoiceMove(t.db, id, { move: "in_payment" }, { at: "2026-03-18T10:00:00+01:00" });
    // paid 20 April, within its due date of 16 April + ... (4 days late from the approval, 19 from the receipt)
    await buildInvoiceMove(t.db, id, { move: "pay", paidOn: "2026-04-20" }, { at: "2026-04-20T10:00:00+01:00" });
    expect((await getInvoice(t.db, dinum, id, "2026-04-21"))!.invoice.clock.daysLate).toBe(4);
  });

  it("refused by the holder with its reason: rejected, what it claimed is free again", async () => {
    const g = await groupementOrder();
    const { id } = await buildInvoice(t.db, g.order.id, { companyId: g.subId, amountHt: "2000.00", receivedOn: "2026-03-02", at: "2026-03-02T09:00:00+01:00" });
    await buildHolderDecision(t.db, id, { decision: "refuse", reason: "Prestation de février non terminée" }, { at: "2026-03-04T09:00:00+01:00" });
    const i = (await getInvoice(t.db, contractorA, id, "2026-03-05"))!.invoice;
    expect(i).toMatchObject({ status: "rejected", rejectionReason: "Refusée par le titulaire : Prestation de février non terminée" });
    expect(i.holderApproval).toEqual({ state: "refused", on: "2026-03-04" });
    expect((await companyFigures(g.order.id)).subcontractor).toEqual({ sf: "3000.00", invoiced: "0.00", left: "2000.00" });
  });

  it("the Chorus Pro import: the supplier's SIRET gives the company (a subcontractor's invoice awaits the holder), an unknown SIRET is refused", async () => {
    const g = await groupementOrder();
    const header =
      "Numéro de facture;SIRET fournisseur;Date de dépôt;Statut;Montant HT;Montant TTC;Numéro de bon de commande;Numéro d'engagement (EJ);Date de paiement";
    const file = (...lines: string[]) => Buffer.from(`\ufeff${[header, ...lines].join("\r\n")}\r\n`, "utf8");
    const number = g.order.number!;
    const ej = g.ej;
    const unknown = fictionalSiret(990001, "5");
    const bad = await parseChorusFile(file(`CP-X-1;${unknown};03/03/2026;Déposée;100,00;120,00;${number};${ej};`), "export.csv");
    const preview = await previewInvoiceImport(t.db, corrA, bad.rows);
    expect(preview.errors).toEqual([
      {
        row: 2,
        column: "SIRET fournisseur",
        message: `Le SIRET du fournisseur (${unknown}) n'est ni celui d'une entreprise du titulaire du bon de commande ${number} (Octopus Numérique SAS), ni celui d'un sous-traitant accepté sur ce bon de commande.`,
      },
    ]);
    const good = await parseChorusFile(file(`CP-S-1;${g.subSiret};03/03/2026;Déposée;1000,00;1200,00;${number};${ej};`), "export.csv");
    expect(await confirmInvoiceImport(t.db, corrA, good.rows, "export.csv")).toEqual({ ok: true, created: 1, moved: 0, unchanged: 0 });
    const row = await t.db
      .selectFrom("invoice")
      .select(["id", "company_id", "approval_due_on"])
      .where("order_id", "=", g.order.id)
      .where("number", "=", "CP-S-1")
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({ company_id: g.subId, approval_due_on: "2026-03-18" });
  });

  it("the demo: Octopus is a groupement, Camille Durand EI is accepted on its order and her invoice awaits Octopus's approval", async () => {
    const demo = await t.db
      .selectFrom("invoice as i")
      .innerJoin("company as co", "co.id", "i.company_id")
      .select(["i.id", "i.order_id", "co.name"])
      .where("i.number", "=", "CD-2026-001")
      .executeTakeFirstOrThrow();
    expect(demo.name).toBe("Camille Durand EI");
    expect((await getInvoice(t.db, contractorA, demo.id))!.invoice.holderApproval?.state).toBe("awaiting");
    expect((await invoicingCompanies(t.db, demo.order_id)).map((c) => c.kind)).toEqual(["lead", "co_contractor", "subcontractor"]);
    expect(await getInvoice(t.db, contractorB, demo.id)).toBeNull();
  });
});
