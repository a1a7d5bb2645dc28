// R15 use cases: the contractor records an invoice on its order; the buyer's side (the order's
// correspondents, DINUM) moves it through its states; DINUM keeps the ECB rates (R16). One use case = one
// transaction, with its audit event ("invoice" events are the invoice's history).
import { sql } from "kysely";
import type { Db, Tx } from "../../../db/client";
import { appNow } from "../../../db/clock";
import type { InvoiceStatus } from "../../../db/schema";
import { requireGrant } from "../../auth/grants";
import { invoiceScope, orderScope } from "../../auth/scope.server";
import type { SessionUser } from "../../auth/user";
import { dec, toCents } from "../../lib/decimal";
import { formatDate, formatEuros } from "../../lib/format";
import { NOT_ALLOWED, Refusal } from "../../lib/refusal";
import { addDays } from "../../lib/dates";
import { recordAudit } from "../audit/audit.server";
import { companyKindLabels } from "../companies/labels";
import { invoicingCompanies } from "./by-company.server";
import type { RecordInvoiceInput } from "./schemas";
import { HOLDER_APPROVAL_DAYS, holderApproval, invoiceStatusLabels, isContractorOf, isHolderOf, mayMove, nextStatus, type InvoiceMove } from "./states";

type Actor = Pick<SessionUser, "id" | "name" | "role" | "beneficiaryId" | "contractorId">;

export const INVOICE_NOT_FOUND = "Cette facture n'existe pas ou vous n'y avez pas accès.";
const ORDER_NOT_FOUND = "Ce bon de commande n'existe pas ou vous n'y avez pas accès.";

/** Chorus Pro's reason when an invoice does not quote the order's EJ (it rejects it at deposit). */
export function ejRefusal(quoted: string, orderEj: string | null): string {
  if (!orderEj) {
    return "Facture refusée : le bon de commande n'a pas encore de numéro d'engagement juridique (EJ), et Chorus Pro rejette une facture qui ne cite pas d'EJ valide. Demandez l'EJ au correspondant du bénéficiaire.";
  }
  return quoted
    ? `Facture refusée : le numéro d'engagement juridique cité (${quoted}) n'est pas celui du bon de commande (${orderEj}). Chorus Pro rejette une facture dont l'EJ est inconnu ou ne correspond pas à la commande.`
    : `Facture refusée : la facture ne cite pas de numéro d'engagement juridique. Chorus Pro rejette une facture sans EJ : indiquez celui du bon de commande (${orderEj}).`;
}

/** The day of the transaction's clock in Paris (the seeds and tests set it; app_now() is now() otherwise). */
export async function todayOf(trx: Tx): Promise<string> {
  const r = await sql<{ today: string }>`SELECT (app_now() AT TIME ZONE 'Europe/Paris')::date::text AS today`.execute(trx);
  return r.rows[0].today;
}

const normaliseEj = (v: string | null | undefined) => (v ?? "").replace(/\s/g, "").toUpperCase();

/**
 * The order row, locked FOR NO KEY UPDATE (as a validation takes it): every invoice entry of an order
 * queues here, so the cap below reads a stable "validated and not yet invoiced".
 */
export async function lockScopedOrder(trx: Tx, user: Actor, orderId: number) {
  const order = await trx
    .selectFrom("purchase_order as po")
    .select(["po.id", "po.number", "po.status", "po.ej_number", "po.vat_rate", "po.issued_on", "po.beneficiary_id", "po.contractor_id"])
    .where("po.id", "=", orderId)
    .where(orderScope(user))
    .forNoKeyUpdate()
    .executeTakeFirst();
  if (!order) throw new Refusal(ORDER_NOT_FOUND, { status: 404 });
  return order;
}

/** Validated service fait of an order (HT) and what its invoices not rejected already claim. */
export async function invoicingRoom(trx: Tx | Db, orderId: number) {
  const r = await sql<{ validated_ht: string; invoiced_ht: string }>`
    SELECT (SELECT coalesce(sum(consumed_ht), 0) FROM order_line WHERE order_id = ${orderId}) AS validated_ht,
           (SELECT coalesce(sum(amount_ht), 0) FROM invoice WHERE order_id = ${orderId} AND status <> 'rejected') AS invoiced_ht`.execute(trx);
  const { validated_ht, invoiced_ht } = r.rows[0];
  return { validatedHt: validated_ht, invoicedHt: invoiced_ht, leftHt: toCents(dec(validated_ht).minus(invoiced_ht)) };
}

export type InvoiceSource = "form" | "chorus_import";

/**
 * Inside a transaction: checks and writes a new invoice on a locked order. Shared by the form and the import.
 * `initial` lets the import create an invoice in the state Chorus Pro gives it.
 */
export async function writeInvoice(
  trx: Tx,
  user: Actor,
  order: Awaited<ReturnType<typeof lockScopedOrder>>,
  input: RecordInvoiceInput,
  source: InvoiceSource,
): Promise<{ id: number; amountVat: string; amountTtc: string }> {
  if (order.status !== "issued" && order.status !== "closed") {
    throw new Refusal("On ne facture que sur un bon de commande émis ou soldé.", { field: "orderId" });
  }
  if (!order.ej_number || normaliseEj(input.ejNumber) !== normaliseEj(order.ej_number)) {
    throw new Refusal(ejRefusal(input.ejNumber.trim(), order.ej_number), { field: "ejNumber" });
  }
  const today = await todayOf(trx);
  if (input.receivedOn > today) throw new Refusal("La date de dépôt ne peut pas être dans le futur.", { field: "receivedOn" });
  if (order.issued_on && input.receivedOn < order.issued_on) {
    throw new Refusal(`La date de dépôt précède l'émission du bon de commande (${formatDate(order.issued_on)}).`, { field: "receivedOn" });
  }
  const ids = [...new Set(input.declarationIds)];
  const declarations = ids.length
    ? await trx
        .selectFrom("declaration")
        .select(["id", "status", sql<string>`(validated_at AT TIME ZONE 'Europe/Paris')::date::text`.as("validated_on")])
        .where("order_id", "=", order.id)
        .where("id", "in", ids)
        .execute()
    : [];
  if (!ids.length) throw new Refusal("Cochez la ou les déclarations validées (service fait) que la facture couvre.", { field: "declarationIds" });
  if (declarations.length !== ids.length || declarations.some((d) => d.status !== "validated")) {
    throw new Refusal("Une facture ne couvre que des déclarations validées (service fait) de ce bon de commande.", { field: "declarationIds" });
  }
  const serviceFaitOn = declarations.map((d) => d.validated_on).sort()[declarations.length - 1];

  // R18: the issuing company: the holder's lead by default, a co-contractor, or a subcontractor accepted on the order
  const companies = await invoicingCompanies(trx, order.id);
  const company = input.companyId == null ? companies.find((c) => c.kind === "lead") : companies.find((c) => c.id === input.companyId);
  if (!company) {
    throw new Refusal(
      "Cette entreprise n'est ni le mandataire, ni un cotraitant du titulaire, ni un sous-traitant accepté sur ce bon de commande : elle ne peut pas y facturer.",
      { field: "companyId" },
    );
  }

  const duplicate = await trx.selectFrom("invoice").select("id").where("company_id", "=", company.id).where("number", "=", input.number).executeTakeFirst();
  if (duplicate) {
    throw new Refusal(`La facture n° ${input.number} est déjà enregistrée pour ${company.name}.`, {
      status: 409,
      field: "number",
      link: { href: `/factures/${duplicate.id}`, label: "Voir la facture" },
    });
  }

  // R15: HT never above the validated service fait not yet invoiced (the order row is locked)
  const room = await invoicingRoom(trx, order.id);
  if (dec(input.amountHt).greaterThan(room.leftHt)) {
    throw new Refusal(
      `Le montant HT (${formatEuros(input.amountHt)}) dépasse le service fait validé non encore facturé de ce bon de commande : il reste ${formatEuros(room.leftHt)} HT à facturer.`,
      { field: "amountHt" },
    );
  }
  // R18: a company invoices its own share (its service fait on the order not yet invoiced), and a subcontractor never
  // beyond its accepted amount (DC4); read under the same lock
  if (company.acceptedHt != null) {
    const acceptedLeft = company.acceptedLeftHt!;
    if (dec(input.amountHt).greaterThan(acceptedLeft)) {
      throw new Refusal(
        `Le montant HT (${formatEuros(input.amountHt)}) dépasse le montant accepté du sous-traitant ${company.name} (acte spécial : ${formatEuros(company.acceptedHt)} HT, déjà facturé : ${formatEuros(company.invoicedHt)} HT) : il reste ${formatEuros(acceptedLeft)} HT à facturer.`,
        { field: "amountHt" },
      );
    }
  }
  const shareLeft = toCents(dec(company.serviceFaitHt).minus(company.invoicedHt));
  if (dec(input.amountHt).greaterThan(shareLeft)) {
    throw new Refusal(
      `Le montant HT (${formatEuros(input.amountHt)}) dépasse le service fait validé de ${company.name} (${companyKindLabels[company.kind]}) non encore facturé sur ce bon de commande : il reste ${formatEuros(shareLeft)} HT à facturer pour cette entreprise.`,
      { field: "amountHt" },
    );
  }
  // R18 (R2193-12): a subcontractor's invoice waits for the holder's approval, 15 days at most
  const approvalDueOn = company.kind === "subcontractor" ? addDays(input.receivedOn, HOLDER_APPROVAL_DAYS) : null;
  const amountVat = toCents(dec(input.amountHt).times(order.vat_rate));
  const amountTtc = toCents(dec(input.amountHt).plus(amountVat));
  if (input.amountTtc != null && !dec(input.amountTtc).equals(amountTtc)) {
    throw new Refusal(
      `Le montant TTC (${formatEuros(input.amountTtc)}) ne correspond pas au HT et au taux de TVA du bon de commande (${dec(order.vat_rate).times(100).toString().replace(".", ",")} %) : ${formatEuros(amountTtc)} attendus.`,
      { field: "amountTtc" },
    );
  }
  const row = await trx
    .insertInto("invoice")
    .values({
      order_id: order.id,
      contractor_id: order.contractor_id,
      company_id: company.id,
      approval_due_on: approvalDueOn,
      number: input.number,
      ej_number: order.ej_number,
      received_on: input.receivedOn,
      service_fait_on: serviceFaitOn,
      amount_ht: dec(input.amountHt).toFixed(2),
      amount_vat: amountVat,
      amount_ttc: amountTtc,
      source,
      created_by: user.id,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  await trx
    .insertInto("invoice_declaration")
    .values(ids.map((declaration_id) => ({ invoice_id: row.id, declaration_id })))
    .execute();
  await recordAudit(trx, {
    actor: user,
    entityType: "invoice",
    entityId: row.id,
    action: source === "form" ? "record" : "import",
    after: {
      status: "deposited",
      order_id: order.id,
      company: company.name,
      siret: company.siret,
      ...(approvalDueOn ? { approval_due_on: approvalDueOn } : {}),
      number: input.number,
      received_on: input.receivedOn,
      service_fait_on: serviceFaitOn,
      amount_ht: dec(input.amountHt).toFixed(2),
      amount_vat: amountVat,
      amount_ttc: amountTtc,
      declarations: ids,
    },
    beneficiaryId: order.beneficiary_id,
    contractorId: order.contractor_id,
  });
  return { id: row.id, amountVat, amountTtc };
}

/** The contractor records an invoice it deposited in Chorus Pro, on one of its orders. */
export async function recordInvoice(db: Db, user: SessionUser, input: RecordInvoiceInput) {
  requireGrant(user, "invoice:record");
  return db.transaction().execute(async (trx) => {
    const order = await lockScopedOrder(trx, user, input.orderId);
    if (!isContractorOf(user, order)) throw new Refusal("Seul le titulaire du bon de commande enregistre ses factures.", { status: 403 });
    return writeInvoice(trx, user, order, input, "form");
  });
}

// ---------------------------------------------------------------------------------------------------
// States (R15)

export type MoveInput =
  // the day it happened in Chorus Pro (default: today): the buyer records the suspension as it was sent
  | { move: "suspend"; reason: string; on?: string | null }
  | { move: "resume"; on?: string | null }
  | { move: "reject"; reason: string }
  | { move: "in_payment" }
  | { move: "pay"; paidOn: string };

export async function lockInvoice(trx: Tx, user: Actor, id: number) {
  const invoice = await trx
    .selectFrom("invoice as i")
    .innerJoin("purchase_order as po", "po.id", "i.order_id")
    .selectAll("i")
    .select(["po.beneficiary_id", "po.number as order_number"])
    .where("i.id", "=", id)
    .where(invoiceScope(user))
    .forUpdate("i")
    .executeTakeFirst();
  if (!invoice) throw new Refusal(INVOICE_NOT_FOUND, { status: 404 });
  return invoice;
}

/** Applies one move to a locked invoice (the form's and the import's): checks the state, writes, audits. */
export async function applyMove(trx: Tx, user: Actor, invoice: Awaited<ReturnType<typeof lockInvoice>>, input: MoveInput, today: string) {
  const order = { beneficiary_id: invoice.beneficiary_id, contractor_id: invoice.contractor_id };
  if (!mayMove(user, input.move, order)) throw new Refusal(NOT_ALLOWED, { status: 403 });
  const approval = holderApproval(approvalColumns(invoice), today);
  if (approval?.state === "awaiting") {
    throw new Refusal(
      `Cette facture de sous-traitant attend l'acceptation du titulaire, qui a jusqu'au ${formatDate(approval.dueOn)} pour l'accepter ou la refuser (son silence vaut acceptation, R2193-12) : elle ne peut pas encore être traitée.`,
      { status: 409 },
    );
  }
  const to = nextStatus(input.move, { status: invoice.status, suspendedOn: invoice.suspended_on });
  if (!to) throw new Refusal(moveRefusal(input.move, invoice.status, invoice.suspended_on), { status: 409 });
  const set: Record<string, string | null> & { status: InvoiceStatus } = { status: to };
  switch (input.move) {
    case "suspend": {
      const on = input.on || today;
      if (on > today) throw new Refusal("La date de la suspension ne peut pas être dans le futur.", { field: "on" });
      if (on < invoice.received_on)
        throw new Refusal(`La suspension ne peut pas précéder le dépôt de la facture (${formatDate(invoice.received_on)}).`, { field: "on" });
      set.suspended_on = on;
      set.suspension_reason = input.reason.trim();
      break;
    }
    case "resume": {
      const on = input.on || today;
      if (on > today) throw new Refusal("La date de réception des pièces ne peut pas être dans le futur.", { field: "on" });
      if (invoice.suspended_on && on < invoice.suspended_on) {
        throw new Refusal(`Les pièces ne peuvent pas arriver avant la suspension (${formatDate(invoice.suspended_on)}).`, { field: "on" });
      }
      set.resumed_on = on;
      break;
    }
    case "reject":
      set.rejection_reason = input.reason.trim();
      break;
    case "in_payment":
      set.in_payment_on = today;
      break;
    case "pay":
      if (input.paidOn > today) throw new Refusal("La date du paiement ne peut pas être dans le futur.", { field: "paidOn" });
      if (input.paidOn < invoice.received_on) {
        throw new Refusal(`La date du paiement précède le dépôt de la facture (${formatDate(invoice.received_on)}).`, { field: "paidOn" });
      }
      set.paid_on = input.paidOn;
      break;
  }
  await trx
    .updateTable("invoice")
    .set({ ...set, updated_at: appNow })
    .where("id", "=", invoice.id)
    .execute();
  const { status: _s, ...dates } = set;
  await recordAudit(trx, {
    actor: user,
    entityType: "invoice",
    entityId: invoice.id,
    action: input.move,
    before: { status: invoice.status },
    after: { status: to, ...dates },
    beneficiaryId: invoice.beneficiary_id,
    contractorId: invoice.contractor_id,
  });
  return { id: invoice.id, status: to };
}

function moveRefusal(move: InvoiceMove, status: InvoiceStatus, suspendedOn: string | null): string {
  if (move === "suspend" && suspendedOn) return "Cette facture a déjà été suspendue une fois : une facture ne se suspend qu'une fois (R2192-27).";
  return `Cette facture est « ${invoiceStatusLabels[status].toLowerCase()} » : cette action n'est plus possible. Rechargez la page.`;
}

/** A move of the invoice's state by the buyer's side (or, for "resume", its contractor). */
export async function moveInvoice(db: Db, user: SessionUser, id: number, input: MoveInput) {
  requireGrant(user, "invoice:read");
  return db.transaction().execute(async (trx) => {
    const invoice = await lockInvoice(trx, user, id);
    return applyMove(trx, user, invoice, input, await todayOf(trx));
  });
}

// ---------------------------------------------------------------------------------------------------
// The holder's approval of a subcontractor's invoice (R18, R2193-12)

const approvalColumns = (i: { approval_due_on: string | null; holder_decision: "approved" | "refused" | null; holder_decided_on: string | null }) => ({
  approvalDueOn: i.approval_due_on,
  holderDecision: i.holder_decision,
  holderDecidedOn: i.holder_decided_on,
});

export type HolderDecisionInput = { decision: "approve" } | { decision: "refuse"; reason: string };

/**
 * The holder approves or refuses its subcontractor's invoice, within its 15 days from the receipt (after them its
 * silence has approved it). A refusal rejects the invoice with the holder's reason; an approval starts its R16 clock.
 */
export async function decideAsHolder(db: Db, user: SessionUser, id: number, input: HolderDecisionInput) {
  requireGrant(user, "invoice:approve");
  return db.transaction().execute(async (trx) => {
    const invoice = await lockInvoice(trx, user, id);
    if (!isHolderOf(user, invoice)) throw new Refusal(NOT_ALLOWED, { status: 403 });
    const today = await todayOf(trx);
    const approval = holderApproval(approvalColumns(invoice), today);
    if (!approval) throw new Refusal("Cette facture n'est pas celle d'un sous-traitant : elle ne demande pas l'acceptation du titulaire.", { status: 409 });
    if (approval.state === "approved" && approval.tacit) {
      throw new Refusal(
        `Le délai de 15 jours du titulaire a pris fin le ${formatDate(approval.on)} : son silence vaut acceptation de la facture (R2193-12), qui ne peut plus être refusée.`,
        { status: 409 },
      );
    }
    if (approval.state !== "awaiting") {
      throw new Refusal(`Cette facture a déjà été ${approval.state === "approved" ? "acceptée" : "refusée"} par le titulaire le ${formatDate(approval.on)}.`, {
        status: 409,
      });
    }
    const refused = input.decision === "refuse";
    const set = refused
      ? { status: "rejected" as const, rejection_reason: `Refusée par le titulaire : ${input.reason.trim()}`, holder_decision: "refused" as const }
      : { holder_decision: "approved" as const };
    await trx
      .updateTable("invoice")
      .set({ ...set, holder_decided_on: today, holder_decided_by: user.id, updated_at: appNow })
      .where("id", "=", invoice.id)
      .execute();
    await recordAudit(trx, {
      actor: user,
      entityType: "invoice",
      entityId: invoice.id,
      action: refused ? "holder_refuse" : "holder_approve",
      before: { status: invoice.status },
      after: refused ? { status: "rejected", holder_decided_on: today, reason: input.reason.trim() } : { status: invoice.status, holder_decided_on: today },
      beneficiaryId: invoice.beneficiary_id,
      contractorId: invoice.contractor_id,
    });
    return { id: invoice.id, decision: refused ? ("refused" as const) : ("approved" as const) };
  });
}

// ---------------------------------------------------------------------------------------------------
// ECB rates (R16, reference data kept by DINUM)

export async function setEcbRate(db: Db, user: SessionUser, input: { halfYear: string; rate: string; source: string }) {
  requireGrant(user, "ecb-rate:write");
  return db.transaction().execute(async (trx) => {
    const before = await trx.selectFrom("ecb_rate").select(["rate", "source"]).where("half_year_start", "=", input.halfYear).forUpdate().executeTakeFirst();
    await trx
      .insertInto("ecb_rate")
      .values({ half_year_start: input.halfYear, rate: input.rate, source: input.source, updated_by: user.id })
      .onConflict((oc) => oc.column("half_year_start").doUpdateSet({ rate: input.rate, source: input.source, updated_by: user.id, updated_at: appNow }))
      .execute();
    await recordAudit(trx, {
      actor: user,
      entityType: "ecb_rate",
      entityId: input.halfYear,
      action: before ? "update" : "create",
      before: before ?? undefined,
      after: { rate: input.rate, source: input.source },
    });
  });
}
