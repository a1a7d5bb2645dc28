// R8-R10 use cases: draft, submit (caps under row locks), validate (consumed amounts with absorption),
// reject, correct. One use case = one transaction, with its audit event.
import { sql } from "kysely";
import type { Db, Executor, Tx } from "../../../db/client";
import { appNow } from "../../../db/clock";
import type { UpdateObject } from "kysely";
import type { DB, DeclarationStatus } from "../../../db/schema";
import { can, requireGrant } from "../../auth/grants";
import { orderScope } from "../../auth/scope.server";
import type { SessionUser } from "../../auth/user";
import { recordAudit } from "../audit/audit.server";
import * as mail from "../notifications/events.server";
import { consumedAmount, daysFromQuantity } from "../orders/amounts";
import { dec, sum, toCents } from "../../lib/decimal";
import { todayInParis } from "../../lib/dates";
import { Refusal, type RefusalIssue } from "../../lib/refusal";
import { asRefusal } from "../../lib/form-action.server";
import { workingDaysInMonth } from "../../lib/working-days";
import { personDaysElsewhere } from "./committed.server";
import { committedDays, lineCapError, monthError, ofMonth, peopleTotalError, personCapError } from "./caps";
import type { PersonDays } from "./schemas";

/** Where a declaration's refusal lies: a line (by its order line), a person (by name), the month… */
export type DeclarationIssue = RefusalIssue;

export interface DraftLine {
  orderLineId: number;
  days: string;
  activities: string;
  remainingEstimateDays: string | null;
  remainingComment: string;
  people: PersonDays[];
}

type Actor = Pick<SessionUser, "id" | "name" | "role" | "beneficiaryId" | "contractorId">;
const NOT_FOUND = "Cette déclaration n'existe pas ou vous n'y avez pas accès.";

/**
 * Every state change: its audit event in the same transaction. (The alert badges follow the data versions
 * of the scopes the change is in; they are no longer all dropped, which made every scope's cold: issue 15.)
 */
async function auditChange(trx: Tx, event: Parameters<typeof recordAudit>[1]) {
  await recordAudit(trx, event);
}

/** A declaration's audit event (R12), its order's beneficiary's and contractor's. */
function auditDeclaration(
  trx: Tx,
  user: Actor,
  order: { beneficiary_id: number; contractor_id: number },
  id: number,
  event: { action: string; before?: unknown; after?: unknown },
) {
  return auditChange(trx, {
    actor: user,
    entityType: "declaration",
    entityId: id,
    ...event,
    beneficiaryId: order.beneficiary_id,
    contractorId: order.contractor_id,
  });
}

/** A declaration moved to another status (the columns `set`, `updated_at` now) and its audit event, in the use case's transaction. */
async function moveDeclaration(
  trx: Tx,
  user: Actor,
  order: { beneficiary_id: number; contractor_id: number },
  id: number,
  { set, ...event }: { set: UpdateObject<DB, "declaration"> & { status: DeclarationStatus }; action: string; before?: unknown; after?: unknown },
) {
  await trx
    .updateTable("declaration")
    .set({ ...set, updated_at: appNow })
    .where("id", "=", id)
    .execute();
  await auditDeclaration(trx, user, order, id, event);
}

// ---------------------------------------------------------------------------------------------------
// Reads under the transaction

async function loadScopedOrder(trx: Tx, user: Actor, orderId: number) {
  const order = await trx
    .selectFrom("purchase_order as po")
    .select(["po.id", "po.number", "po.status", "po.period_start", "po.period_end", "po.beneficiary_id", "po.contractor_id"])
    .where("po.id", "=", orderId)
    .where(orderScope(user))
    .executeTakeFirst();
  if (!order) throw new Refusal("Ce bon de commande n'existe pas ou vous n'y avez pas accès.", { status: 404 });
  return order;
}

/** Locks the declaration row first: two submissions of the same declaration queue up here. */
async function lockDeclaration(trx: Tx, user: Actor, id: number) {
  const decl = await trx.selectFrom("declaration").selectAll().where("id", "=", id).forUpdate().executeTakeFirst();
  if (!decl) throw new Refusal(NOT_FOUND, { status: 404 });
  const order = await trx
    .selectFrom("purchase_order as po")
    .select(["po.id", "po.number", "po.status", "po.period_start", "po.period_end", "po.beneficiary_id", "po.contractor_id"])
    .where("po.id", "=", decl.order_id)
    .where(orderScope(user))
    .executeTakeFirst();
  if (!order) throw new Refusal(NOT_FOUND, { status: 404 });
  return { decl, order };
}

/**
 * The order's lines, locked in id order (every use case locks them in the same order: no deadlock), with
 * their running totals (migration 0900), current once the lines are locked: the caps and R10 read them.
 */
async function lockOrderLines(trx: Tx, orderId: number) {
  return trx
    .selectFrom("order_line as ol")
    .innerJoin("work_unit_type as w", "w.code", "ol.work_unit_code")
    .select(["ol.id", "ol.line_no", "ol.quantity", "ol.unit_price", "ol.amount_ht", "w.label"])
    .select(["ol.consumed_days", "ol.consumed_ht", "ol.pending_days", "ol.pending_raise_days"])
    .where("ol.order_id", "=", orderId)
    .orderBy("ol.id")
    .forUpdate("ol")
    .execute();
}

/** A submitted declaration leaves (rejected, withdrawn): its days no longer count as pending on the order's lines. */
async function releasePending(trx: Tx, orderId: number, declarationId: number) {
  // the consumption triggers update the order's lines: lock them first, in id order, like submissions do
  await lockOrderLines(trx, orderId);
  await trx.updateTable("declaration_line").set({ delta_days: null, consumed_amount: null }).where("declaration_id", "=", declarationId).execute();
}

function lineLabel(l: { line_no: number; label: string }) {
  return `Ligne ${l.line_no} (${l.label})`;
}

function assertContractorOf(user: Actor, order: { contractor_id: number }) {
  if (!can(user, "declaration:write") || user.contractorId !== order.contractor_id) {
    throw new Refusal("Seul le titulaire du bon de commande peut déclarer.", { status: 403 });
  }
}

function assertCorrespondentOf(user: Actor, order: { beneficiary_id: number }) {
  if (!can(user, "declaration:validate") || user.beneficiaryId !== order.beneficiary_id) {
    throw new Refusal("Seul un correspondant du bénéficiaire du bon de commande peut valider ou rejeter.", { status: 403 });
  }
}

function assertIssued(order: { status: string }) {
  if (order.status !== "issued") {
    throw new Refusal("On ne déclare que sur un bon de commande émis (ni brouillon, ni soldé, ni annulé).", {
      issues: [{ field: "order", message: "Bon de commande non émis." }],
    });
  }
}

async function personIds(trx: Tx, contractorId: number, names: string[]): Promise<Map<string, number>> {
  const map = new Map<string, number>();
  if (!names.length) return map;
  const unique = [...new Set(names)];
  await trx
    .insertInto("person")
    .values(unique.map((full_name) => ({ contractor_id: contractorId, full_name })))
    .onConflict((oc) => oc.columns(["contractor_id", "full_name"]).doNothing())
    .execute();
  const rows = await trx.selectFrom("person").select(["id", "full_name"]).where("contractor_id", "=", contractorId).where("full_name", "in", unique).execute();
  for (const r of rows) map.set(r.full_name, r.id);
  return map;
}

/** Replaces the declaration's lines and people: set-based, a few statements whatever the number of lines. */
async function writeLines(trx: Tx, declarationId: number, orderId: number, contractorId: number, lines: DraftLine[], replace: boolean) {
  if (replace) {
    await trx
      .deleteFrom("declaration_person")
      .where("declaration_line_id", "in", (eb) => eb.selectFrom("declaration_line").select("id").where("declaration_id", "=", declarationId))
      .execute();
    await trx.deleteFrom("declaration_line").where("declaration_id", "=", declarationId).execute();
  }
  if (!lines.length) return;
  const people = await personIds(
    trx,
    contractorId,
    lines.flatMap((l) => l.people.map((p) => p.name)),
  );
  const rows = await trx
    .insertInto("declaration_line")
    .values(
      lines.map((l) => ({
        declaration_id: declarationId,
        order_id: orderId,
        order_line_id: l.orderLineId,
        days: l.days,
        activities: l.activities,
        remaining_estimate_days: l.remainingEstimateDays,
        remaining_comment: l.remainingComment,
      })),
    )
    .returning(["id", "order_line_id"])
    .execute();
  // an order line appears once per declaration (checkLines, and a unique key)
  const idOf = new Map(rows.map((r) => [r.order_line_id, r.id]));
  const persons = lines.flatMap((l) => l.people.map((p) => ({ declaration_line_id: idOf.get(l.orderLineId)!, person_id: people.get(p.name)!, days: p.days })));
  if (persons.length) await trx.insertInto("declaration_person").values(persons).execute();
}

/** Checks that do not need locks: lines belong to the order, no duplicates, people within the line. */
function checkLines(orderLines: { id: number; line_no: number; label: string }[], lines: DraftLine[]) {
  const issues: DeclarationIssue[] = [];
  const seen = new Set<number>();
  for (const l of lines) {
    const ol = orderLines.find((o) => o.id === l.orderLineId);
    if (!ol) {
      issues.push({ orderLineId: l.orderLineId, field: "days", message: "Cette ligne n'appartient pas au bon de commande." });
      continue;
    }
    if (seen.has(l.orderLineId)) {
      issues.push({ orderLineId: l.orderLineId, field: "days", message: `${lineLabel(ol)} : ligne déclarée deux fois.` });
      continue;
    }
    seen.add(l.orderLineId);
    if (dec(l.days).lessThan(0) || !dec(l.days).times(2).isInteger()) {
      issues.push({ orderLineId: l.orderLineId, field: "days", message: `${lineLabel(ol)} : les jours se déclarent par demi-journées positives.` });
      continue;
    }
    const over = peopleTotalError(
      lineLabel(ol),
      l.days,
      l.people.map((p) => p.days),
    );
    if (over) issues.push({ orderLineId: l.orderLineId, field: "people", message: over });
  }
  if (!lines.length) issues.push({ field: "days", message: "La déclaration ne contient aucune ligne." });
  return issues;
}

function throwIfIssues(issues: DeclarationIssue[], summary = "La déclaration contient des erreurs : corrigez-les puis enregistrez à nouveau.") {
  if (issues.length) throw new Refusal(issues.length === 1 ? issues[0].message : summary, { issues });
}

// ---------------------------------------------------------------------------------------------------
// Draft

export interface SaveDraftInput {
  /** the declaration being edited (draft or rejected), or none for the month's initial declaration */
  declarationId?: number | null;
  orderId: number;
  month: string;
  lines: DraftLine[];
  /**
   * Without `declarationId`, when the month's initial declaration already exists: "replace" its draft (the
   * import re-imports a month), or "refuse" (the new-declaration form: 409 with a link to it, values kept).
   */
  ifExists?: "replace" | "refuse";
}

/** The 409 of a new declaration whose month is already declared: what was typed stays, a link leads to it. */
function alreadyDeclared(existing: { id: number; status: DeclarationStatus; month: string }): Refusal {
  const editable = existing.status === "draft" || existing.status === "rejected";
  const state = { draft: "en brouillon", rejected: "rejetée", submitted: "soumise", validated: "validée" }[existing.status];
  return new Refusal(
    `La déclaration ${ofMonth(existing.month)} de ce bon de commande existe déjà (${state}) : ce que vous venez de saisir n'a pas été enregistré, il reste affiché ci-dessous. ${editable ? "Reprenez la déclaration existante pour y reporter vos changements." : "Consultez la déclaration existante."}`,
    {
      status: 409,
      link: editable
        ? { href: `/declarations/${existing.id}/modifier`, label: "Reprendre la déclaration existante" }
        : { href: `/declarations/${existing.id}`, label: "Voir la déclaration existante" },
    },
  );
}

/** Inside a transaction: creates or replaces the draft. Shared by the form and the import. */
export async function writeDraft(trx: Tx, user: SessionUser, input: SaveDraftInput, today = todayInParis()) {
  requireGrant(user, "declaration:write");
  const order = await loadScopedOrder(trx, user, input.orderId);
  assertContractorOf(user, order);
  assertIssued(order);
  const mErr = monthError(input.month, order.period_start, order.period_end, today);
  if (mErr) throw new Refusal(mErr, { issues: [{ field: "month", message: mErr }] });
  const orderLines = await trx
    .selectFrom("order_line as ol")
    .innerJoin("work_unit_type as w", "w.code", "ol.work_unit_code")
    .select(["ol.id", "ol.line_no", "w.label"])
    .where("ol.order_id", "=", order.id)
    .execute();
  throwIfIssues(checkLines(orderLines, input.lines));

  const existing = input.declarationId
    ? await trx.selectFrom("declaration").selectAll().where("id", "=", input.declarationId).where("order_id", "=", order.id).forUpdate().executeTakeFirst()
    : await trx
        .selectFrom("declaration")
        .selectAll()
        .where("order_id", "=", order.id)
        .where("month", "=", input.month)
        .where("kind", "=", "initial")
        .forUpdate()
        .executeTakeFirst();
  if (input.declarationId && !existing) throw new Refusal(NOT_FOUND, { status: 404 });
  // the form of a new declaration never overwrites one saved meanwhile (another tab, the back button)
  if (!input.declarationId && existing && input.ifExists === "refuse") throw alreadyDeclared(existing);
  if (existing && existing.month !== input.month) throw new Refusal("Le mois d'une déclaration ne change pas.");
  if (existing && existing.status !== "draft" && existing.status !== "rejected") {
    throw new Refusal(
      existing.status === "validated"
        ? "Cette déclaration est validée : elle ne change plus. Pour la modifier, créez une déclaration corrective."
        : "Cette déclaration est soumise : elle attend la validation du correspondant.",
      { issues: [{ field: "month", message: "Déclaration déjà soumise ou validée." }] },
    );
  }
  let id: number;
  let action: string;
  if (!existing) {
    // two tabs saving the same month at once: the second one is told, not given a 500
    const row = await trx
      .insertInto("declaration")
      .values({ order_id: order.id, month: input.month, kind: "initial", status: "draft", created_by: user.id })
      .onConflict((oc) =>
        oc
          .columns(["order_id", "month"])
          .where(sql<boolean>`kind = 'initial'`)
          .doNothing(),
      )
      .returning("id")
      .executeTakeFirst();
    if (!row) {
      const saved = await trx
        .selectFrom("declaration")
        .select(["id", "status", "month"])
        .where("order_id", "=", order.id)
        .where("month", "=", input.month)
        .where("kind", "=", "initial")
        .executeTakeFirst();
      throw saved
        ? alreadyDeclared(saved)
        : new Refusal("Une déclaration de ce mois vient d'être enregistrée par ailleurs : rechargez la page pour la reprendre.", { status: 409 });
    }
    id = row.id;
    action = "create";
  } else {
    id = existing.id;
    action = existing.status === "rejected" ? "reopen" : "update";
    await trx.updateTable("declaration").set({ status: "draft", updated_at: appNow }).where("id", "=", id).execute();
  }
  // The order's lines, locked (id order) before declaration lines reference them. Inserting a declaration
  // line takes a KEY SHARE lock on its order line (foreign key); had two "save and submit" transactions
  // each taken those first, each would then wait for the other's to lock the lines FOR UPDATE in
  // submitInTransaction: a deadlock (found by the submissions benchmark). Locked after the declaration row
  // is written, so the order row (KEY SHARE through the declaration's foreign key) is still taken before the
  // lines, as amendments, closing and cancelling take them.
  await lockOrderLines(trx, order.id);
  await writeLines(trx, id, order.id, order.contractor_id, input.lines, !!existing);
  await auditDeclaration(trx, user, order, id, {
    action,
    before: existing ? { status: existing.status } : undefined,
    after: {
      status: "draft",
      order_id: order.id,
      month: input.month,
      lines: input.lines.map((l) => ({ order_line_id: l.orderLineId, days: l.days, people: l.people })),
    },
  });
  return { id, created: !existing };
}

export async function saveDraft(db: Db, user: SessionUser, input: SaveDraftInput, today = todayInParis()) {
  return db.transaction().execute((trx) => writeDraft(trx, user, input, today));
}

// ---------------------------------------------------------------------------------------------------
// Submit: R9 caps with the order lines locked, and one advisory lock per contractor and month for people

/** Inside a transaction: submits a draft (or a rejected declaration, resubmitted as it stands). */
export async function submitInTransaction(trx: Tx, user: SessionUser, id: number, today = todayInParis()) {
  requireGrant(user, "declaration:write");
  const { decl, order } = await lockDeclaration(trx, user, id);
  assertContractorOf(user, order);
  if (decl.status !== "draft" && decl.status !== "rejected") {
    throw new Refusal(decl.status === "submitted" ? "Cette déclaration est déjà soumise." : "Cette déclaration est validée : elle ne change plus.", {
      status: 409,
    });
  }
  assertIssued(order);
  const mErr = monthError(decl.month, order.period_start, order.period_end, today);
  if (mErr) throw new Refusal(mErr, { issues: [{ field: "month", message: mErr }] });

  const orderLines = await lockOrderLines(trx, order.id);
  const lines = await trx.selectFrom("declaration_line").selectAll().where("declaration_id", "=", id).orderBy("id").execute();
  const people = lines.length
    ? await trx
        .selectFrom("declaration_person as dp")
        .innerJoin("person as p", "p.id", "dp.person_id")
        .select(["dp.declaration_line_id", "dp.person_id", "dp.days", "p.full_name"])
        .where(
          "dp.declaration_line_id",
          "in",
          lines.map((l) => l.id),
        )
        .execute()
    : [];
  if (!lines.length) throw new Refusal("La déclaration ne contient aucune ligne.");

  // what the others hold on each line (committedDays: validated + submitted raises, from the locked lines' running
  // totals; this declaration, a draft or rejected, is in neither), and, for a correction, what is in force for the month.
  const effective =
    decl.kind === "correction"
      ? await trx
          .selectFrom("declaration_line as dl")
          .innerJoin("declaration as d", "d.id", "dl.declaration_id")
          .select(["dl.order_line_id", sql<string>`coalesce(sum(dl.delta_days), 0)`.as("days")])
          .where("d.order_id", "=", order.id)
          .where("d.month", "=", decl.month)
          .where("d.status", "=", "validated")
          .groupBy("dl.order_line_id")
          .execute()
      : [];

  const issues: DeclarationIssue[] = [];
  const deltas = new Map<number, string>();
  for (const l of lines) {
    const ol = orderLines.find((o) => o.id === l.order_line_id)!;
    const inForce = dec(effective.find((e) => e.order_line_id === l.order_line_id)?.days ?? 0);
    const delta = decl.kind === "initial" ? dec(l.days) : dec(l.days).minus(inForce);
    deltas.set(l.id, delta.toFixed(1));
    const err = lineCapError({
      label: lineLabel(ol),
      orderedDays: daysFromQuantity(ol.quantity),
      used: committedDays(ol).committed,
      delta,
    });
    if (err) issues.push({ orderLineId: l.order_line_id, field: "days", message: err });
    const over = peopleTotalError(
      lineLabel(ol),
      l.days,
      people.filter((p) => p.declaration_line_id === l.id).map((p) => p.days),
    );
    if (over) issues.push({ orderLineId: l.order_line_id, field: "people", message: over });
  }
  // a correction's lines not restated keep nothing: lines in force but absent are lowered to 0
  if (decl.kind === "correction") {
    for (const e of effective) {
      if (!lines.some((l) => l.order_line_id === e.order_line_id) && !dec(e.days).isZero()) {
        issues.push({ orderLineId: e.order_line_id, field: "days", message: "Une déclaration corrective reprend toutes les lignes du mois." });
      }
    }
  }

  if (people.length) {
    // serialises the person cap between concurrent submissions of the same contractor and month
    const monthKey = Number(decl.month.slice(0, 4)) * 12 + Number(decl.month.slice(5, 7));
    await sql`SELECT pg_advisory_xact_lock(${order.contractor_id}::int, ${monthKey}::int)`.execute(trx);
    const personIdsHere = [...new Set(people.map((p) => p.person_id))];
    const other = await personDaysElsewhere(trx, { contractorId: order.contractor_id, orderId: order.id, month: decl.month, personIds: personIdsHere });
    const workingDays = workingDaysInMonth(decl.month);
    for (const pid of personIdsHere) {
      const mine = people.filter((p) => p.person_id === pid);
      const here = mine.reduce((s, p) => s.plus(p.days), dec(0));
      const err = personCapError({
        name: mine[0].full_name,
        month: decl.month,
        other: other.get(pid) ?? 0,
        here,
        workingDays,
      });
      if (err) issues.push({ field: "people", personName: mine[0].full_name, message: err });
    }
  }
  throwIfIssues(issues, "La déclaration dépasse les plafonds : rien n'a été soumis.");

  await sql`UPDATE declaration_line dl SET delta_days = v.delta_days, consumed_amount = NULL
    FROM unnest(${lines.map((l) => l.id)}::int[], ${lines.map((l) => deltas.get(l.id)!)}::numeric[]) AS v(id, delta_days)
    WHERE dl.id = v.id`.execute(trx);
  await moveDeclaration(trx, user, order, id, {
    set: { status: "submitted", submitted_by: user.id, submitted_at: appNow },
    action: "submit",
    before: { status: decl.status },
    after: { status: "submitted", month: decl.month, kind: decl.kind, deltas: Object.fromEntries(lines.map((l) => [l.order_line_id, deltas.get(l.id)])) },
  });
  await mail.declarationSubmitted(trx, id);
  return { id, orderId: order.id };
}

export async function submitDeclaration(db: Db, user: SessionUser, id: number, today = todayInParis()) {
  return db.transaction().execute((trx) => submitInTransaction(trx, user, id, today));
}

// ---------------------------------------------------------------------------------------------------
// Validate (service fait) and reject

export async function validateDeclaration(db: Db, user: SessionUser, id: number) {
  requireGrant(user, "declaration:validate");
  return db.transaction().execute(async (trx) => {
    // The order row first (R14: this validation may close it), as closing, cancelling and amending take it
    // before the declarations and lines: taken after them, a close or an amendment in flight would deadlock
    // with this validation. FOR NO KEY UPDATE does not wait for the KEY SHARE of declarations being written.
    await trx
      .selectFrom("purchase_order")
      .select("id")
      .where("id", "=", (eb) => eb.selectFrom("declaration").select("order_id").where("id", "=", id))
      .forNoKeyUpdate()
      .execute();
    const { decl, order } = await lockDeclaration(trx, user, id);
    assertCorrespondentOf(user, order);
    if (decl.status !== "submitted") throw new Refusal(statusMessage(decl.status, "valider"), { status: 409 });
    const orderLines = await lockOrderLines(trx, order.id);
    const lines = await trx.selectFrom("declaration_line").selectAll().where("declaration_id", "=", id).orderBy("id").execute();
    const amounts = validationAmounts(lines, orderLines);
    if (lines.length) {
      await sql`UPDATE declaration_line dl SET consumed_amount = v.amount
        FROM unnest(${lines.map((l) => l.id)}::int[], ${lines.map((l) => amounts[l.order_line_id])}::numeric[]) AS v(id, amount)
        WHERE dl.id = v.id`.execute(trx);
    }
    await moveDeclaration(trx, user, order, id, {
      set: { status: "validated", validated_by: user.id, validated_at: appNow },
      action: "validate",
      before: { status: "submitted" },
      after: { status: "validated", month: decl.month, kind: decl.kind, consumed_amounts: amounts },
    });
    const closed = await closeIfExhausted(trx, user, order, decl.month);
    await mail.declarationDecided(trx, id);
    return { id, orderId: order.id, closed };
  });
}

/**
 * R10: what validating these declaration lines counts as consumed, per order line: the days × the day rate,
 * except the declaration that exhausts a line, which takes what is left of its amount (the rounding). Read by
 * `validateDeclaration` under its locks, and by the declaration page before validating (`validationPreview`).
 */
function validationAmounts(
  lines: { order_line_id: number; delta_days: string | null }[],
  orderLines: { id: number; quantity: string; unit_price: string; amount_ht: string; consumed_days: string; consumed_ht: string }[],
): Record<number, string> {
  const amounts: Record<number, string> = {};
  for (const l of lines) {
    // what the line already consumed: its running totals (locked by the validation; read as they are by the preview)
    const ol = orderLines.find((o) => o.id === l.order_line_id)!;
    const delta = l.delta_days ?? "0";
    amounts[l.order_line_id] = dec(delta).isZero()
      ? "0.00"
      : consumedAmount({
          days: delta,
          unitPrice: ol.unit_price,
          orderedDays: daysFromQuantity(ol.quantity),
          orderedAmount: ol.amount_ht,
          alreadyConsumedDays: ol.consumed_days,
          alreadyConsumedAmount: ol.consumed_ht,
        });
  }
  return amounts;
}

/**
 * What validating a submitted declaration would count (R10), per order line and in total HT, as
 * `validateDeclaration` would compute it now; null when the declaration is not submitted. The caller has
 * already checked that the user sees the declaration.
 */
export async function validationPreview(db: Executor, declarationId: number): Promise<{ byOrderLine: Record<number, string>; totalHt: string } | null> {
  const decl = await db.selectFrom("declaration").select(["order_id", "status"]).where("id", "=", declarationId).executeTakeFirst();
  if (!decl || decl.status !== "submitted") return null;
  const [lines, orderLines] = await Promise.all([
    db.selectFrom("declaration_line").select(["order_line_id", "delta_days"]).where("declaration_id", "=", declarationId).execute(),
    db
      .selectFrom("order_line")
      .select(["id", "quantity", "unit_price", "amount_ht", "consumed_days", "consumed_ht"])
      .where("order_id", "=", decl.order_id)
      .execute(),
  ]);
  const byOrderLine = validationAmounts(lines, orderLines);
  return { byOrderLine, totalHt: toCents(sum(Object.values(byOrderLine))) };
}

export type BulkValidationResult = { id: number; validated: true; closed: boolean } | { id: number; validated: false; message: string };

/**
 * Bulk service fait (issue 14): each declaration validated by `validateDeclaration`, in its own transaction;
 * a refusal (already validated, not the user's, a cap…) is reported for that declaration and the others go on.
 */
export async function validateDeclarations(db: Db, user: SessionUser, ids: number[]): Promise<BulkValidationResult[]> {
  const results: BulkValidationResult[] = [];
  for (const id of ids) {
    try {
      const { closed } = await validateDeclaration(db, user, id);
      results.push({ id, validated: true, closed });
    } catch (error) {
      const refusal = asRefusal(error);
      if (!refusal) throw error;
      results.push({ id, validated: false, message: refusal.message });
    }
  }
  return results;
}

/**
 * R14: an issued order whose lines are all fully consumed by validated declarations is closed in the
 * validating transaction (nothing is released), with its audit event. Not while another declaration of
 * the order awaits validation (a correction that lowers days could still free some). The running totals
 * on the lines (migration 0900) are already up to date here: the triggers ran with the updates above.
 */
export async function closeIfExhausted(
  trx: Tx,
  user: SessionUser,
  order: { id: number; status: string; beneficiary_id: number; contractor_id: number },
  month: string,
): Promise<boolean> {
  if (order.status !== "issued") return false;
  const state = await trx
    .selectFrom("order_line")
    .where("order_id", "=", order.id)
    .select([
      sql<boolean>`bool_and(consumed_days = ordered_days)`.as("exhausted"),
      sql<string>`coalesce(sum(ordered_days), 0)`.as("ordered_days"),
      sql<string>`coalesce(sum(consumed_ht), 0)`.as("consumed_ht"),
      sql<boolean>`EXISTS (SELECT 1 FROM declaration d WHERE d.order_id = ${order.id} AND d.status = 'submitted')`.as("pending"),
    ])
    .executeTakeFirstOrThrow();
  if (!state.exhausted || state.pending) return false;
  const reason = `Soldé automatiquement : toutes les lignes sont entièrement consommées (service fait ${ofMonth(month)}).`;
  await trx
    .updateTable("purchase_order")
    .set({ status: "closed", closed_at: appNow, closed_reason: reason, updated_at: appNow })
    .where("id", "=", order.id)
    .where("status", "=", "issued")
    .execute();
  await auditChange(trx, {
    actor: user,
    entityType: "purchase_order",
    entityId: order.id,
    action: "auto_close",
    before: { status: "issued" },
    after: {
      status: "closed",
      reason,
      released_days: "0.0",
      released_ht: "0.00",
      consumed_days: dec(state.ordered_days).toFixed(1),
      consumed_ht: dec(state.consumed_ht).toFixed(2),
    },
    beneficiaryId: order.beneficiary_id,
    contractorId: order.contractor_id,
  });
  return true;
}

export async function rejectDeclaration(db: Db, user: SessionUser, id: number, reason: string) {
  requireGrant(user, "declaration:validate");
  const text = reason.trim();
  if (!text) throw new Refusal("Indiquez le motif du rejet.", { issues: [{ field: "reason", message: "Indiquez le motif du rejet." }] });
  return db.transaction().execute(async (trx) => {
    const { decl, order } = await lockDeclaration(trx, user, id);
    assertCorrespondentOf(user, order);
    if (decl.status !== "submitted") throw new Refusal(statusMessage(decl.status, "rejeter"), { status: 409 });
    // a rejected declaration no longer counts as pending
    await releasePending(trx, order.id, id);
    await moveDeclaration(trx, user, order, id, {
      set: { status: "rejected", rejected_by: user.id, rejected_at: appNow, rejection_reason: text },
      action: "reject",
      before: { status: "submitted" },
      after: { status: "rejected", reason: text, month: decl.month },
    });
    await mail.declarationDecided(trx, id);
    return { id, orderId: order.id };
  });
}

/**
 * R8: the contractor takes a submitted declaration back to draft (to fix it before the correspondent decides):
 * its days stop counting as pending (delta cleared, as a rejection does), the correspondent no longer sees it.
 * Refused once validated or rejected (a validated month is corrected, never withdrawn).
 */
export async function withdrawDeclaration(db: Db, user: SessionUser, id: number) {
  requireGrant(user, "declaration:withdraw");
  return db.transaction().execute(async (trx) => {
    const { decl, order } = await lockDeclaration(trx, user, id);
    assertContractorOf(user, order);
    if (decl.status !== "submitted") throw new Refusal(withdrawMessage(decl.status), { status: 409 });
    await releasePending(trx, order.id, id);
    await moveDeclaration(trx, user, order, id, {
      set: { status: "draft", submitted_by: null, submitted_at: null },
      action: "withdraw",
      before: { status: "submitted" },
      after: { status: "draft", month: decl.month },
    });
    return { id, orderId: order.id };
  });
}

function withdrawMessage(status: DeclarationStatus) {
  switch (status) {
    case "validated":
      return "Cette déclaration est déjà validée : on ne peut plus la retirer ; une déclaration corrective peut la rectifier.";
    case "rejected":
      return "Cette déclaration a été rejetée : elle est déjà revenue vers vous, modifiez-la puis soumettez-la à nouveau.";
    default:
      return "Cette déclaration n'est pas soumise : il n'y a rien à retirer.";
  }
}

function statusMessage(status: DeclarationStatus, verb: string) {
  switch (status) {
    case "draft":
      return `On ne peut ${verb} qu'une déclaration soumise : celle-ci est encore en brouillon.`;
    case "validated":
      return "Cette déclaration est déjà validée : elle ne change plus.";
    case "rejected":
      return "Cette déclaration a été rejetée : elle attend une nouvelle soumission du titulaire.";
    default:
      return `Impossible de ${verb} cette déclaration.`;
  }
}

// ---------------------------------------------------------------------------------------------------
// Correction of a validated month

/** Opens a correcting declaration (draft) for the month of a validated declaration, prefilled with what is in force. */
export async function createCorrection(db: Db, user: SessionUser, declarationId: number, reason: string) {
  requireGrant(user, "declaration:write");
  const text = reason.trim();
  if (!text) throw new Refusal("Indiquez le motif de la correction.", { issues: [{ field: "reason", message: "Indiquez le motif de la correction." }] });
  return db.transaction().execute(async (trx) => {
    const { decl, order } = await lockDeclaration(trx, user, declarationId);
    assertContractorOf(user, order);
    assertIssued(order);
    if (decl.status !== "validated")
      throw new Refusal(
        "Seule une déclaration validée se corrige par une déclaration corrective ; une déclaration en brouillon ou rejetée se modifie directement.",
        { status: 409 },
      );
    const open = await trx
      .selectFrom("declaration")
      .select("id")
      .where("order_id", "=", order.id)
      .where("month", "=", decl.month)
      .where("kind", "=", "correction")
      .where("status", "in", ["draft", "submitted", "rejected"])
      .executeTakeFirst();
    if (open)
      throw new Refusal("Une déclaration corrective est déjà en cours pour ce mois : terminez-la d'abord.", {
        status: 409,
        issues: [{ field: "reason", message: `Correction en cours n° ${open.id}.` }],
      });
    // the latest validated declaration of the month states what is in force (a correction restates every line)
    const latest = await trx
      .selectFrom("declaration")
      .select("id")
      .where("order_id", "=", order.id)
      .where("month", "=", decl.month)
      .where("status", "=", "validated")
      .orderBy("id", "desc")
      .limit(1)
      .executeTakeFirstOrThrow();
    const row = await trx
      .insertInto("declaration")
      .values({
        order_id: order.id,
        month: decl.month,
        kind: "correction",
        corrects_id: latest.id,
        correction_reason: text,
        status: "draft",
        created_by: user.id,
      })
      .onConflict((oc) =>
        oc
          .columns(["order_id", "month"])
          .where(sql<boolean>`kind = 'correction' AND status IN ('draft','submitted','rejected')`)
          .doNothing(),
      )
      .returning("id")
      .executeTakeFirst();
    if (!row) throw new Refusal("Une déclaration corrective est déjà en cours pour ce mois : terminez-la d'abord.", { status: 409 });
    const lines = await trx.selectFrom("declaration_line").selectAll().where("declaration_id", "=", latest.id).orderBy("id").execute();
    for (const l of lines) {
      const nl = await trx
        .insertInto("declaration_line")
        .values({
          declaration_id: row.id,
          order_id: order.id,
          order_line_id: l.order_line_id,
          days: l.days,
          activities: l.activities,
          remaining_estimate_days: l.remaining_estimate_days,
          remaining_comment: l.remaining_comment,
        })
        .returning("id")
        .executeTakeFirstOrThrow();
      await trx
        .insertInto("declaration_person")
        .columns(["declaration_line_id", "person_id", "days"])
        .expression((eb) =>
          eb
            .selectFrom("declaration_person")
            .select([sql<number>`${nl.id}::int`.as("declaration_line_id"), "person_id", "days"])
            .where("declaration_line_id", "=", l.id),
        )
        .execute();
    }
    await auditDeclaration(trx, user, order, row.id, {
      action: "create_correction",
      after: { status: "draft", kind: "correction", corrects_id: latest.id, reason: text, month: decl.month },
    });
    return { id: row.id, orderId: order.id };
  });
}

/** What the UI may offer on a declaration (the services check again). */
export function allowedActions(
  user: Actor & { role: SessionUser["role"] },
  decl: { status: DeclarationStatus; isLatestValidated: boolean; hasOpenCorrection: boolean },
  order: { status: string; contractor_id: number; beneficiary_id: number },
) {
  const isContractor = can(user, "declaration:write") && user.contractorId === order.contractor_id && order.status === "issued";
  const isCorrespondent = can(user, "declaration:validate") && user.beneficiaryId === order.beneficiary_id;
  return {
    edit: isContractor && (decl.status === "draft" || decl.status === "rejected"),
    submit: isContractor && (decl.status === "draft" || decl.status === "rejected"),
    withdraw: isContractor && can(user, "declaration:withdraw") && decl.status === "submitted",
    correct: isContractor && decl.status === "validated" && decl.isLatestValidated && !decl.hasOpenCorrection,
    validate: isCorrespondent && decl.status === "submitted",
    reject: isCorrespondent && decl.status === "submitted",
    pdf: decl.status === "validated",
  };
}
