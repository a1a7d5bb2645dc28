// Order reads, always scoped (auth/scope.server.ts), with R10 figures computed in SQL.
import { sql } from "kysely";
import { dec } from "../../lib/decimal";
import type { Db, Executor } from "../../../db/client";
import { orderScope, dataScope, scopeKey } from "../../auth/scope.server";
import { beneficiaryParts, versionedCache } from "../../lib/versioned-cache.server";
import type { SessionUser } from "../../auth/user";
import type { OrderStatus } from "../../../db/schema";
import { countedFigures, orderFigures, sumOrderFigures, toOrderFigures, type OrderFigures } from "../consumption/figures";
import { lineFiguresQuery, orderFiguresLateral, sumOfOrderFigures } from "../consumption/queries.server";
import { pricesInForceByHolder } from "../price-schedules/price-in-force.server";
import { orderDeclarationsSection } from "../declarations/queries.server";
import { containsPattern } from "../../lib/like";
import { todayInParis } from "../../lib/dates";
import { isEndedWithRemaining } from "./ending";
import { endedWithRemainingSql } from "./ending.server";
import { isOrderableOn } from "../products/services.server";
import { ordersWithParties } from "./joins.server";

export const ORDER_PAGE_SIZE = 25;

export interface OrderListItem {
  id: number;
  number: string | null;
  status: "draft" | "issued" | "closed" | "cancelled";
  productName: string;
  beneficiaryName: string;
  contractorName: string;
  contractReference: string;
  periodStart: string;
  periodEnd: string;
  vatRate: string;
  /** R13 figures of the order (a cancelled order counts 0, a closed one its consumption) */
  figures: OrderFigures;
  /** R14: issued, period ended, days left */
  endedWithRemaining: boolean;
}

export const ORDER_SORTS = {
  number: "po.number",
  product: "p.name",
  contractor: "c.name",
  beneficiary: "b.name",
  status: "po.status",
  start: "po.period_start",
  end: "po.period_end",
  ttc: "f.ordered_ttc",
  created: "po.created_at",
} as const;
export type OrderSort = keyof typeof ORDER_SORTS;

export interface OrderFilters {
  page?: number;
  status?: OrderStatus | null;
  productId?: number | null;
  contractorId?: number | null;
  contractId?: number | null;
  beneficiaryId?: number | null;
  /** orders whose period overlaps [from, to] ('YYYY-MM-DD') */
  from?: string | null;
  to?: string | null;
  /** part of the order number, case-insensitive */
  q?: string | null;
  /** R14: only the orders "échu avec reste" on the day the list is computed */
  endedWithRemaining?: boolean | null;
  sort?: OrderSort | null;
  dir?: "asc" | "desc" | null;
}

function filtered(db: Executor, user: SessionUser, f: OrderFilters, today: string) {
  let q = db.selectFrom("purchase_order as po").where(orderScope(user));
  if (f.status) q = q.where("po.status", "=", f.status);
  if (f.productId) q = q.where("po.product_id", "=", f.productId);
  if (f.contractorId) q = q.where("po.contractor_id", "=", f.contractorId);
  if (f.contractId) q = q.where("po.contract_id", "=", f.contractId);
  if (f.beneficiaryId) q = q.where("po.beneficiary_id", "=", f.beneficiaryId);
  if (f.from) q = q.where("po.period_end", ">=", f.from);
  if (f.to) q = q.where("po.period_start", "<=", f.to);
  if (f.q) q = q.where(sql<boolean>`po.number ILIKE ${containsPattern(f.q)}`);
  if (f.endedWithRemaining) q = q.where(endedWithRemainingSql(today));
  return q;
}

/**
 * A page of the user's orders (scoped), filtered and sorted on the server, with the totals of the whole
 * filtered set. `today` decides which orders are "échu avec reste" (R14).
 */
export async function listOrders(
  db: Executor,
  user: SessionUser,
  options: OrderFilters = {},
  today = todayInParis(),
  /** the totals of the filtered set when already known (DINUM's home: summed from its beneficiaries' parts, listTotalsPerBeneficiary) */
  knownTotals?: ListTotals,
) {
  const page = Math.max(1, Math.min(100000, options.page ?? 1));
  const base = filtered(db, user, options, today);
  const totals: ListTotals =
    knownTotals ??
    (await base
      .leftJoinLateral(
        (eb) => orderFiguresLateral(eb),
        (j) => j.onTrue(),
      )
      .select((eb) => [eb.fn.countAll<string>().as("count"), ...sumOfOrderFigures()])
      .executeTakeFirstOrThrow()
      .then((r) => ({ count: Number(r.count), figures: toOrderFigures(r) })));
  const sortColumn = ORDER_SORTS[options.sort ?? "created"] ?? ORDER_SORTS.created;
  const dir = options.dir === "asc" ? "asc" : "desc";
  const joined = base
    .innerJoin("product as p", "p.id", "po.product_id")
    .innerJoin("beneficiary as b", "b.id", "po.beneficiary_id")
    .innerJoin("contractor as c", "c.id", "po.contractor_id")
    .innerJoin("contract as k", "k.id", "po.contract_id");
  // the page's orders first, then their figures: computing every order's figures to keep 25 of them cost
  // ~200 ms for DINUM at national scale; only a sort on the figures themselves needs them all
  const pageIds =
    sortColumn === ORDER_SORTS.ttc
      ? null
      : (
          await joined
            .select("po.id")
            .orderBy(sql`${sql.ref(sortColumn)} ${sql.raw(dir === "asc" ? "asc nulls first" : "desc nulls last")}`)
            .orderBy("po.id", dir)
            .limit(ORDER_PAGE_SIZE)
            .offset((page - 1) * ORDER_PAGE_SIZE)
            .execute()
        ).map((r) => r.id);
  const rows = await joined
    .$if(pageIds !== null, (qb) => qb.where("po.id", "in", pageIds!.length ? pageIds! : [0]))
    .leftJoinLateral(
      (eb) => orderFiguresLateral(eb),
      (j) => j.onTrue(),
    )
    .select([
      "po.id",
      "po.number",
      "po.status",
      "p.name as productName",
      "b.name as beneficiaryName",
      "c.name as contractorName",
      "k.reference as contractReference",
      "po.period_start",
      "po.period_end",
      "po.vat_rate",
      "f.ordered_days",
      "f.ordered_ht",
      "f.ordered_ttc",
      "f.consumed_days",
      "f.consumed_ht",
      "f.consumed_ttc",
      "f.pending_days",
      "f.released_days",
      "f.released_ht",
      "f.released_ttc",
    ])
    .orderBy(sql`${sql.ref(sortColumn)} ${sql.raw(dir === "asc" ? "asc nulls first" : "desc nulls last")}`)
    .orderBy("po.id", dir)
    .limit(ORDER_PAGE_SIZE)
    .offset(pageIds === null ? (page - 1) * ORDER_PAGE_SIZE : 0)
    .execute();
  const items: OrderListItem[] = rows
    .map((r) => ({ r, figures: toOrderFigures(r) }))
    .map(({ r, figures }) => ({
      id: r.id,
      number: r.number,
      status: r.status,
      productName: r.productName,
      beneficiaryName: r.beneficiaryName,
      contractorName: r.contractorName,
      contractReference: r.contractReference,
      periodStart: r.period_start,
      periodEnd: r.period_end,
      vatRate: r.vat_rate,
      figures,
      endedWithRemaining: isEndedWithRemaining({ status: r.status, periodEnd: r.period_end, remainingDays: figures.remainingDays }, today),
    }));
  return {
    items,
    total: totals.count,
    page,
    pageSize: ORDER_PAGE_SIZE,
    totals: { figures: totals.figures },
  };
}

/** How many orders a list shows and their R13 figures summed. */
export interface ListTotals {
  count: number;
  figures: OrderFigures;
}

/** The unfiltered order list's totals (listOrders's) of each beneficiary of `beneficiaryIds`; one with no order is left out. */
export async function listTotalsPerBeneficiary(db: Executor, user: SessionUser, beneficiaryIds: number[]): Promise<Map<number, ListTotals>> {
  const rows = await filtered(db, user, {}, todayInParis())
    .where("po.beneficiary_id", "=", sql<number>`ANY(${beneficiaryIds}::int[])`)
    .leftJoinLateral(
      (eb) => orderFiguresLateral(eb),
      (j) => j.onTrue(),
    )
    .select((eb) => ["po.beneficiary_id", eb.fn.countAll<string>().as("count"), ...sumOfOrderFigures()])
    .groupBy("po.beneficiary_id")
    .execute();
  return new Map(rows.map((r) => [r.beneficiary_id, { count: Number(r.count), figures: toOrderFigures(r) }]));
}

/** Totals summed. */
export function sumListTotals(parts: Iterable<ListTotals>): ListTotals {
  const list = [...parts];
  return { count: list.reduce((n, p) => n + p.count, 0), figures: sumOrderFigures(list.map((p) => p.figures)) };
}

/** The choices of the list filters, within the user's scope. */
export async function orderFilterOptions(db: Executor, user: SessionUser) {
  const scoped = db.selectFrom("purchase_order as po").where(orderScope(user));
  const [products, contractors, contracts] = await Promise.all([
    scoped.innerJoin("product as p", "p.id", "po.product_id").select(["p.id", "p.name"]).distinct().orderBy("p.name").execute(),
    scoped.innerJoin("contractor as c", "c.id", "po.contractor_id").select(["c.id", "c.name"]).distinct().orderBy("c.name").execute(),
    db.selectFrom("contract").select(["id", "reference as name"]).orderBy("start_date").execute(),
  ]);
  return { products, contractors, contracts };
}

type ListPage = { orders: Awaited<ReturnType<typeof listOrders>>; options: Awaited<ReturnType<typeof orderFilterOptions>> };
const listPages = versionedCache<ListPage>({ maxEntries: 1_000 });

/**
 * The order list page (a page of orders, the totals of the filtered set, the filters' choices), kept per
 * scope, filters and day until the data changes (app/lib/versioned-cache.server.ts): the list is read far
 * more often than orders and declarations are written. The day is in the key because "échu avec reste"
 * (R14) changes at midnight without any write.
 */
export function orderListPage(db: Db, user: SessionUser, filters: OrderFilters, today = todayInParis()): Promise<ListPage> {
  const key = `${scopeKey(user)}|${today}|${JSON.stringify(filters, Object.keys(filters).sort())}`;
  return listPages.get(
    db,
    key,
    async (snapshot) => {
      // DINUM's (no scope: everything): the totals of the list with no filter or one of its four filters
      // from its beneficiaries' parts, each kept until a write in its scope
      const known = dataScope(user) === null ? await listTotalsFromParts(snapshot, user, filters) : undefined;
      const [orders, options] = await Promise.all([listOrders(snapshot, user, filters, today, known), orderFilterOptions(snapshot, user)]);
      return { orders, options };
    },
    dataScope(user),
  );
}

/** One beneficiary's order-list totals: unfiltered, and per value of each of the list's filters on one column. */
interface ListTotalsPart {
  all: ListTotals | null;
  status: Record<string, ListTotals>;
  contractor: Record<string, ListTotals>;
  contract: Record<string, ListTotals>;
  product: Record<string, ListTotals>;
}
const listTotalsParts = beneficiaryParts<ListTotalsPart>({ maxEntries: 5_000 });
const TOTALS_DIMENSIONS = { status: "po.status", contractor: "po.contractor_id", contract: "po.contract_id", product: "po.product_id" } as const;

/** Each beneficiary's ListTotalsPart of `beneficiaryIds`, in one statement (GROUPING SETS). */
async function listTotalsPartsOf(db: Executor, user: SessionUser, beneficiaryIds: number[]): Promise<Map<number, ListTotalsPart>> {
  const rows = await filtered(db, user, {}, todayInParis())
    .where("po.beneficiary_id", "=", sql<number>`ANY(${beneficiaryIds}::int[])`)
    .leftJoinLateral(
      (eb) => orderFiguresLateral(eb),
      (j) => j.onTrue(),
    )
    .select((eb) => [
      "po.beneficiary_id",
      sql<string | null>`po.status::text`.as("status"),
      sql<string | null>`po.contractor_id::text`.as("contractor"),
      sql<string | null>`po.contract_id::text`.as("contract"),
      sql<string | null>`po.product_id::text`.as("product"),
      sql<number>`GROUPING(po.status, po.contractor_id, po.contract_id, po.product_id)`.as("grouping"),
      eb.fn.countAll<string>().as("count"),
      ...sumOfOrderFigures(),
    ])
    .groupBy(sql`GROUPING SETS ((po.beneficiary_id), ${sql.join(Object.values(TOTALS_DIMENSIONS).map((c) => sql`(po.beneficiary_id, ${sql.raw(c)})`))})`)
    .execute();
  const out = new Map<number, ListTotalsPart>();
  for (const r of rows) {
    const part =
      out.get(r.beneficiary_id) ?? out.set(r.beneficiary_id, { all: null, status: {}, contractor: {}, contract: {}, product: {} }).get(r.beneficiary_id)!;
    const totals = { count: Number(r.count), figures: toOrderFigures(r) };
    // GROUPING's bits: 1 for each of the four columns left out of the row's set (status is the highest)
    const g = Number(r.grouping);
    if (g === 0b1111) part.all = totals;
    else if (g === 0b0111) part.status[String(r.status)] = totals;
    else if (g === 0b1011) part.contractor[String(r.contractor)] = totals;
    else if (g === 0b1101) part.contract[String(r.contract)] = totals;
    else if (g === 0b1110) part.product[String(r.product)] = totals;
  }
  return out;
}

/**
 * The totals listOrders would compute for `filters`, summed from the beneficiaries' parts, for a user who sees
 * every beneficiary (DINUM; issue 15: a write anywhere made its order list sum every order's figures again);
 * undefined (computed by listOrders) for filters the parts do not hold (dates, number, "échu", two filters at once).
 */
async function listTotalsFromParts(snapshot: Executor, user: SessionUser, f: OrderFilters): Promise<ListTotals | undefined> {
  if (f.from || f.to || f.q || f.endedWithRemaining || f.beneficiaryId) return undefined;
  const chosen = (
    [
      ["status", f.status],
      ["contractor", f.contractorId],
      ["contract", f.contractId],
      ["product", f.productId],
    ] as const
  ).filter(([, v]) => v != null);
  if (chosen.length > 1) return undefined;
  const parts = await listTotalsParts.get(snapshot, scopeKey(user), (ids) => listTotalsPartsOf(snapshot, user, ids), {
    all: null,
    status: {},
    contractor: {},
    contract: {},
    product: {},
  });
  const pick = (p: ListTotalsPart) => (chosen.length === 0 ? p.all : p[chosen[0][0]][String(chosen[0][1])]);
  return sumListTotals([...parts.values()].flatMap((p) => pick(p) ?? []));
}

type OrderPage = {
  found: NonNullable<Awaited<ReturnType<typeof getOrder>>>;
  revisions: Awaited<ReturnType<typeof listRevisions>>;
  declarations: Awaited<ReturnType<typeof orderDeclarationsSection>>;
};
const orderPages = versionedCache<OrderPage | null>({ maxEntries: 2_000 });

/** What an order's page shows (the order, its lines and figures, revisions, declarations), kept like the list. */
export function orderPage(db: Db, user: SessionUser, id: number, today: string): Promise<OrderPage | null> {
  return orderPages.get(
    db,
    `${scopeKey(user)}|${id}|${today}`,
    async (snapshot) => {
      const found = await getOrder(snapshot, user, id);
      if (!found) return null;
      const [revisions, declarations] = await Promise.all([listRevisions(snapshot, user, id), orderDeclarationsSection(snapshot, user, id, today)]);
      return { found, revisions, declarations };
    },
    dataScope(user),
  );
}

/** The revisions of an order (R6), oldest first, with who made them; scoped. */
export async function listRevisions(db: Executor, user: SessionUser, orderId: number) {
  return db
    .selectFrom("order_revision as r")
    .innerJoin("purchase_order as po", "po.id", "r.order_id")
    .innerJoin("app_user as u", "u.id", "r.created_by")
    .where("r.order_id", "=", orderId)
    .where(orderScope(user))
    .select(["r.revision_no", "r.reason", "r.created_at", "r.effective_on", "r.total_ht", "r.total_vat", "r.total_ttc", "r.lines", "u.name as authorName"])
    .orderBy("r.revision_no")
    .execute();
}

/** One order with its lines and figures, or null when it does not exist or is out of scope. */
export async function getOrder(db: Executor, user: SessionUser, id: number) {
  const order = await ordersWithParties(db)
    .innerJoin("contract as k", "k.id", "po.contract_id")
    .innerJoin("lot as l", "l.id", "po.lot_id")
    .innerJoin("app_user as cu", "cu.id", "po.created_by")
    .leftJoin("app_user as iu", "iu.id", "po.issued_by")
    .leftJoin("contractor as pc", "pc.id", "po.proposed_contractor_id")
    .where("po.id", "=", id)
    .where(orderScope(user))
    .selectAll("po")
    .select([
      "p.name as productName",
      "p.kind as productKind",
      "b.name as beneficiaryName",
      "c.name as contractorName",
      "k.reference as contractReference",
      "k.title as contractTitle",
      "l.number as lotNumber",
      "l.title as lotTitle",
      "cu.name as createdByName",
      "iu.name as issuedByName",
      "pc.name as proposedContractorName",
    ])
    .executeTakeFirst();
  if (!order) return null;
  const stored = await lineFiguresQuery(db)
    .innerJoin("work_unit_type as w", "w.code", "ol.work_unit_code")
    .where("ol.order_id", "=", id)
    .select(["ol.line_no", "ol.work_unit_code", "w.label as workUnitLabel", "ol.quantity", "ol.unit_price"])
    .orderBy("ol.line_no")
    .execute();
  const sumOf = (k: "ordered_days" | "ordered_ht" | "consumed_days" | "consumed_ht" | "pending_days") =>
    stored.reduce((acc, l) => acc.plus(l[k]), dec(0)).toString();
  return {
    order,
    /** R13 figures of the order, counted per its status, TTC once on its totals */
    figures: orderFigures(
      {
        ordered_days: sumOf("ordered_days"),
        ordered_ht: sumOf("ordered_ht"),
        consumed_days: sumOf("consumed_days"),
        consumed_ht: sumOf("consumed_ht"),
        pending_days: sumOf("pending_days"),
      },
      order.status,
      order.vat_rate,
    ),
    lines: stored.map((l) => ({
      id: l.order_line_id,
      lineNo: l.line_no,
      workUnitCode: l.work_unit_code,
      workUnitLabel: l.workUnitLabel,
      quantity: l.quantity,
      unitPrice: l.unit_price,
      /** the line as ordered (the document): counted figures + released */
      orderedDays: dec(l.ordered_days).toFixed(1),
      amountHt: l.ordered_ht,
      figures: countedFigures(l, order.status),
    })),
  };
}

/** Totals over the user's scope: issued and closed orders, counted (R13). */
export async function scopeTotals(db: Executor, user: SessionUser) {
  const row = await db
    .selectFrom("purchase_order as po")
    .where(orderScope(user))
    .where("po.status", "in", ["issued", "closed"])
    .leftJoinLateral(
      (eb) => orderFiguresLateral(eb),
      (j) => j.onTrue(),
    )
    .select((eb) => [eb.fn.countAll<string>().as("orders"), ...sumOfOrderFigures()])
    .executeTakeFirstOrThrow();
  // R13: a closed order's remaining is 0, so what remains is all on the orders in progress
  return { orders: Number(row.orders), figures: toOrderFigures(row) };
}

/** scopeTotals of each beneficiary of `beneficiaryIds` (one with no issued or closed order in scope is left out): summed, scopeTotals. */
export async function scopeTotalsPerBeneficiary(db: Executor, user: SessionUser, beneficiaryIds: number[]): Promise<Map<number, ScopeTotals>> {
  const rows = await db
    .selectFrom("purchase_order as po")
    .where(orderScope(user))
    .where("po.status", "in", ["issued", "closed"])
    .where("po.beneficiary_id", "=", sql<number>`ANY(${beneficiaryIds}::int[])`)
    .leftJoinLateral(
      (eb) => orderFiguresLateral(eb),
      (j) => j.onTrue(),
    )
    .select((eb) => ["po.beneficiary_id", eb.fn.countAll<string>().as("orders"), ...sumOfOrderFigures()])
    .groupBy("po.beneficiary_id")
    .execute();
  return new Map(rows.map((r) => [r.beneficiary_id, { orders: Number(r.orders), figures: toOrderFigures(r) }]));
}

export type ScopeTotals = Awaited<ReturnType<typeof scopeTotals>>;

/** What the order form offers a correspondent on `date`: its products, the lots and their holders, the UO types and prices in force. */
export async function orderFormOptions(db: Executor, user: SessionUser, date: string) {
  const [products, lots, holders, workUnits] = await Promise.all([
    db
      .selectFrom("product as p")
      .innerJoin("beneficiary as b", "b.id", "p.beneficiary_id")
      .select(["p.id", "p.name", "p.kind", "p.source", "b.is_dinum"])
      .where("p.beneficiary_id", "=", user.beneficiaryId ?? -1)
      .orderBy("p.name")
      .execute(),
    db
      .selectFrom("lot as l")
      .innerJoin("contract as k", "k.id", "l.contract_id")
      .select(["l.id", "l.number", "l.title", "k.id as contractId", "k.reference", "k.start_date", "k.end_date"])
      .where("k.end_date", ">=", date)
      .orderBy("k.start_date")
      .orderBy("l.number")
      .execute(),
    db
      .selectFrom("lot_holder as h")
      .innerJoin("contractor as c", "c.id", "h.contractor_id")
      .select(["h.lot_id", "c.id", "c.name"])
      .where("h.since", "<=", date)
      .where((eb) => eb.or([eb("h.until", "is", null), eb("h.until", ">=", date)]))
      .orderBy("c.name")
      .execute(),
    db.selectFrom("work_unit_type").select(["code", "label"]).orderBy("sort_order").execute(),
  ]);
  const prices = await pricesInForceByHolder(db, [...new Set(lots.map((l) => l.contractId))], date);
  // R19: whether each product may be ordered on `date` (assertOrderable re-checks it at issue)
  const phases =
    products.length === 0
      ? []
      : await db
          .selectFrom("product_phase")
          .select(["product_id", "phase", "ended_on"])
          .where(
            "product_id",
            "in",
            products.map((p) => p.id),
          )
          .where("started_on", "<=", date)
          .orderBy("started_on")
          .orderBy("id")
          .execute();
  const current = new Map(phases.map((p) => [p.product_id, p]));
  const withEligibility = products.map((p) => ({ ...p, orderable: isOrderableOn(p, current.get(p.id) ?? null, date) }));
  return { products: withEligibility, lots, holders, workUnits, prices, date };
}
