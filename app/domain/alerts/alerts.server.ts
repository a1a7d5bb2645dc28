// Alerts per role, computed from the data in scope (nothing stored): missing declarations after the 5th of
// the following month, validations pending, orders past 80 % / 100 % consumed, orders ending within 30 days
// with days left, and (R14) orders whose period has ended with days left ("échu avec reste"), for their
// correspondents and DINUM until they are closed; (R16) invoices late, due within 7 days or suspended for
// more than 15 days.
import { sql } from "kysely";
import type { Db, Executor } from "../../../db/client";
import { can } from "../../auth/grants";
import { orderScope, dataScope, scopeKey } from "../../auth/scope.server";
import { beneficiaryParts, versionedCache } from "../../lib/versioned-cache.server";
import { firstOfSorted } from "../../lib/merge";
import type { SessionUser } from "../../auth/user";
import { addDays, addMonths, firstOfMonth, todayInParis } from "../../lib/dates";
import { dec } from "../../lib/decimal";
import { formatDate, formatDays, formatEuros, formatMonth, formatPercent } from "../../lib/format";
import { toFigures } from "../consumption/figures";
import { orderFiguresLateral } from "../consumption/queries.server";
import {
  countToDeclare,
  countToDeclareBy,
  countToValidate,
  countToValidateBy,
  listToDeclare,
  listToDeclareBy,
  listToValidate,
  listToValidateBy,
  type DeclarationListItem,
  type ToDeclareItem,
} from "../declarations/queries.server";
import { ofMonth } from "../declarations/caps";
import { isEndedWithRemaining } from "../orders/ending";
import { endedWithRemainingSql } from "../orders/ending.server";
import { ceilingStatuses, ceilingWarnings, type CeilingStatus } from "../ceilings/queries.server";
import { invoicesToWatch, SUSPENDED_ALERT_DAYS, type WatchedInvoice } from "../invoices/queries.server";

export type AlertKind =
  | "missing_declaration"
  | "pending_validation"
  | "ended_with_remaining"
  | "consumed_100"
  | "consumed_80"
  | "ending_soon"
  | "ceiling_100"
  | "ceiling_80"
  | "invoice_late"
  | "invoice_due_soon"
  | "invoice_suspended";

export interface Alert {
  kind: AlertKind;
  severity: "error" | "warning" | "info";
  /** null: an alert about the contract, not one order (R17 ceilings) */
  orderId: number | null;
  orderNumber: string;
  productName: string;
  title: string;
  detail: string;
  href: string;
  month?: string;
  daysLeft?: number;
}

/** The last month whose declaration is overdue today: the 5th of the following month has passed. */
export function lastOverdueMonth(today: string): string {
  const day = Number(today.slice(8, 10));
  return addMonths(firstOfMonth(today), day > 5 ? -1 : -2);
}

/** Calendar days from `from` to `to` ('YYYY-MM-DD'), without timezones. */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

export const ENDING_WITHIN_DAYS = 30;
/** at most this many missing months, and as many declarations to validate, are listed */
const ALERTS_LIMIT = 20_000;

async function orderConsumption(db: Executor, user: SessionUser, today: string, beneficiaryIds: number[] | null = null) {
  const rows = await db
    .selectFrom("purchase_order as po")
    .innerJoin("product as p", "p.id", "po.product_id")
    .leftJoinLateral(
      (eb) => orderFiguresLateral(eb),
      (j) => j.onTrue(),
    )
    .where(orderScope(user))
    .where("po.status", "=", "issued")
    .$if(beneficiaryIds !== null, (qb) => qb.where("po.beneficiary_id", "=", sql<number>`ANY(${beneficiaryIds}::int[])`))
    .where((eb) =>
      eb.or([
        sql<boolean>`f.consumed_days >= 0.8 * f.ordered_days AND f.ordered_days > 0`,
        eb.and([eb("po.period_end", ">=", today), eb("po.period_end", "<=", addDays(today, ENDING_WITHIN_DAYS))]),
        endedWithRemainingSql(today),
      ]),
    )
    .select([
      "po.id",
      "po.number",
      "po.status",
      "po.period_end",
      "po.beneficiary_id",
      "p.name as productName",
      "f.ordered_days",
      "f.ordered_ht",
      "f.consumed_days",
      "f.consumed_ht",
      "f.pending_days",
    ])
    .orderBy("po.period_end")
    .orderBy("po.id")
    .execute();
  return rows.map((r) => ({ ...r, figures: toFigures(r) }));
}

/** The alerts of the months to declare (R8: missing after the 5th of the following month). */
function missingAlerts(missing: Awaited<ReturnType<typeof listToDeclare>>, user: SessionUser): Alert[] {
  const declares = can(user, "declaration:write");
  return missing.map((m) => ({
    kind: "missing_declaration",
    severity: "error",
    orderId: m.orderId,
    orderNumber: m.orderNumber,
    productName: m.productName,
    month: m.month,
    title: `Déclaration ${ofMonth(m.month)} manquante`,
    detail: `${m.contractorName} : attendue avant le 5 ${formatMonth(addMonths(m.month, 1))}${m.declarationStatus === "rejected" ? " (rejetée, à corriger)" : m.declarationStatus === "draft" ? " (brouillon non soumis)" : ""}.`,
    href: declares
      ? m.declarationId
        ? `/declarations/${m.declarationId}/modifier`
        : `/declarations/nouvelle?commande=${m.orderId}&mois=${m.month.slice(0, 7)}`
      : `/commandes/${m.orderId}`,
  }));
}

/** The alerts of the declarations awaiting service fait. */
function validationAlerts(submitted: Awaited<ReturnType<typeof listToValidate>>, user: SessionUser): Alert[] {
  const validates = can(user, "declaration:validate");
  return submitted.map((d) => ({
    kind: "pending_validation",
    severity: validates ? "warning" : "info",
    orderId: d.orderId,
    orderNumber: d.orderNumber,
    productName: d.productName,
    month: d.month,
    title: validates ? `Déclaration ${ofMonth(d.month)} à valider` : `Déclaration ${ofMonth(d.month)} en attente de validation`,
    detail: `${d.contractorName} : ${formatDays(d.days)} j déclarés.`,
    href: `/declarations/${d.id}`,
  }));
}

export async function listAlerts(db: Executor, user: SessionUser, today = todayInParis()): Promise<Alert[]> {
  // the months to declare and the declarations to validate, drafts hidden as everywhere (declarationScope)
  const missing = await listToDeclare(db, user, { today, before: lastOverdueMonth(today), limit: ALERTS_LIMIT });
  const alerts = missingAlerts(missing, user);
  alerts.push(...validationAlerts(await listToValidate(db, user, ALERTS_LIMIT), user));
  alerts.push(...consumptionAlerts(await orderConsumption(db, user, today), user, today));
  if (can(user, "ceiling:read")) alerts.push(...ceilingAlerts(ceilingWarnings(await ceilingStatuses(db, today)), today));
  if (can(user, "invoice:read")) alerts.push(...invoiceAlerts(await invoicesToWatch(db, user, today), user, today));
  return alerts;
}

/**
 * R16: for the buyer's side (who pays), an invoice late or due within 7 days, with what a late day costs;
 * for everyone who sees it, one suspended for more than 15 days (the contractor has items to send).
 */
function invoiceAlerts(invoices: WatchedInvoice[], user: SessionUser, today: string): Alert[] {
  const pays = can(user, "invoice:process");
  const alerts: Alert[] = [];
  for (const i of invoices) {
    if (i.watch !== "suspended" && !pays) continue;
    const base = { orderId: i.orderId, orderNumber: i.orderNumber, productName: i.beneficiaryName, href: `/factures/${i.id}` };
    const perDay = i.interestPerDay ? ` ; chaque jour de retard coûte ${formatEuros(i.interestPerDay)} d'intérêts moratoires` : "";
    if (i.watch === "late") {
      const owed =
        i.clock.interest.late && !i.clock.interest.rateMissing ? ` : ${formatEuros(i.clock.interest.total)} dus à ce jour (intérêts et indemnité de 40 €)` : "";
      alerts.push({
        ...base,
        kind: "invoice_late",
        severity: "error",
        title: `Facture ${i.number} en retard de ${i.clock.daysLate} jour${i.clock.daysLate > 1 ? "s" : ""}`,
        detail: `${i.contractorName}, ${formatEuros(i.amountTtc)} TTC, échue le ${formatDate(i.clock.dueOn)}${owed}${perDay}.`,
      });
    } else if (i.watch === "soon") {
      const daysLeft = daysBetween(today, i.clock.dueOn!);
      alerts.push({
        ...base,
        kind: "invoice_due_soon",
        severity: "warning",
        daysLeft,
        title: daysLeft === 0 ? `Facture ${i.number} à payer aujourd'hui` : `Facture ${i.number} à payer d'ici ${daysLeft} jour${daysLeft > 1 ? "s" : ""}`,
        detail: `${i.contractorName}, ${formatEuros(i.amountTtc)} TTC, échéance le ${formatDate(i.clock.dueOn)}${perDay}.`,
      });
    } else {
      const days = daysBetween(i.suspendedOn!, today);
      alerts.push({
        ...base,
        kind: "invoice_suspended",
        severity: "warning",
        title: `Facture ${i.number} suspendue depuis ${days} jours`,
        detail: `${i.contractorName}, ${formatEuros(i.amountTtc)} TTC, suspendue le ${formatDate(i.suspendedOn)} (plus de ${SUSPENDED_ALERT_DAYS} jours) : le délai de paiement reprend quand les pièces manquantes arrivent.`,
      });
    }
  }
  return alerts;
}

export interface AlertGroups {
  /** how many alerts listAlerts gives */
  total: number;
  /** per kind, how many and the first `shown`, in listAlerts's order */
  byKind: Record<AlertKind, { total: number; items: Alert[] }>;
}

const ALERT_KINDS: AlertKind[] = [
  "missing_declaration",
  "pending_validation",
  "ended_with_remaining",
  "consumed_100",
  "consumed_80",
  "ending_soon",
  "ceiling_100",
  "ceiling_80",
  "invoice_late",
  "invoice_due_soon",
  "invoice_suspended",
];

/** The alerts page: each kind's count and its first `shown` alerts (DINUM has tens of thousands at national scale: they are counted, not built). */
export async function alertGroups(db: Executor, user: SessionUser, shown: number, today = todayInParis()): Promise<AlertGroups> {
  const before = lastOverdueMonth(today);
  const [missing, missingTotal, submitted, submittedTotal, orders, ceilings, invoices] = await Promise.all([
    listToDeclare(db, user, { today, before, limit: Math.min(shown, ALERTS_LIMIT) }),
    countToDeclare(db, user, { today, before }),
    listToValidate(db, user, Math.min(shown, ALERTS_LIMIT)),
    countToValidate(db, user),
    orderConsumption(db, user, today),
    can(user, "ceiling:read") ? ceilingStatuses(db, today) : Promise.resolve([]),
    can(user, "invoice:read") ? invoicesToWatch(db, user, today) : Promise.resolve([]),
  ]);
  const byKind = Object.fromEntries(ALERT_KINDS.map((k) => [k, { total: 0, items: [] as Alert[] }])) as AlertGroups["byKind"];
  for (const a of [...consumptionAlerts(orders, user, today), ...ceilingAlerts(ceilingWarnings(ceilings), today), ...invoiceAlerts(invoices, user, today)]) {
    const g = byKind[a.kind];
    g.total++;
    if (g.items.length < shown) g.items.push(a);
  }
  byKind.missing_declaration = { total: Math.min(missingTotal, ALERTS_LIMIT), items: missingAlerts(missing, user) };
  byKind.pending_validation = { total: Math.min(submittedTotal, ALERTS_LIMIT), items: validationAlerts(submitted, user) };
  return { total: ALERT_KINDS.reduce((n, k) => n + byKind[k].total, 0), byKind };
}

const pageCache = versionedCache<AlertGroups>({ maxEntries: 1_000 });

/**
 * Whose alerts are put together from one part per beneficiary: DINUM (everything) and a contractor (issue 15: the
 * national contractor has orders in most beneficiaries, so its counter moves with nearly every write, and its
 * badge recounted its 1,800 orders each time); a correspondent sees one beneficiary.
 */
const byBeneficiary = (user: SessionUser) => dataScope(user) === null || user.contractorId != null;

/** The alerts page, kept per scope and day like the badge until the data in scope changes. */
export function alertsPage(db: Db, user: SessionUser, shown: number, today = todayInParis()): Promise<AlertGroups> {
  // DINUM's (no scope: everything) and a contractor's (orders in many beneficiaries) from one part per
  // beneficiary, each kept until a write in its scope
  const groups = byBeneficiary(user) ? alertGroupsByBeneficiary : alertGroups;
  return pageCache.get(db, `${scopeKey(user)}|${today}|${shown}`, (snapshot) => groups(snapshot, user, shown, today), dataScope(user));
}

/** The kinds an order's figures and dates raise (consumptionAlerts). */
type OrderAlertKind = "ended_with_remaining" | "consumed_100" | "consumed_80" | "ending_soon";
const ORDER_ALERT_KINDS: OrderAlertKind[] = ["ended_with_remaining", "consumed_100", "consumed_80", "ending_soon"];

/** One beneficiary's part of DINUM's alerts page: per kind, how many and its first `shown` in listAlerts's order. */
interface AlertsPagePart {
  missingTotal: number;
  /** month, then order number (listToDeclare) */
  missing: ToDeclareItem[];
  submittedTotal: number;
  /** oldest submission first (listToValidate) */
  submitted: DeclarationListItem[];
  /** the orders' alerts, each kind in the orders' order (period end, then id: orderConsumption) */
  orders: Record<OrderAlertKind, { total: number; items: { periodEnd: string; alert: Alert }[] }>;
}
const noOrderAlerts = (): AlertsPagePart["orders"] => ({
  ended_with_remaining: { total: 0, items: [] },
  consumed_100: { total: 0, items: [] },
  consumed_80: { total: 0, items: [] },
  ending_soon: { total: 0, items: [] },
});
const EMPTY_PAGE_PART: AlertsPagePart = {
  missingTotal: 0,
  missing: [],
  submittedTotal: 0,
  submitted: [],
  orders: noOrderAlerts(),
};
const pageParts = beneficiaryParts<AlertsPagePart>({ maxEntries: 5_000 });

/** Byte order, as PostgreSQL's "C" collation sorts the order numbers (db/embedded.ts initdb --locale=C). */
const byBytes = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * alertGroups for DINUM or a contractor (orders in many beneficiaries), in the snapshot `snapshot`, from its
 * beneficiaries' parts (issue 15: a write anywhere made DINUM's alerts page count and build the whole
 * contract's alerts again, 0.6–0.9 s at factor 1; now it recomputes the part of the beneficiary written to).
 * Each part holds its counts per kind and its first `shown` alerts per kind; the page's first `shown` of a
 * kind are the first of those put together, in listAlerts's order. The contract's maxima and the invoices
 * are read each time (a few rows). Equal to alertGroups (tests/integration/dinum-parts.test.ts).
 */
export async function alertGroupsByBeneficiary(snapshot: Executor, user: SessionUser, shown: number, today = todayInParis()): Promise<AlertGroups> {
  const before = lastOverdueMonth(today);
  const limit = Math.min(shown, ALERTS_LIMIT);
  const [parts, ceilings, invoices] = await Promise.all([
    pageParts.get(
      snapshot,
      `${scopeKey(user)}|${today}|${shown}`,
      async (ids) => {
        const [missingTotals, missing, submittedTotals, submitted, orders] = await Promise.all([
          countToDeclareBy(snapshot, user, { today, before }, ids),
          listToDeclareBy(snapshot, user, { today, before }, ids, limit),
          countToValidateBy(snapshot, user, ids),
          listToValidateBy(snapshot, user, ids, limit),
          orderConsumption(snapshot, user, today, ids),
        ]);
        const out = new Map<number, AlertsPagePart>();
        const part = (id: number) => out.get(id) ?? out.set(id, { ...EMPTY_PAGE_PART, orders: noOrderAlerts() }).get(id)!;
        for (const [id, n] of missingTotals) part(id!).missingTotal = n;
        for (const [id, items] of missing) part(id).missing = items;
        for (const [id, n] of submittedTotals) part(id).submittedTotal = n;
        for (const [id, items] of submitted) part(id).submitted = items;
        const orderOf = new Map(orders.map((o) => [o.id, o]));
        for (const a of consumptionAlerts(orders, user, today)) {
          const o = orderOf.get(a.orderId!)!;
          const g = part(o.beneficiary_id).orders[a.kind as OrderAlertKind];
          g.total++;
          if (g.items.length < shown) g.items.push({ periodEnd: o.period_end, alert: a });
        }
        return out;
      },
      EMPTY_PAGE_PART,
    ),
    can(user, "ceiling:read") ? ceilingStatuses(snapshot, today) : Promise.resolve([]),
    can(user, "invoice:read") ? invoicesToWatch(snapshot, user, today) : Promise.resolve([]),
  ]);
  const list = [...parts.values()];
  const byKind = Object.fromEntries(ALERT_KINDS.map((k) => [k, { total: 0, items: [] as Alert[] }])) as AlertGroups["byKind"];
  for (const a of [...ceilingAlerts(ceilingWarnings(ceilings), today), ...invoiceAlerts(invoices, user, today)]) {
    const g = byKind[a.kind];
    g.total++;
    if (g.items.length < shown) g.items.push(a);
  }
  for (const kind of ORDER_ALERT_KINDS) {
    const items = firstOfSorted(
      list.map((p) => p.orders[kind].items),
      (a, b) => byBytes(a.periodEnd, b.periodEnd) || a.alert.orderId! - b.alert.orderId!,
      shown,
    ).map((x) => x.alert);
    byKind[kind] = { total: list.reduce((n, p) => n + p.orders[kind].total, 0), items };
  }
  // each part's lists are in listAlerts's order already: the first of them put together (not 60 × 100 sorted)
  const missing = firstOfSorted(
    list.map((p) => p.missing),
    (a, b) => byBytes(a.month, b.month) || byBytes(a.orderNumber, b.orderNumber),
    limit,
  );
  const at = (d: DeclarationListItem) => (d.submittedAt ? new Date(d.submittedAt).getTime() : Infinity);
  const submitted = firstOfSorted(
    list.map((p) => p.submitted),
    (a, b) => at(a) - at(b) || a.id - b.id,
    limit,
  );
  byKind.missing_declaration = {
    total: Math.min(
      sum(list, (p) => p.missingTotal),
      ALERTS_LIMIT,
    ),
    items: missingAlerts(missing, user),
  };
  byKind.pending_validation = {
    total: Math.min(
      sum(list, (p) => p.submittedTotal),
      ALERTS_LIMIT,
    ),
    items: validationAlerts(submitted, user),
  };
  return { total: ALERT_KINDS.reduce((n, k) => n + byKind[k].total, 0), byKind };
}

const sum = <T>(xs: T[], f: (x: T) => number) => xs.reduce((n, x) => n + f(x), 0);

/** The alerts an order's figures and dates raise: ended with days left (R14), 80 % / 100 % consumed, ending soon. */
function consumptionAlerts(orders: Awaited<ReturnType<typeof orderConsumption>>, user: SessionUser, today: string): Alert[] {
  const alerts: Alert[] = [];
  const endedAlerts = can(user, "order:ended-alert");
  const closes = can(user, "order:write"); // the correspondent closes ("solder") its beneficiary's orders
  for (const o of orders) {
    // R14: for the order's correspondents and DINUM (the contractor can no longer declare past the end)
    if (endedAlerts && isEndedWithRemaining({ status: o.status, periodEnd: o.period_end, remainingDays: o.figures.remainingDays }, today)) {
      alerts.push({
        kind: "ended_with_remaining",
        severity: "error",
        orderId: o.id,
        orderNumber: o.number ?? "",
        productName: o.productName,
        title: closes ? "Bon de commande échu avec reste : à solder" : "Bon de commande échu avec reste",
        detail: `Période terminée le ${formatDate(o.period_end)} avec ${formatDays(o.figures.remainingDays)} j non consommés (${formatEuros(o.figures.remainingHt)} HT) ; le solder libère ce reste.`,
        href: closes ? `/commandes/${o.id}#solder` : `/commandes/${o.id}`,
      });
    }
    const rate = dec(o.figures.consumptionRate);
    if (!dec(o.figures.orderedDays).isZero() && rate.greaterThanOrEqualTo("0.8")) {
      const full = rate.greaterThanOrEqualTo(1);
      alerts.push({
        kind: full ? "consumed_100" : "consumed_80",
        severity: full ? "error" : "warning",
        orderId: o.id,
        orderNumber: o.number ?? "",
        productName: o.productName,
        title: full ? "Bon de commande entièrement consommé" : `Bon de commande consommé à ${formatPercent(o.figures.consumptionRate, 0)}`,
        detail: `${formatDays(o.figures.consumedDays)} j consommés sur ${formatDays(o.figures.orderedDays)} j ; reste ${formatDays(o.figures.remainingDays)} j.`,
        href: `/commandes/${o.id}`,
      });
    }
    const daysLeft = daysBetween(today, o.period_end);
    if (daysLeft >= 0 && daysLeft <= ENDING_WITHIN_DAYS && dec(o.figures.remainingDays).greaterThan(0)) {
      alerts.push({
        kind: "ending_soon",
        severity: "warning",
        orderId: o.id,
        orderNumber: o.number ?? "",
        productName: o.productName,
        daysLeft,
        title: daysLeft === 0 ? "Bon de commande qui se termine aujourd'hui" : `Bon de commande qui se termine dans ${daysLeft} jour${daysLeft > 1 ? "s" : ""}`,
        detail: `Fin le ${formatDate(o.period_end)} avec ${formatDays(o.figures.remainingDays)} j non consommés.`,
        href: `/commandes/${o.id}`,
      });
    }
  }
  return alerts;
}

/** R17: the current periods' maxima at 80 % or 100 %, or forecast to be reached before the period's end. */
function ceilingAlerts(warnings: CeilingStatus[], today: string): Alert[] {
  return warnings.map((c) => {
    const full = c.level === "100";
    const of = `${c.lotNumber === null ? "l'accord-cadre" : `du lot ${c.lotNumber}`} ${c.contractReference} (${c.periodLabel})`;
    const forecast =
      c.forecastDate && c.forecastDate > today
        ? ` Au rythme des six derniers mois, il serait atteint le ${formatDate(c.forecastDate)}${c.beforeEnd ? `, avant la fin de la période (${formatDate(c.endDate)})` : ""}.`
        : "";
    return {
      kind: full ? "ceiling_100" : "ceiling_80",
      severity: full ? "error" : "warning",
      orderId: null,
      orderNumber: "",
      productName: "",
      title: full
        ? `Montant maximum atteint : ${of}`
        : c.level === "80"
          ? `Montant maximum ${of} engagé à ${formatPercent(c.rate, 0)}`
          : `Montant maximum ${of} atteint avant la fin de la période`,
      detail: `${formatEuros(c.orderedHt)} HT commandés sur ${formatEuros(c.maxHt)} HT ; il reste ${formatEuros(c.leftHt)} HT.${forecast}`,
      href: `/referentiel/contrats/${c.contractId}/plafonds`,
    } satisfies Alert;
  });
}

// The header badge is on every page: its count is kept per scope and day, and recomputed only when the
// data changed (the alerts page is kept the same way, alertsPage).
const badgeCache = versionedCache<number>({ maxEntries: 2_000 });

/** The header badge: how many alerts the user has. */
export async function alertCount(db: Db, user: SessionUser, today = todayInParis()): Promise<number> {
  // DINUM's and a contractor's from one part per beneficiary, each kept until a write in its scope
  const count = byBeneficiary(user) ? countAlertsByBeneficiary : countAlerts;
  return badgeCache.get(db, `${scopeKey(user)}|${today}`, (snapshot) => count(snapshot, user, today), dataScope(user));
}

interface BadgePart {
  missing: number;
  toValidate: number;
  orders: number;
}
const badgeParts = beneficiaryParts<BadgePart>({ maxEntries: 5_000 });

/**
 * countAlerts for DINUM or a contractor (orders in many beneficiaries), in the snapshot `snapshot`: the alerts of the
 * orders (months to declare, declarations to validate, consumption and dates) summed over the beneficiaries'
 * parts, of which only those whose data moved are counted again (issue 15: a write anywhere made DINUM's
 * badge, on every one of its pages, count the whole contract again); the contract's maxima and the invoices
 * are counted each time (a few rows). Equal to countAlerts (tests/integration/alerts-badge-parts.test.ts).
 */
export async function countAlertsByBeneficiary(snapshot: Executor, user: SessionUser, today = todayInParis()): Promise<number> {
  const before = lastOverdueMonth(today);
  const [parts, ceilings, invoices] = await Promise.all([
    badgeParts.get(
      snapshot,
      `${scopeKey(user)}|${today}`,
      async (ids) => {
        const [missing, toValidate, orders] = await Promise.all([
          countToDeclareBy(snapshot, user, { today, before }, ids),
          countToValidateBy(snapshot, user, ids),
          orderConsumption(snapshot, user, today, ids),
        ]);
        const out = new Map<number, BadgePart>();
        const part = (id: number) => out.get(id) ?? out.set(id, { missing: 0, toValidate: 0, orders: 0 }).get(id)!;
        for (const [id, n] of missing) part(id!).missing = n;
        for (const [id, n] of toValidate) part(id).toValidate = n;
        const beneficiaryOf = new Map(orders.map((o) => [o.id, o.beneficiary_id]));
        for (const a of consumptionAlerts(orders, user, today)) part(beneficiaryOf.get(a.orderId!)!).orders++;
        return out;
      },
      { missing: 0, toValidate: 0, orders: 0 },
    ),
    can(user, "ceiling:read") ? ceilingStatuses(snapshot, today).then((c) => ceilingAlerts(ceilingWarnings(c), today).length) : Promise.resolve(0),
    can(user, "invoice:read") ? invoicesToWatch(snapshot, user, today).then((i) => invoiceAlerts(i, user, today).length) : Promise.resolve(0),
  ]);
  let missing = 0;
  let toValidate = 0;
  let orders = 0;
  for (const p of parts.values()) {
    missing += p.missing;
    toValidate += p.toValidate;
    orders += p.orders;
  }
  return Math.min(missing, ALERTS_LIMIT) + Math.min(toValidate, ALERTS_LIMIT) + orders + ceilings + invoices;
}

/** How many alerts listAlerts gives, without building them: counts for the months to declare and the declarations to validate. */
export async function countAlerts(db: Executor, user: SessionUser, today = todayInParis()): Promise<number> {
  const [missing, toValidate, orders, ceilings, invoices] = await Promise.all([
    countToDeclare(db, user, { today, before: lastOverdueMonth(today) }),
    countToValidate(db, user),
    orderConsumption(db, user, today),
    can(user, "ceiling:read") ? ceilingStatuses(db, today).then((c) => ceilingAlerts(ceilingWarnings(c), today).length) : Promise.resolve(0),
    can(user, "invoice:read") ? invoicesToWatch(db, user, today).then((i) => invoiceAlerts(i, user, today).length) : Promise.resolve(0),
  ]);
  return Math.min(missing, ALERTS_LIMIT) + Math.min(toValidate, ALERTS_LIMIT) + consumptionAlerts(orders, user, today).length + ceilings + invoices;
}
