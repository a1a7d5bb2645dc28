// R15/R16 reads, always scoped (invoiceScope: the order in scope; a contractor its own invoices only).
// The deadline figures are computed by deadline.ts (pure) from the rows and the ECB rates table.
import { actorLabel } from "../audit/present";
import { sql } from "kysely";
import type { Executor } from "../../../db/client";
import type { InvoiceStatus } from "../../../db/schema";
import { auditScope, invoiceScope, orderScope } from "../../auth/scope.server";
import type { SessionUser } from "../../auth/user";
import { addDays, todayInParis } from "../../lib/dates";
import { dec, toCents } from "../../lib/decimal";
import { containsPattern } from "../../lib/like";
import { daysBetween, interestPerDay, invoiceClock, PAYMENT_DAYS, type ClockedInvoice, type InvoiceClock } from "./deadline";
import { holderApproval, type HolderApproval } from "./states";
import { invoicingCompanies } from "./by-company.server";

type Scoped = Pick<SessionUser, "role" | "beneficiaryId" | "contractorId">;

/** The ECB main refinancing rate per half-year start ("2025-01-01" → "3.150"). */
export async function ecbRates(db: Executor): Promise<Map<string, string>> {
  const rows = await db.selectFrom("ecb_rate").select(["half_year_start", "rate"]).execute();
  return new Map(rows.map((r) => [r.half_year_start, r.rate]));
}

export async function ecbRateRows(db: Executor) {
  return db
    .selectFrom("ecb_rate as r")
    .leftJoin("app_user as u", "u.id", "r.updated_by")
    .select(["r.half_year_start", "r.rate", "r.source", "u.name as updated_by", "r.updated_at"])
    .orderBy("r.half_year_start", "desc")
    .execute();
}

/** The R16 figures of an invoice row as the database gives it (snake_case columns). */
export function clockOfRow(
  r: {
    status: ClockedInvoice["status"];
    received_on: string;
    service_fait_on: string;
    suspended_on: string | null;
    resumed_on: string | null;
    paid_on: string | null;
    amount_ttc: string;
    approval_due_on?: string | null;
    holder_decision?: "approved" | "refused" | null;
    holder_decided_on?: string | null;
  },
  rates: ReadonlyMap<string, string>,
  today: string,
): InvoiceClock {
  const approval = approvalOfRow(r, today);
  return invoiceClock(
    {
      status: r.status,
      receivedOn: r.received_on,
      serviceFaitOn: r.service_fait_on,
      suspendedOn: r.suspended_on,
      resumedOn: r.resumed_on,
      paidOn: r.paid_on,
      amountTtc: r.amount_ttc,
      approvedOn: approval?.state === "approved" ? approval.on : null,
      awaitingHolder: approval?.state === "awaiting",
    },
    rates,
    today,
  );
}

/** R18: a subcontractor's invoice's approval by the holder, from its row (null for the holder's own companies'). */
export function approvalOfRow(
  r: { approval_due_on?: string | null; holder_decision?: "approved" | "refused" | null; holder_decided_on?: string | null },
  today: string,
): HolderApproval | null {
  return holderApproval(
    { approvalDueOn: r.approval_due_on ?? null, holderDecision: r.holder_decision ?? null, holderDecidedOn: r.holder_decided_on ?? null },
    today,
  );
}

export interface InvoiceRow {
  id: number;
  number: string;
  orderId: number;
  orderNumber: string;
  beneficiaryName: string;
  contractorName: string;
  /** R18: the issuing company */
  companyName: string;
  companySiret: string | null;
  /** R18: a subcontractor's invoice's approval by the holder; null for the holder's own companies' */
  holderApproval: HolderApproval | null;
  receivedOn: string;
  serviceFaitOn: string;
  amountHt: string;
  amountVat: string;
  amountTtc: string;
  status: InvoiceStatus;
  suspendedOn: string | null;
  resumedOn: string | null;
  paidOn: string | null;
  clock: InvoiceClock;
}

/**
 * invoice with its order's number, the names of its beneficiary, contractor and company, and what its R16 clock and R18
 * approval read (clockOfRow, approvalOfRow), within `scope` (invoiceScope, or an export's selection of orders). The
 * invoice lists and the consolidated workbook's "Factures" sheet read invoices through here.
 */
export function invoicesWithParties(db: Executor, scope: ReturnType<typeof invoiceScope>) {
  return db
    .selectFrom("invoice as i")
    .innerJoin("purchase_order as po", "po.id", "i.order_id")
    .innerJoin("beneficiary as b", "b.id", "po.beneficiary_id")
    .innerJoin("contractor as c", "c.id", "i.contractor_id")
    .innerJoin("company as co", "co.id", "i.company_id")
    .where(scope)
    .select([
      "i.id",
      "i.number",
      "i.order_id",
      "po.number as order_number",
      "b.name as beneficiary_name",
      "c.name as contractor_name",
      "co.name as company_name",
      "co.siret as company_siret",
      "i.approval_due_on",
      "i.holder_decision",
      "i.holder_decided_on",
      "i.received_on",
      "i.service_fait_on",
      "i.amount_ht",
      "i.amount_vat",
      "i.amount_ttc",
      "i.status",
      "i.suspended_on",
      "i.resumed_on",
      "i.paid_on",
    ]);
}

function invoiceRows(db: Executor, user: Scoped) {
  return invoicesWithParties(db, invoiceScope(user));
}

type RawRow = Awaited<ReturnType<ReturnType<typeof invoiceRows>["execute"]>>[number];

function toRow(r: RawRow, rates: ReadonlyMap<string, string>, today: string): InvoiceRow {
  return {
    id: r.id,
    number: r.number,
    orderId: r.order_id,
    orderNumber: r.order_number ?? "",
    beneficiaryName: r.beneficiary_name,
    contractorName: r.contractor_name,
    companyName: r.company_name,
    companySiret: r.company_siret,
    holderApproval: approvalOfRow(r, today),
    receivedOn: r.received_on,
    serviceFaitOn: r.service_fait_on,
    amountHt: r.amount_ht,
    amountVat: r.amount_vat,
    amountTtc: r.amount_ttc,
    status: r.status,
    suspendedOn: r.suspended_on,
    resumedOn: r.resumed_on,
    paidOn: r.paid_on,
    clock: clockOfRow(r, rates, today),
  };
}

/**
 * When the 30 days start: the receipt or the service fait when later, and for a subcontractor's invoice not before the
 * holder's approval (R18): its explicit answer, else the end of its 15 days. While a subcontractor's invoice still
 * awaits the holder, this is the latest day its clock can start (deadline.ts shows no due date yet): it is never
 * late nor due soon before that day, so the filters and alerts read it as they should.
 */
const startOnSql = sql<string>`greatest(i.received_on, i.service_fait_on, coalesce(i.holder_decided_on, i.approval_due_on))`;

/**
 * The SQL twin of deadline.ts `dueDate` over an `invoice` row aliased `i` (a database test checks they agree):
 * null while suspended. Filters ("en retard", "échéance sous 7 jours") and the alerts use it.
 */
export const dueOnSql = sql<string | null>`(CASE
    WHEN i.suspended_on IS NULL THEN ${startOnSql} + ${PAYMENT_DAYS}::int
    WHEN i.resumed_on IS NULL THEN NULL
    ELSE i.resumed_on + greatest(${PAYMENT_DAYS}::int, ${PAYMENT_DAYS}::int - greatest(0, i.suspended_on - ${startOnSql}))
  END)`;

/** Unpaid and running (deposited or in payment: a suspended one's clock is stopped). */
const UNPAID_RUNNING = sql<boolean>`i.status IN ('deposited', 'in_payment')`;

/** Late today: unpaid and past its due date (R16). */
export const lateSql = (today: string) => sql<boolean>`(${UNPAID_RUNNING} AND ${dueOnSql} < ${today}::date)`;
/** Due within `days` days (today included): unpaid, not late yet. */
export const dueWithinSql = (today: string, days: number) =>
  sql<boolean>`(${UNPAID_RUNNING} AND ${dueOnSql} BETWEEN ${today}::date AND ${today}::date + ${days}::int)`;

/** R18: a subcontractor's invoice still awaiting the holder's approval on `today` (its 15 days not over, no answer). */
export const awaitingHolderSql = (today: string) =>
  sql<boolean>`(i.approval_due_on IS NOT NULL AND i.holder_decision IS NULL AND i.status = 'deposited' AND i.approval_due_on >= ${today}::date)`;

export const DUE_SOON_DAYS = 7;
export type DueFilter = "late" | "soon";

export interface InvoiceFilters {
  status?: InvoiceStatus | null;
  /** "late": unpaid past the due date; "soon": due within 7 days */
  due?: DueFilter | null;
  /** R18: only the subcontractors' invoices awaiting the holder's approval */
  awaitingHolder?: boolean;
  /** part of the invoice or order number */
  q?: string | null;
  orderId?: number | null;
  page?: number;
}

export const INVOICES_PER_PAGE = 50;

/** The invoices in scope, newest receipt first, one page at a time. */
export async function listInvoices(db: Executor, user: Scoped, f: InvoiceFilters = {}, today = todayInParis()) {
  let q = invoiceRows(db, user);
  if (f.status) q = q.where("i.status", "=", f.status);
  if (f.orderId) q = q.where("i.order_id", "=", f.orderId);
  if (f.due === "late") q = q.where(lateSql(today));
  if (f.due === "soon") q = q.where(dueWithinSql(today, DUE_SOON_DAYS));
  if (f.awaitingHolder) q = q.where(awaitingHolderSql(today));
  if (f.q) q = q.where((eb) => eb.or([eb("i.number", "ilike", containsPattern(f.q!)), eb("po.number", "ilike", containsPattern(f.q!))]));
  const page = Math.max(1, f.page ?? 1);
  const [rows, count, rates] = await Promise.all([
    q
      .orderBy("i.received_on", "desc")
      .orderBy("i.id", "desc")
      .limit(INVOICES_PER_PAGE)
      .offset((page - 1) * INVOICES_PER_PAGE)
      .execute(),
    q
      .clearSelect()
      .select(sql<string>`count(*)`.as("n"))
      .executeTakeFirstOrThrow(),
    ecbRates(db),
  ]);
  const total = Number(count.n);
  return { rows: rows.map((r) => toRow(r, rates, today)), total, page, pageCount: Math.max(1, Math.ceil(total / INVOICES_PER_PAGE)) };
}

/** One invoice with its order, the declarations it covers and its history (its audit events). */
export async function getInvoice(db: Executor, user: SessionUser, id: number, today = todayInParis()) {
  const r = await invoiceRows(db, user)
    .select(["po.beneficiary_id", "po.ej_number", "i.suspension_reason", "i.rejection_reason", "i.in_payment_on", "i.source", "i.contractor_id"])
    .where("i.id", "=", id)
    .executeTakeFirst();
  if (!r) return null;
  const [rates, declarations, history] = await Promise.all([
    ecbRates(db),
    db
      .selectFrom("invoice_declaration as idl")
      .innerJoin("declaration as d", "d.id", "idl.declaration_id")
      .select([
        "d.id",
        "d.month",
        "d.kind",
        sql<string>`(d.validated_at AT TIME ZONE 'Europe/Paris')::date::text`.as("validated_on"),
        sql<string>`(SELECT coalesce(sum(dl.consumed_amount), 0) FROM declaration_line dl WHERE dl.declaration_id = d.id)`.as("amount_ht"),
      ])
      .where("idl.invoice_id", "=", id)
      .orderBy("d.month")
      .execute(),
    db
      .selectFrom("audit_event as ae")
      .select(["ae.id", "ae.occurred_at", "ae.actor_label", "ae.action", "ae.before", "ae.after"])
      .where("ae.entity_type", "=", "invoice")
      .where("ae.entity_id", "=", String(id))
      .where(auditScope(user))
      .orderBy("ae.id")
      .execute(),
  ]);
  return {
    invoice: {
      ...toRow(r, rates, today),
      beneficiaryId: r.beneficiary_id,
      contractorId: r.contractor_id,
      ejNumber: r.ej_number,
      suspensionReason: r.suspension_reason,
      rejectionReason: r.rejection_reason,
      inPaymentOn: r.in_payment_on,
      source: r.source,
    },
    declarations: declarations.map((d) => ({ id: d.id, month: d.month, kind: d.kind, validatedOn: d.validated_on, amountHt: d.amount_ht })),
    history: history.map((h) => ({
      id: String(h.id),
      at: h.occurred_at.toISOString(),
      actor: actorLabel(h.actor_label),
      action: h.action,
      after: (h.after ?? {}) as Record<string, unknown>,
    })),
  };
}

/**
 * An order's invoicing (its "Factures" section): validated service fait, invoiced (not rejected), paid,
 * not yet invoiced, its invoices, and the validated declarations an invoice may cover. Null when the order
 * is not in scope.
 */
export async function orderInvoicing(db: Executor, user: SessionUser, orderId: number, today = todayInParis()) {
  const order = await db
    .selectFrom("purchase_order as po")
    .select(["po.id", "po.vat_rate", "po.ej_number", "po.status", "po.contractor_id", "po.beneficiary_id"])
    .where("po.id", "=", orderId)
    .where(orderScope(user))
    .executeTakeFirst();
  if (!order) return null;
  const [list, sums, declarations, companies] = await Promise.all([
    listInvoices(db, user, { orderId, page: 1 }, today),
    sql<{ validated_ht: string; invoiced_ht: string; invoiced_ttc: string; paid_ttc: string }>`
      SELECT (SELECT coalesce(sum(consumed_ht), 0) FROM order_line WHERE order_id = ${orderId}) AS validated_ht,
        coalesce(sum(amount_ht) FILTER (WHERE status <> 'rejected'), 0) AS invoiced_ht,
        coalesce(sum(amount_ttc) FILTER (WHERE status <> 'rejected'), 0) AS invoiced_ttc,
        coalesce(sum(amount_ttc) FILTER (WHERE status = 'paid'), 0) AS paid_ttc
      FROM invoice WHERE order_id = ${orderId}`.execute(db),
    db
      .selectFrom("declaration as d")
      .select([
        "d.id",
        "d.month",
        "d.kind",
        sql<string>`(SELECT coalesce(sum(dl.consumed_amount), 0) FROM declaration_line dl WHERE dl.declaration_id = d.id)`.as("amount_ht"),
        sql<boolean>`EXISTS (SELECT 1 FROM invoice_declaration idl JOIN invoice i ON i.id = idl.invoice_id WHERE idl.declaration_id = d.id AND i.status <> 'rejected')`.as(
          "invoiced",
        ),
      ])
      .where("d.order_id", "=", orderId)
      .where("d.status", "=", "validated")
      .orderBy("d.month")
      .orderBy("d.id")
      .execute(),
    // R18: what each company (lead, co-contractors, accepted subcontractors) did, invoiced, was paid and may still invoice
    invoicingCompanies(db, orderId),
  ]);
  const s = sums.rows[0];
  const validatedTtc = toCents(dec(s.validated_ht).plus(toCents(dec(s.validated_ht).times(order.vat_rate))));
  return {
    order: {
      id: order.id,
      ejNumber: order.ej_number,
      status: order.status,
      contractorId: order.contractor_id,
      beneficiaryId: order.beneficiary_id,
      vatRate: order.vat_rate,
    },
    validatedHt: toCents(dec(s.validated_ht)),
    validatedTtc,
    invoicedHt: toCents(dec(s.invoiced_ht)),
    invoicedTtc: toCents(dec(s.invoiced_ttc)),
    paidTtc: toCents(dec(s.paid_ttc)),
    notInvoicedHt: toCents(dec(s.validated_ht).minus(s.invoiced_ht)),
    invoices: list.rows,
    invoiceCount: list.total,
    companies,
    declarations: declarations.map((d) => ({ id: d.id, month: d.month, kind: d.kind, amountHt: d.amount_ht, invoiced: d.invoiced })),
  };
}

// ---------------------------------------------------------------------------------------------------
// Per year, for the budget (R11) and the ceilings (issue 18): the orders in scope, as of each year's end.

/**
 * Service fait not yet invoiced at the end of each year: per order, the HT validated up to 31 December
 * minus the HT of its invoices (not rejected) received up to then; TTC at the order's rate, rounded per
 * order and year. Years from the first validation to the current one.
 */
export async function serviceFaitNotInvoicedByYear(db: Executor, user: Scoped, today = todayInParis()): Promise<{ year: number; ht: string; ttc: string }[]> {
  const orders = db.selectFrom("purchase_order as po").select(["po.id", "po.vat_rate"]).where(orderScope(user)).where("po.status", "<>", "draft");
  const { rows } = await sql<{ year: number; ht: string; ttc: string }>`
    WITH o AS MATERIALIZED (${orders}),
    years AS (
      SELECT generate_series(
        (SELECT coalesce(min(extract(year FROM d.validated_at AT TIME ZONE 'Europe/Paris')), extract(year FROM ${today}::date)) FROM declaration d JOIN o ON o.id = d.order_id WHERE d.status = 'validated')::int,
        extract(year FROM ${today}::date)::int) AS year
    ),
    per_order AS (
      SELECT y.year, o.id, o.vat_rate,
        (SELECT coalesce(sum(dl.consumed_amount), 0) FROM declaration_line dl JOIN declaration d ON d.id = dl.declaration_id
          WHERE dl.order_id = o.id AND d.status = 'validated' AND (d.validated_at AT TIME ZONE 'Europe/Paris')::date <= make_date(y.year, 12, 31))
        - (SELECT coalesce(sum(i.amount_ht), 0) FROM invoice i WHERE i.order_id = o.id AND i.status <> 'rejected' AND i.received_on <= make_date(y.year, 12, 31)) AS ht
      FROM years y CROSS JOIN o
    )
    SELECT year, sum(ht)::numeric(14, 2)::text AS ht, sum(ht + round(ht * vat_rate, 2))::numeric(14, 2)::text AS ttc
    FROM per_order GROUP BY year ORDER BY year`.execute(db);
  return rows.map((r) => ({ year: Number(r.year), ht: r.ht, ttc: r.ttc }));
}

/** Invoiced and not yet paid at the end of each year: TTC of the invoices (not rejected) received by then and not paid by then. */
export async function invoicedNotPaidByYear(db: Executor, user: Scoped, today = todayInParis()): Promise<{ year: number; ttc: string }[]> {
  const { rows } = await sql<{ year: number; ttc: string }>`
    WITH i AS MATERIALIZED (${db
      .selectFrom("invoice as i")
      .innerJoin("purchase_order as po", "po.id", "i.order_id")
      .where(invoiceScope(user))
      .where("i.status", "<>", "rejected")
      .select(["i.received_on", "i.paid_on", "i.amount_ttc"])}),
    years AS (SELECT generate_series((SELECT coalesce(min(extract(year FROM received_on)), extract(year FROM ${today}::date)) FROM i)::int, extract(year FROM ${today}::date)::int) AS year)
    SELECT y.year, coalesce(sum(i.amount_ttc) FILTER (WHERE i.received_on <= make_date(y.year, 12, 31) AND (i.paid_on IS NULL OR i.paid_on > make_date(y.year, 12, 31))), 0)::text AS ttc
    FROM years y LEFT JOIN i ON true GROUP BY y.year ORDER BY y.year`.execute(db);
  return rows.map((r) => ({ year: Number(r.year), ttc: r.ttc }));
}

/** R11/R15: CP of each year = TTC of the invoices paid that year (by payment date). */
export async function paidByYear(db: Executor, user: Scoped): Promise<{ year: number; ttc: string }[]> {
  const rows = await db
    .selectFrom("invoice as i")
    .innerJoin("purchase_order as po", "po.id", "i.order_id")
    .where(invoiceScope(user))
    .where("i.status", "=", "paid")
    .select([sql<number>`extract(year FROM i.paid_on)::int`.as("year"), sql<string>`sum(i.amount_ttc)`.as("ttc")])
    .groupBy(sql`1`)
    .orderBy(sql`1`)
    .execute();
  return rows.map((r) => ({ year: Number(r.year), ttc: r.ttc }));
}

// ---------------------------------------------------------------------------------------------------
// Invoices to watch (R16): the alerts and the homes read the same rows, so the badge counts what the lists show.

/** An invoice suspended for longer than this raises an alert (its clock is stopped while the missing items are awaited). */
export const SUSPENDED_ALERT_DAYS = 15;

export type WatchReason = "late" | "soon" | "suspended";
export type WatchedInvoice = InvoiceRow & { watch: WatchReason; interestPerDay: string | null };

/**
 * The invoices in scope that are late (unpaid past their due date), due within 7 days, or suspended for more
 * than 15 days, as of `today`, most urgent first (the latest due date last); with what a late day costs.
 */
export async function invoicesToWatch(db: Executor, user: Scoped, today = todayInParis()): Promise<WatchedInvoice[]> {
  const suspendedLong = sql<boolean>`(i.status = 'suspended' AND i.suspended_on < ${today}::date - ${SUSPENDED_ALERT_DAYS}::int)`;
  const [rows, rates] = await Promise.all([
    invoiceRows(db, user)
      .select([lateSql(today).as("is_late"), dueWithinSql(today, DUE_SOON_DAYS).as("is_soon"), dueOnSql.as("due_on")])
      .where(sql<boolean>`(${lateSql(today)} OR ${dueWithinSql(today, DUE_SOON_DAYS)} OR ${suspendedLong})`)
      .orderBy(sql`${dueOnSql} NULLS LAST`)
      .orderBy("i.suspended_on")
      .orderBy("i.id")
      .execute(),
    ecbRates(db),
  ]);
  return rows.map((r) => {
    const row = toRow(r, rates, today);
    const watch: WatchReason = r.is_late ? "late" : r.is_soon ? "soon" : "suspended";
    return { ...row, watch, interestPerDay: watch === "suspended" ? null : interestPerDay(r.amount_ttc, r.due_on, rates) };
  });
}

export interface PaymentStats {
  /** invoices paid in the 365 days up to today */
  paidCount: number;
  /** their average payment time in days (payment − start of the clock, suspension days left out), one decimal */
  averageDays: string | null;
  /** the share of them paid after their due date (0 to 1) */
  lateShare: string | null;
  /** late interest (with the 40 € indemnity) per beneficiary and year: paid late, by year of payment; unpaid late, as of today */
  interest: { beneficiary: string; year: number; invoices: number; total: string; rateMissing: number; unpaid: number }[];
}

/** DINUM's home (R16): the délai global de paiement over 12 months, the share paid late, the interest owed by year and beneficiary. */
export async function paymentStats(db: Executor, user: Scoped, today = todayInParis()): Promise<PaymentStats> {
  const yearAgo = addDays(today, -365);
  const [paid, late, rates] = await Promise.all([
    invoiceRows(db, user).where("i.status", "=", "paid").where("i.paid_on", ">", yearAgo).where("i.paid_on", "<=", today).execute(),
    invoiceRows(db, user)
      .where(sql<boolean>`((i.status = 'paid' AND i.paid_on > ${dueOnSql}) OR ${lateSql(today)})`)
      .execute(),
    ecbRates(db),
  ]);
  let days = dec(0);
  let lateCount = 0;
  for (const r of paid) {
    const c = clockOfRow(r, rates, today);
    const suspended = r.suspended_on && r.resumed_on ? daysBetween(r.suspended_on, r.resumed_on) : 0;
    days = days.plus(daysBetween(c.startOn, r.paid_on!) - suspended);
    if (c.daysLate > 0) lateCount++;
  }
  const groups = new Map<string, PaymentStats["interest"][number]>();
  for (const r of late) {
    const c = clockOfRow(r, rates, today);
    if (!c.interest.late) continue;
    const year = Number((r.paid_on ?? today).slice(0, 4));
    const key = `${r.beneficiary_name}|${year}`;
    const g = groups.get(key) ?? { beneficiary: r.beneficiary_name, year, invoices: 0, total: "0.00", rateMissing: 0, unpaid: 0 };
    g.invoices++;
    if (!r.paid_on) g.unpaid++;
    if (c.interest.rateMissing) g.rateMissing++;
    else g.total = toCents(dec(g.total).plus(c.interest.total));
    groups.set(key, g);
  }
  return {
    paidCount: paid.length,
    averageDays: paid.length ? days.dividedBy(paid.length).toFixed(1) : null,
    lateShare: paid.length ? dec(lateCount).dividedBy(paid.length).toFixed(4) : null,
    interest: [...groups.values()].sort((a, b) => b.year - a.year || a.beneficiary.localeCompare(b.beneficiary, "fr")),
  };
}

/** The contractor's home: its invoices per state, and the unpaid ones with the date they should be paid by (the due date). */
export async function contractorInvoiceSummary(db: Executor, user: Scoped, today = todayInParis(), limit = 5) {
  const [counts, open, rates, awaiting] = await Promise.all([
    invoiceRows(db, user)
      .clearSelect()
      .select(["i.status", sql<string>`count(*)`.as("n"), sql<string>`sum(i.amount_ttc)`.as("ttc")])
      .groupBy("i.status")
      .execute(),
    invoiceRows(db, user)
      .where("i.status", "in", ["deposited", "suspended", "in_payment"])
      .orderBy(sql`${dueOnSql} NULLS LAST`)
      .orderBy("i.id")
      .limit(limit)
      .execute(),
    ecbRates(db),
    // R18: its subcontractors' invoices awaiting its approval (15 days, silence is approval)
    invoiceRows(db, user)
      .clearSelect()
      .select([sql<string>`count(*)`.as("n"), sql<string | null>`min(i.approval_due_on)::text`.as("first_due")])
      .where(awaitingHolderSql(today))
      .executeTakeFirstOrThrow(),
  ]);
  const order: InvoiceStatus[] = ["deposited", "suspended", "in_payment", "paid", "rejected"];
  return {
    byStatus: order.map((s) => {
      const c = counts.find((x) => x.status === s);
      return { status: s, count: Number(c?.n ?? 0), ttc: c?.ttc ?? "0.00" };
    }),
    open: open.map((r) => toRow(r, rates, today)),
    openCount: counts.filter((c) => c.status !== "paid" && c.status !== "rejected").reduce((n, c) => n + Number(c.n), 0),
    awaitingApproval: { count: Number(awaiting.n), firstDueOn: awaiting.first_due },
  };
}
