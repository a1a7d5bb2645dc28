// R2-R7: the purchase order use cases. One use case = one transaction; the audit event is written in it.
// Every refusal is a Refusal (French message, HTTP status, field) thrown before anything is committed.
import { sql } from "kysely";
import type { Db, Executor, Tx } from "../../../db/client";
import { appNow } from "../../../db/clock";
import type { WorkUnitCode } from "../../../db/schema";
import { can } from "../../auth/grants";
import type { SessionUser } from "../../auth/user";
import { recordAudit } from "../audit/audit.server";
import * as mail from "../notifications/events.server";
import { priceInForce } from "../price-schedules/price-in-force.server";
import { proposeHolder } from "../attribution/services.server";
import { assertOrderable } from "../products/services.server";
import { committedDaysByLine } from "../declarations/committed.server";
import { assertWithinCeilings } from "../ceilings/services.server";
import { assertAcceptancesWithin } from "../subcontracting/services.server";
import { workUnitLabel } from "../work-units/services.server";
import { dec, sum } from "../../lib/decimal";
import { todayInParis } from "../../lib/dates";
import { Refusal } from "../../lib/refusal";
import { oneMonthEnd, orderNumber } from "./rules";
import { formatDate, formatDays, formatQuantity } from "../../lib/format";
import { daysFromQuantity, lineAmountHt, orderTotals } from "./amounts";
import { insertRevision, totalColumns } from "./revisions.server";
export { oneMonthEnd } from "./rules";
import type { AmendmentInput, CommitmentInput, DraftInput } from "./schemas";
import { de } from "../../lib/french";

/** The round-robin turn moved between the draft and its issue: the correspondent confirms with a reason. */
export class AttributionChangedError extends Refusal {
  constructor(
    message: string,
    public readonly proposedContractorId: number,
  ) {
    super(message, { status: 409, field: "attributionReason" });
    this.name = "AttributionChangedError";
  }
}

export const NOT_FOUND_MESSAGE = "Ce bon de commande n'existe pas ou vous n'y avez pas accès.";

function assertCanWrite(user: SessionUser): void {
  if (!can(user, "order:write") || user.beneficiaryId == null) {
    throw new Refusal("Seuls les correspondants du bénéficiaire peuvent créer ou modifier un bon de commande.", { status: 403 });
  }
}

/** The order row, locked, if it belongs to the correspondent's beneficiary (else 404: no leak). */
async function lockOrder(trx: Tx, user: SessionUser, id: number) {
  assertCanWrite(user);
  const order = await trx.selectFrom("purchase_order").selectAll().where("id", "=", id).forUpdate().executeTakeFirst();
  if (!order || order.beneficiary_id !== user.beneficiaryId) throw new Refusal(NOT_FOUND_MESSAGE, { status: 404 });
  return order;
}

/** An order's audit event (R12): its beneficiary's, and its contractor's once the order is issued (contractors never learn about drafts). */
function auditOrder(
  trx: Tx,
  user: SessionUser,
  order: { id: number; beneficiary_id: number; contractor_id: number },
  seenByContractor: boolean,
  event: { action: string; before?: unknown; after?: unknown },
) {
  return recordAudit(trx, {
    actor: user,
    entityType: "purchase_order",
    entityId: order.id,
    ...event,
    beneficiaryId: order.beneficiary_id,
    contractorId: seenByContractor ? order.contractor_id : null,
  });
}

type LineIn = { workUnitCode: WorkUnitCode; quantity: string };

interface RuleInput {
  productId: number;
  lotId: number;
  contractorId: number;
  periodStart: string;
  periodEnd: string;
  lines: LineIn[];
}

/** R2 réversibilité: one UO per product across its orders, over at most one month. */
export async function checkReversibility(trx: Tx, productId: number, periodStart: string, periodEnd: string, lines: LineIn[], excludeOrderId: number | null) {
  const rev = lines.filter((l) => l.workUnitCode === "REVERSIBILITE");
  if (rev.length === 0) return;
  const mine = sum(rev.map((l) => l.quantity));
  if (mine.isZero()) return;
  const limit = oneMonthEnd(periodStart);
  if (periodEnd > limit) {
    throw new Refusal(`Réversibilité : la prestation dure un mois au plus ; la période doit se terminer au plus tard le ${formatDate(limit)}.`, {
      field: "periodEnd",
    });
  }
  // serialises two orders of the same product racing for its only UO
  await trx.selectFrom("product").select("id").where("id", "=", productId).forUpdate().execute();
  const other = await trx
    .selectFrom("order_line as ol")
    .innerJoin("purchase_order as po", "po.id", "ol.order_id")
    .select(sql<string>`coalesce(sum(ol.quantity), 0)`.as("q"))
    .where("po.product_id", "=", productId)
    .where("po.status", "in", ["issued", "closed"])
    .where("ol.work_unit_code", "=", "REVERSIBILITE")
    .$if(excludeOrderId !== null, (qb) => qb.where("po.id", "<>", excludeOrderId!))
    .executeTakeFirstOrThrow();
  if (mine.plus(other.q).greaterThan(1)) {
    const already = dec(other.q);
    throw new Refusal(
      already.isZero()
        ? "Réversibilité : une seule UO par produit peut être commandée."
        : `Réversibilité : une seule UO par produit ; ${formatQuantity(already)} UO est déjà commandée pour ce produit, il reste ${formatQuantity(dec(1).minus(already).clamp(0, 1))} UO.`,
      { field: "lines" },
    );
  }
}

/**
 * Checks everything an order must satisfy on `date` (R2, R3, holder of the lot, period in the contract,
 * approved price for every line) and returns what the order needs, prices included.
 */
export async function checkOrderRules(trx: Tx, user: SessionUser, input: RuleInput, date: string, excludeOrderId: number | null) {
  const product = await trx
    .selectFrom("product as p")
    .innerJoin("beneficiary as b", "b.id", "p.beneficiary_id")
    .select(["p.id", "p.name", "p.kind", "p.beneficiary_id", "p.source", "b.is_dinum"])
    .where("p.id", "=", input.productId)
    .modifyEnd(sql`FOR SHARE OF p`) // a registry import changing the product waits for this order, or this order for it
    .executeTakeFirst();
  if (!product || product.beneficiary_id !== user.beneficiaryId) {
    throw new Refusal("Choisissez un produit de votre bénéficiaire.", { field: "productId" });
  }
  // R3: DINUM products only by DINUM; other beneficiaries only for Startup d'État products
  if (product.kind !== "startup_etat" && !product.is_dinum) {
    throw new Refusal(`« ${product.name} » n'est pas un produit Startup d'État : seule la DINUM peut commander pour ses propres produits.`, {
      field: "productId",
    });
  }
  await assertOrderable(trx, product, date); // R19
  const lot = await trx
    .selectFrom("lot as l")
    .innerJoin("contract as k", "k.id", "l.contract_id")
    .select(["l.id", "l.number", "k.id as contractId", "k.reference", "k.start_date", "k.end_date"])
    .where("l.id", "=", input.lotId)
    .executeTakeFirst();
  if (!lot) throw new Refusal("Choisissez un accord-cadre et un lot.", { field: "lotId" });
  const holder = await trx
    .selectFrom("lot_holder as h")
    .innerJoin("contractor as c", "c.id", "h.contractor_id")
    .select(["c.name"])
    .where("h.lot_id", "=", lot.id)
    .where("h.contractor_id", "=", input.contractorId)
    .where("h.since", "<=", date)
    .where((eb) => eb.or([eb("h.until", "is", null), eb("h.until", ">=", date)]))
    .executeTakeFirst();
  if (!holder) {
    throw new Refusal(`Ce titulaire ne détient pas le lot ${lot.number} de l'accord-cadre ${lot.reference} au ${formatDate(date)}.`, { field: "contractorId" });
  }
  // contract.end_date is the final end, renewals included
  if (date > lot.end_date) {
    throw new Refusal(`L'accord-cadre ${lot.reference} a pris fin le ${formatDate(lot.end_date)} : il ne reçoit plus de bon de commande.`, { field: "lotId" });
  }
  if (input.periodStart < lot.start_date || input.periodEnd > lot.end_date) {
    throw new Refusal(
      `La période d'exécution doit être comprise dans celle de l'accord-cadre ${lot.reference} (du ${formatDate(lot.start_date)} au ${formatDate(lot.end_date)}).`,
      { field: input.periodStart < lot.start_date ? "periodStart" : "periodEnd" },
    );
  }
  if (input.lines.length === 0) throw new Refusal("Ajoutez au moins une ligne (type d'UO et quantité).", { field: "lines" });
  await checkReversibility(trx, product.id, input.periodStart, input.periodEnd, input.lines, excludeOrderId);
  const schedule = await priceInForce(trx, input.contractorId, lot.contractId, date);
  if (!schedule) {
    throw new Refusal(`Aucun bordereau de prix approuvé ${de(holder.name)} n'est en vigueur le ${formatDate(date)} sur l'accord-cadre ${lot.reference}.`, {
      field: "contractorId",
    });
  }
  for (const [i, l] of input.lines.entries()) {
    if (!schedule.prices[l.workUnitCode]) {
      throw new Refusal(`Ligne ${i + 1} : aucun prix approuvé pour l'${await workUnitLabel(trx, l.workUnitCode)} chez ${holder.name} au ${formatDate(date)}.`, {
        field: `lines.${i}.workUnitCode`,
      });
    }
  }
  return { product, lot, contractId: lot.contractId, contractReference: lot.reference, schedule, contractorName: holder.name };
}

function priced(lines: LineIn[], prices: Partial<Record<WorkUnitCode, string>>) {
  return lines.map((l, i) => ({
    lineNo: i + 1,
    workUnitCode: l.workUnitCode,
    quantity: l.quantity,
    unitPrice: prices[l.workUnitCode]!,
    amountHt: lineAmountHt(l.quantity, prices[l.workUnitCode]!),
  }));
}

/** What the revision snapshot and the audit keep of the lines. */
function snapshotLines(lines: { id?: number; line_no: number; work_unit_code: WorkUnitCode; quantity: string; unit_price: string; amount_ht: string }[]) {
  return lines.map((l) => ({
    line_id: l.id,
    line_no: l.line_no,
    work_unit_code: l.work_unit_code,
    quantity: l.quantity,
    unit_price: l.unit_price,
    amount_ht: l.amount_ht,
  }));
}

function auditSummary(order: {
  status: string;
  number: string | null;
  total_ht: string;
  total_ttc: string;
  period_start: string;
  period_end: string;
  contractor_id: number;
  product_id: number;
}) {
  return {
    status: order.status,
    number: order.number,
    total_ht: order.total_ht,
    total_ttc: order.total_ttc,
    period_start: order.period_start,
    period_end: order.period_end,
    contractor_id: order.contractor_id,
    product_id: order.product_id,
  };
}

// ---------------------------------------------------------------------------------------------------
// Drafts

/** The columns of a draft the form sets (the same at creation and at each change), with its totals. */
function draftColumns(contractId: number, input: DraftInput, totals: ReturnType<typeof orderTotals>) {
  return {
    contract_id: contractId,
    lot_id: input.lotId,
    product_id: input.productId,
    contractor_id: input.contractorId,
    title: input.title,
    period_start: input.periodStart,
    period_end: input.periodEnd,
    vat_rate: input.vatRate,
    ...totalColumns(totals),
    ej_number: input.ejNumber,
    budget_programme: input.budgetProgramme,
    budget_centre: input.budgetCentre,
  };
}

async function insertDraftLines(trx: Tx, orderId: number, lines: ReturnType<typeof priced>): Promise<void> {
  await trx
    .insertInto("order_line")
    .values(
      lines.map((l) => ({
        order_id: orderId,
        line_no: l.lineNo,
        work_unit_code: l.workUnitCode,
        quantity: l.quantity,
        unit_price: l.unitPrice,
        amount_ht: l.amountHt,
      })),
    )
    .execute();
}

export async function createDraft(db: Db, user: SessionUser, input: DraftInput, today = todayInParis()): Promise<{ id: number }> {
  assertCanWrite(user);
  return db.transaction().execute(async (trx) => {
    const checked = await checkOrderRules(trx, user, input, today, null);
    const lines = priced(input.lines, checked.schedule.prices);
    const totals = orderTotals(lines, input.vatRate);
    const order = await trx
      .insertInto("purchase_order")
      .values({
        ...draftColumns(checked.contractId, input, totals),
        beneficiary_id: user.beneficiaryId!,
        status: "draft",
        proposed_contractor_id: input.attributionReason || input.proposedContractorId ? (input.proposedContractorId ?? input.contractorId) : null,
        attribution_reason: input.attributionReason ?? null,
        created_by: user.id,
      })
      .returning(["id", "status", "number", "total_ht", "total_ttc", "period_start", "period_end", "contractor_id", "product_id"])
      .executeTakeFirstOrThrow();
    await insertDraftLines(trx, order.id, lines);
    await auditOrder(trx, user, { ...order, beneficiary_id: user.beneficiaryId! }, false, {
      action: "create",
      after: { ...auditSummary(order), lines: input.lines, attribution_reason: input.attributionReason ?? null },
    });
    return { id: order.id };
  });
}

export async function updateDraft(db: Db, user: SessionUser, id: number, input: DraftInput, today = todayInParis()): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const before = await lockOrder(trx, user, id);
    if (before.status !== "draft") {
      throw new Refusal("Seul un brouillon se modifie librement ; un bon de commande émis se modifie par un avenant (nouvelle révision).", { status: 409 });
    }
    const beforeLines = await trx.selectFrom("order_line").selectAll().where("order_id", "=", id).orderBy("line_no").execute();
    const checked = await checkOrderRules(trx, user, input, today, id);
    const lines = priced(input.lines, checked.schedule.prices);
    const totals = orderTotals(lines, input.vatRate);
    await trx.deleteFrom("order_line").where("order_id", "=", id).execute();
    await insertDraftLines(trx, id, lines);
    const after = await trx
      .updateTable("purchase_order")
      .set({
        ...draftColumns(checked.contractId, input, totals),
        updated_at: appNow,
        ...(input.attributionReason ? { attribution_reason: input.attributionReason } : {}),
      })
      .where("id", "=", id)
      .returningAll()
      .executeTakeFirstOrThrow();
    await auditOrder(trx, user, before, false, {
      action: "update",
      before: { ...auditSummary(before), lines: snapshotLines(beforeLines) },
      after: { ...auditSummary(after), lines: input.lines },
    });
  });
}

export async function deleteDraft(db: Db, user: SessionUser, id: number): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const before = await lockOrder(trx, user, id);
    if (before.status !== "draft") {
      throw new Refusal("Seul un brouillon peut être supprimé ; un bon de commande émis s'annule ou se solde.", { status: 409 });
    }
    const lines = await trx.selectFrom("order_line").selectAll().where("order_id", "=", id).orderBy("line_no").execute();
    await trx.deleteFrom("order_line").where("order_id", "=", id).execute();
    await trx.deleteFrom("purchase_order").where("id", "=", id).execute();
    await auditOrder(trx, user, before, false, {
      action: "delete",
      before: { ...auditSummary(before), lines: snapshotLines(lines) },
    });
  });
}

// ---------------------------------------------------------------------------------------------------
// Lifecycle (R6)

/** Issue: number (gapless per contract and year), prices frozen from the schedule in force today, revision 0. */
/** At issue, the correspondent's answer to a moved turn (AttributionChangedError): the proposal it saw, and why it keeps its holder. */
export interface AttributionConfirmation {
  proposedContractorId?: number | null;
  attributionReason?: string | null;
}

/**
 * The draft's round-robin proposal checked again inside the issuing transaction, after the order number
 * counter's row lock (which queues every issue on the contract, so the orders counted are the committed
 * ones): an order issued on the lot since the draft was saved may have given the turn to another holder.
 * Following the new turn needs nothing; keeping another holder needs the correspondent's confirmation
 * with a reason (a French 409 naming both holders). A draft saved without a proposal (a single holder
 * then) is issued as before.
 */
async function attributionAtIssue(
  trx: Tx,
  order: { lot_id: number; contractor_id: number; proposed_contractor_id: number | null; attribution_reason: string | null },
  today: string,
  confirmation: AttributionConfirmation,
) {
  const kept = { proposed_contractor_id: order.proposed_contractor_id, attribution_reason: order.attribution_reason };
  if (order.proposed_contractor_id === null) return kept;
  const proposal = await proposeHolder(trx, order.lot_id, today);
  const turn = proposal.proposedContractorId;
  if (!proposal.roundRobin || turn === null) return kept;
  if (turn === order.proposed_contractor_id) return kept;
  if (turn === order.contractor_id) return { proposed_contractor_id: turn, attribution_reason: null };
  const reason = confirmation.attributionReason?.trim() ?? "";
  if (confirmation.proposedContractorId === turn && reason.length >= 5) return { proposed_contractor_id: turn, attribution_reason: reason.slice(0, 1000) };
  const name = (contractorId: number | null) =>
    proposal.holders.find((h) => h.contractorId === contractorId)?.name ?? (contractorId === null ? "aucun" : `le titulaire n° ${contractorId}`);
  throw new AttributionChangedError(
    `Le tour a changé depuis l'enregistrement du brouillon : un autre bon de commande a été émis sur ce lot, et c'est maintenant au tour ${de(name(turn))}` +
      ` (le brouillon proposait ${name(order.proposed_contractor_id)}). Pour émettre ce bon à ${name(order.contractor_id)}, confirmez en indiquant la raison de ce choix,` +
      " ou modifiez le brouillon pour choisir le titulaire dont c'est le tour.",
    turn,
  );
}

export async function issueOrder(
  db: Db,
  user: SessionUser,
  id: number,
  commitment: Partial<CommitmentInput> & AttributionConfirmation = {},
  today = todayInParis(),
) {
  return db.transaction().execute(async (trx) => {
    const order = await lockOrder(trx, user, id);
    if (order.status !== "draft") throw new Refusal(`Ce bon de commande est déjà émis (n° ${order.number}).`, { status: 409 });
    const current = await trx.selectFrom("order_line").selectAll().where("order_id", "=", id).orderBy("line_no").execute();
    const input: RuleInput = {
      productId: order.product_id,
      lotId: order.lot_id,
      contractorId: order.contractor_id,
      periodStart: order.period_start,
      periodEnd: order.period_end,
      lines: current.filter((l) => !dec(l.quantity).isZero()).map((l) => ({ workUnitCode: l.work_unit_code, quantity: l.quantity })),
    };
    const checked = await checkOrderRules(trx, user, input, today, id);
    // R4: the unit price in force on the day of issue, frozen on the line
    for (const l of current) {
      const unitPrice = checked.schedule.prices[l.work_unit_code]!;
      await trx
        .updateTable("order_line")
        .set({ unit_price: unitPrice, amount_ht: lineAmountHt(l.quantity, unitPrice) })
        .where("id", "=", l.id)
        .execute();
    }
    const lines = await trx.selectFrom("order_line").selectAll().where("order_id", "=", id).orderBy("line_no").execute();
    const totals = orderTotals(
      lines.map((l) => ({ quantity: l.quantity, unitPrice: l.unit_price })),
      order.vat_rate,
    );
    const year = Number(today.slice(0, 4));
    // R6: the counter row stays locked until commit, so concurrent issues queue and a rollback gives the number back
    const counter = await trx
      .insertInto("order_number_counter")
      .values({ contract_id: checked.contractId, year, last_seq: 1 })
      .onConflict((oc) => oc.columns(["contract_id", "year"]).doUpdateSet({ last_seq: sql`order_number_counter.last_seq + 1` }))
      .returning("last_seq")
      .executeTakeFirstOrThrow();
    const number = orderNumber(checked.contractReference, year, counter.last_seq);
    // R17: the period's row locked after the counter's, like it, until commit (concurrent issues queue)
    await assertWithinCeilings(trx, { orderId: id, contractId: checked.contractId, lotId: order.lot_id, issuedOn: today, newHt: totals.totalHt, oldHt: "0" });
    const attribution = await attributionAtIssue(trx, order, today, commitment);
    const pick = <K extends keyof CommitmentInput>(k: K, existing: string | null) =>
      commitment[k] !== undefined && commitment[k] !== null ? commitment[k] : existing;
    const issued = await trx
      .updateTable("purchase_order")
      .set({
        status: "issued",
        number,
        number_year: year,
        number_seq: counter.last_seq,
        issued_by: user.id,
        issued_at: appNow,
        issued_on: today,
        ...attribution,
        ...totalColumns(totals),
        current_revision: 0,
        ej_number: pick("ejNumber", order.ej_number),
        budget_programme: pick("budgetProgramme", order.budget_programme),
        budget_centre: pick("budgetCentre", order.budget_centre),
        updated_at: appNow,
      })
      .where("id", "=", id)
      .returningAll()
      .executeTakeFirstOrThrow();
    await insertRevision(trx, { orderId: id, revisionNo: 0, reason: "Émission", createdBy: user.id, effectiveOn: today, totals, lines: snapshotLines(lines) });
    await auditOrder(trx, user, order, true, {
      action: "issue",
      before: { status: "draft", total_ttc: order.total_ttc },
      after: {
        ...auditSummary(issued),
        price_schedule_version: checked.schedule.version,
        ej_number: issued.ej_number,
        budget_programme: issued.budget_programme,
        budget_centre: issued.budget_centre,
        lines: snapshotLines(lines),
        proposed_contractor_id: issued.proposed_contractor_id,
        attribution_reason: issued.attribution_reason,
      },
    });
    await mail.orderIssued(trx, id);
    return { id, number };
  });
}

/**
 * Per line, the floor of an amendment (R6), from committedDaysByLine (declarations/committed.server.ts, over the lines' running totals): the days consumed (validated) plus the days that submitted
 * declarations would add. A submitted correction that lowers days frees nothing until it is validated (it
 * may be rejected), so it counts for 0, as the submissions' cap counts it: whatever becomes of each pending
 * declaration, consumed and consumed + pending stay within the ordered days (the CHECK of migration 0900).
 */
export async function amendmentFloors(
  trx: Executor,
  orderId: number,
): Promise<Map<number, { floor: string; consumed: string; pending: string; lowering: boolean }>> {
  const committed = await committedDaysByLine(trx, orderId);
  return new Map([...committed].map(([lineId, c]) => [lineId, { floor: c.committed, consumed: c.consumed, pending: c.pending, lowering: c.lowering }]));
}

/** Amend: a new revision with its reason; add lines or change quantities, never below their floor (amendmentFloors). */
export async function amendOrder(db: Db, user: SessionUser, id: number, input: AmendmentInput, today = todayInParis()) {
  return db.transaction().execute(async (trx) => {
    const order = await lockOrder(trx, user, id);
    if (order.status !== "issued") throw new Refusal("Seul un bon de commande émis (en cours) peut faire l'objet d'une modification.", { status: 409 });
    if (!input.reason?.trim()) throw new Refusal("Indiquez le motif de la modification.", { field: "reason" });
    // lines locked: a declaration submitted meanwhile waits for this amendment (and the reverse)
    // locked in id order, like the declaration use cases do (no deadlock), then shown in line order
    const current = (await trx.selectFrom("order_line").selectAll().where("order_id", "=", id).orderBy("id").forUpdate().execute()).sort(
      (a, b) => a.line_no - b.line_no,
    );
    const committed = await amendmentFloors(trx, id);
    const next = current.map((l) => ({
      id: l.id,
      order_id: l.order_id,
      line_no: l.line_no,
      work_unit_code: l.work_unit_code,
      quantity: l.quantity,
      unit_price: l.unit_price,
      amount_ht: l.amount_ht,
    }));
    let changed = false;
    for (const [i, l] of input.lines.entries()) {
      if (l.lineId !== null) {
        const line = next.find((x) => x.id === l.lineId);
        if (!line) throw new Refusal(`Ligne ${i + 1} : cette ligne n'appartient pas au bon de commande.`, { field: `lines.${i}.amount` });
        if (line.work_unit_code !== l.workUnitCode)
          throw new Refusal(`Ligne ${i + 1} : le type d'UO d'une ligne émise ne change pas ; ajoutez une ligne.`, { field: `lines.${i}.workUnitCode` });
        if (dec(line.quantity).equals(l.quantity)) continue;
        const c = committed.get(line.id);
        const floor = dec(c?.floor ?? 0);
        if (daysFromQuantity(l.quantity).lessThan(floor)) {
          const pending = dec(c?.pending ?? 0).isZero() ? "" : ` et ${formatDays(c?.pending)} j en attente de validation`;
          const lowering = c?.lowering ? " (une correction en attente qui réduit des jours ne compte qu'une fois validée)" : "";
          throw new Refusal(
            `Ligne ${line.line_no} (${await workUnitLabel(trx, line.work_unit_code)}) : la quantité ne peut pas descendre sous ${formatDays(floor)} jours : ${formatDays(c?.consumed ?? 0)} j déjà consommés${pending}${lowering}.`,
            { status: 409, field: `lines.${i}.amount` },
          );
        }
        line.quantity = dec(l.quantity).toFixed(3);
        line.amount_ht = lineAmountHt(line.quantity, line.unit_price);
        changed = true;
      } else {
        if (next.some((x) => x.work_unit_code === l.workUnitCode)) {
          throw new Refusal(`Ligne ${i + 1} : l'${await workUnitLabel(trx, l.workUnitCode)} figure déjà sur le bon de commande ; modifiez sa quantité.`, {
            field: `lines.${i}.workUnitCode`,
          });
        }
        next.push({
          id: 0,
          order_id: id,
          line_no: Math.max(0, ...next.map((x) => x.line_no)) + 1,
          work_unit_code: l.workUnitCode,
          quantity: l.quantity,
          unit_price: "",
          amount_ht: "",
        });
        changed = true;
      }
    }
    if (!changed) throw new Refusal("Cette modification ne change aucune quantité : modifiez au moins une ligne ou ajoutez-en une.", { field: "lines" });
    if (next.every((l) => dec(l.quantity).isZero())) {
      throw new Refusal("Un bon de commande garde au moins une ligne non nulle ; pour l'arrêter, annulez-le ou soldez-le.", { field: "lines" });
    }
    // R4: new lines take the prices frozen at issue (the schedule in force on the issue date)
    const added = next.filter((l) => l.id === 0);
    if (added.length > 0) {
      const issuedOn = order.issued_on ?? today;
      const schedule = await priceInForce(trx, order.contractor_id, order.contract_id, issuedOn);
      for (const l of added) {
        const price = schedule?.prices[l.work_unit_code];
        if (!price)
          throw new Refusal(
            `Aucun prix approuvé pour l'${await workUnitLabel(trx, l.work_unit_code)} chez ce titulaire au ${formatDate(issuedOn)} (date d'émission).`,
            { field: "lines" },
          );
        l.unit_price = price;
        l.amount_ht = lineAmountHt(l.quantity, price);
      }
    }
    await checkReversibility(
      trx,
      order.product_id,
      order.period_start,
      order.period_end,
      next.map((l) => ({ workUnitCode: l.work_unit_code, quantity: l.quantity })),
      id,
    );
    for (const l of next) {
      if (l.id === 0) {
        l.id = (
          await trx
            .insertInto("order_line")
            .values({
              order_id: id,
              line_no: l.line_no,
              work_unit_code: l.work_unit_code,
              quantity: l.quantity,
              unit_price: l.unit_price,
              amount_ht: l.amount_ht,
            })
            .returning("id")
            .executeTakeFirstOrThrow()
        ).id;
      } else {
        await trx.updateTable("order_line").set({ quantity: l.quantity, amount_ht: l.amount_ht }).where("id", "=", l.id).execute();
      }
    }
    const totals = orderTotals(
      next.map((l) => ({ quantity: l.quantity, unitPrice: l.unit_price })),
      order.vat_rate,
    );
    // R17: the order stays in the period of its issue date; its period's row is locked until commit
    await assertWithinCeilings(trx, {
      orderId: id,
      contractId: order.contract_id,
      lotId: order.lot_id,
      issuedOn: order.issued_on ?? today,
      newHt: totals.totalHt,
      oldHt: order.total_ht,
    });
    // R18: never below what its subcontractors are accepted for
    await assertAcceptancesWithin(trx, id, totals.totalHt);
    const revision = order.current_revision + 1;
    const amended = await trx
      .updateTable("purchase_order")
      .set({
        ...totalColumns(totals),
        current_revision: revision,
        updated_at: appNow,
      })
      .where("id", "=", id)
      .returningAll()
      .executeTakeFirstOrThrow();
    await insertRevision(trx, {
      orderId: id,
      revisionNo: revision,
      reason: input.reason,
      createdBy: user.id,
      effectiveOn: today,
      totals,
      lines: snapshotLines(next),
    });
    await auditOrder(trx, user, order, true, {
      action: "amend",
      before: { revision: order.current_revision, total_ht: order.total_ht, total_ttc: order.total_ttc, lines: snapshotLines(current) },
      after: { revision, reason: input.reason, total_ht: amended.total_ht, total_ttc: amended.total_ttc, lines: snapshotLines(next) },
    });
    await mail.orderIssued(trx, id);
    return { id, revision };
  });
}

async function orderDays(trx: Tx, orderId: number) {
  const r = await trx
    .selectFrom("declaration_line as dl")
    .innerJoin("declaration as d", "d.id", "dl.declaration_id")
    .select([
      sql<string>`coalesce(sum(dl.delta_days) FILTER (WHERE d.status = 'validated'), 0)`.as("consumed"),
      sql<string>`coalesce(sum(dl.consumed_amount) FILTER (WHERE d.status = 'validated'), 0)`.as("consumed_ht"),
      sql<string>`coalesce(sum(dl.delta_days) FILTER (WHERE d.status = 'submitted'), 0)`.as("pending"),
      sql<string>`count(*) FILTER (WHERE d.status = 'submitted')`.as("pending_lines"),
    ])
    .where("dl.order_id", "=", orderId)
    .executeTakeFirstOrThrow();
  return r;
}

/**
 * Locks the order's declarations (id order), then its lines (id order), as the declaration use cases do
 * (declaration row, then lines): a submission in flight finishes first, and one that starts afterwards
 * reads the order's new status.
 */
async function lockDeclarationsAndLines(trx: Tx, orderId: number) {
  await trx.selectFrom("declaration").select("id").where("order_id", "=", orderId).orderBy("id").forUpdate().execute();
  await trx.selectFrom("order_line").select("id").where("order_id", "=", orderId).orderBy("id").forUpdate().execute();
}

/** Cancel: only while nothing is consumed or pending. */
export async function cancelOrder(db: Db, user: SessionUser, id: number, input: { reason: string }) {
  await db.transaction().execute(async (trx) => {
    const order = await lockOrder(trx, user, id);
    if (order.status === "draft") throw new Refusal("Un brouillon ne s'annule pas : supprimez-le.", { status: 409 });
    if (order.status !== "issued") throw new Refusal("Ce bon de commande est déjà soldé ou annulé.", { status: 409 });
    if (!input.reason?.trim()) throw new Refusal("Indiquez le motif de l'annulation.", { field: "reason" });
    await lockDeclarationsAndLines(trx, id);
    const d = await orderDays(trx, id);
    if (!dec(d.consumed).isZero() || !dec(d.pending).isZero() || Number(d.pending_lines) > 0) {
      throw new Refusal(
        `Annulation impossible : ${formatDays(d.consumed)} jour(s) consommé(s) et ${formatDays(d.pending)} jour(s) en attente de validation. Soldez plutôt le bon de commande pour libérer le reste.`,
        { status: 409 },
      );
    }
    await trx
      .updateTable("purchase_order")
      .set({ status: "cancelled", cancelled_at: appNow, cancel_reason: input.reason, updated_at: appNow })
      .where("id", "=", id)
      .execute();
    await auditOrder(trx, user, order, true, {
      action: "cancel",
      before: { status: order.status },
      after: { status: "cancelled", reason: input.reason },
    });
  });
}

/** Close (solde): the remaining days are released; no declaration may be waiting for validation. */
export async function closeOrder(db: Db, user: SessionUser, id: number, input: { reason: string }) {
  return db.transaction().execute(async (trx) => {
    const order = await lockOrder(trx, user, id);
    if (order.status !== "issued") throw new Refusal("Seul un bon de commande émis (en cours) peut être soldé.", { status: 409 });
    if (!input.reason?.trim()) throw new Refusal("Indiquez le motif du solde.", { field: "reason" });
    await lockDeclarationsAndLines(trx, id);
    const d = await orderDays(trx, id);
    if (Number(d.pending_lines) > 0) {
      throw new Refusal("Des déclarations sont en attente de validation : validez-les ou rejetez-les avant de solder le bon de commande.", { status: 409 });
    }
    const ordered = await trx
      .selectFrom("order_line")
      .select([sql<string>`coalesce(sum(ordered_days), 0)`.as("days"), sql<string>`coalesce(sum(amount_ht), 0)`.as("ht")])
      .where("order_id", "=", id)
      .executeTakeFirstOrThrow();
    const released = { days: dec(ordered.days).minus(d.consumed).toFixed(1), ht: dec(ordered.ht).minus(d.consumed_ht).toFixed(2) };
    await trx
      .updateTable("purchase_order")
      .set({ status: "closed", closed_at: appNow, closed_reason: input.reason, updated_at: appNow })
      .where("id", "=", id)
      .execute();
    await auditOrder(trx, user, order, true, {
      action: "close",
      before: { status: order.status },
      after: { status: "closed", reason: input.reason, released_days: released.days, released_ht: released.ht },
    });
    return { released };
  });
}

/** EJ number and budget imputation, known at issue or completed later (audited). */
export async function updateCommitment(db: Db, user: SessionUser, id: number, input: CommitmentInput) {
  await db.transaction().execute(async (trx) => {
    const order = await lockOrder(trx, user, id);
    if (order.status === "cancelled") throw new Refusal("Ce bon de commande est annulé.", { status: 409 });
    const before = { ej_number: order.ej_number, budget_programme: order.budget_programme, budget_centre: order.budget_centre };
    const after = { ej_number: input.ejNumber, budget_programme: input.budgetProgramme, budget_centre: input.budgetCentre };
    if (JSON.stringify(before) === JSON.stringify(after)) return;
    await trx
      .updateTable("purchase_order")
      .set({ ...after, updated_at: appNow })
      .where("id", "=", id)
      .execute();
    await auditOrder(trx, user, order, order.status !== "draft", {
      action: "commitment",
      before,
      after,
    });
  });
}
