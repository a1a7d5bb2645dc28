// Dashboard figures (R10, R11), in SQL aggregates over the user's scope (orderScope). Issued and closed
// orders count; drafts and cancelled orders do not (same rule as the consolidated workbook).
import { sql } from "kysely";
import type { Executor } from "../../../db/client";
import type { SessionUser } from "../../auth/user";
import { orderScope } from "../../auth/scope.server";
import { Decimal, dec, toCents } from "../../lib/decimal";
import { countedLineSql, orderFiguresLateral, sumOfOrderFigures } from "../consumption/queries.server";
import { sumOrderFigures, toOrderFigures, type OrderFigures } from "../consumption/figures";
import { LRUCache } from "lru-cache";
import { BURN_WINDOW_MONTHS, forecast, type Forecast, type ForecastInput, type MonthDays } from "../forecast/forecast";
import { addMonths, firstOfMonth } from "../../lib/dates";
import { sumDecimals } from "../../lib/merge";

export interface GroupFigures {
  key: string;
  label: string;
  id: number | null;
  orders: number;
  /** R13: the sums of the group's orders' counted figures, TTC included */
  figures: OrderFigures;
}

const groups = {
  contract: { id: sql<number>`k.id`, label: sql<string>`k.reference`, join: "contract" },
  contractor: { id: sql<number>`c.id`, label: sql<string>`c.name`, join: "contractor" },
  beneficiary: { id: sql<number>`b.id`, label: sql<string>`b.name`, join: "beneficiary" },
  product: { id: sql<number>`p.id`, label: sql<string>`p.name`, join: "product" },
} as const;

/** The issued and closed orders in scope, with what they may be grouped by and their counted figures (f). */
function countedOrders(db: Executor, user: SessionUser, beneficiaryIds: number[] | null = null) {
  return db
    .selectFrom("purchase_order as po")
    .innerJoin("contract as k", "k.id", "po.contract_id")
    .innerJoin("contractor as c", "c.id", "po.contractor_id")
    .innerJoin("beneficiary as b", "b.id", "po.beneficiary_id")
    .innerJoin("product as p", "p.id", "po.product_id")
    .leftJoinLateral(
      (eb) => orderFiguresLateral(eb),
      (j) => j.onTrue(),
    )
    .where(orderScope(user))
    .where("po.status", "in", ["issued", "closed"])
    .$if(beneficiaryIds !== null, (qb) => qb.where("po.beneficiary_id", "=", sql<number>`ANY(${beneficiaryIds}::int[])`));
}

/** Ordered / consumed / pending / remaining per contract, contractor, beneficiary or product. */
export async function figuresBy(db: Executor, user: SessionUser, by: keyof typeof groups): Promise<GroupFigures[]> {
  const g = groups[by];
  const rows = await countedOrders(db, user)
    .select([g.id.as("id"), g.label.as("label"), sql<string>`count(*)`.as("orders"), ...sumOfOrderFigures()])
    .groupBy([g.id, g.label])
    .orderBy(g.label)
    .execute();
  return rows.map((r) => ({
    key: `${by}-${r.id}`,
    id: r.id,
    label: r.label,
    orders: Number(r.orders),
    figures: toOrderFigures(r),
  }));
}

/**
 * figuresBy for several groupings at once (DINUM's home: per contract, beneficiary and contractor): the
 * orders' figures computed once and summed per grouping set, instead of one pass over every order each.
 * The same rows, in the same order, as figuresBy for each.
 */
export async function figuresByEach<K extends keyof typeof groups>(db: Executor, user: SessionUser, by: readonly K[]): Promise<Record<K, GroupFigures[]>> {
  const sets = sql.join(by.map((k) => sql`(${groups[k].id}, ${groups[k].label})`));
  const which = sql.join(by.map((k) => sql`grouping(${groups[k].id})`));
  const rows = await countedOrders(db, user)
    .select([
      sql<number[]>`ARRAY[${which}]`.as("grouping"),
      sql<(number | null)[]>`ARRAY[${sql.join(by.map((k) => groups[k].id))}]`.as("ids"),
      sql<(string | null)[]>`ARRAY[${sql.join(by.map((k) => sql`${groups[k].label}::text`))}]`.as("labels"),
      sql<string>`count(*)`.as("orders"),
      ...sumOfOrderFigures(),
    ])
    .groupBy(sql`GROUPING SETS (${sets})`)
    // as figuresBy: by label, in the database's collation (one label is not null in each set)
    .orderBy(sql`coalesce(${sql.join(by.map((k) => sql`${groups[k].label}::text`))})`)
    .execute();
  const out = Object.fromEntries(by.map((k) => [k, [] as GroupFigures[]])) as Record<K, GroupFigures[]>;
  for (const r of rows) {
    const i = r.grouping.findIndex((g) => Number(g) === 0);
    const k = by[i];
    out[k].push({ key: `${k}-${r.ids[i]}`, id: r.ids[i], label: r.labels[i]!, orders: Number(r.orders), figures: toOrderFigures(r) });
  }
  return out;
}

/** One beneficiary's part of figuresByEach's groupings: its own figures, and its orders' per contract and per contractor. */
export interface BeneficiaryFigures {
  own: GroupFigures;
  contract: GroupFigures[];
  contractor: GroupFigures[];
}

/**
 * figuresByEach(["contract", "beneficiary", "contractor"]) for each beneficiary of `beneficiaryIds` apart
 * (issue 15, DINUM's home kept per beneficiary): summed over every beneficiary (mergeGroups), the same groups.
 */
export async function figuresPerBeneficiary(db: Executor, user: SessionUser, beneficiaryIds: number[]): Promise<Map<number, BeneficiaryFigures>> {
  const rows = await countedOrders(db, user, beneficiaryIds)
    .select([
      "b.id as b",
      "b.name as bn",
      sql<number | null>`grouping(k.id)`.as("gk"),
      sql<number | null>`grouping(c.id)`.as("gc"),
      sql<number | null>`coalesce(k.id, c.id)`.as("id"),
      sql<string | null>`coalesce(k.reference, c.name)`.as("label"),
      sql<string>`count(*)`.as("orders"),
      ...sumOfOrderFigures(),
    ])
    .groupBy(sql`GROUPING SETS ((b.id, b.name), (b.id, b.name, k.id, k.reference), (b.id, b.name, c.id, c.name))`)
    .execute();
  const out = new Map<number, BeneficiaryFigures>();
  for (const r of rows) {
    const part = out.get(r.b) ?? out.set(r.b, { own: null as unknown as GroupFigures, contract: [], contractor: [] }).get(r.b)!;
    const figures = toOrderFigures(r);
    if (Number(r.gk) === 0) part.contract.push({ key: `contract-${r.id}`, id: r.id, label: r.label!, orders: Number(r.orders), figures });
    else if (Number(r.gc) === 0) part.contractor.push({ key: `contractor-${r.id}`, id: r.id, label: r.label!, orders: Number(r.orders), figures });
    else part.own = { key: `beneficiary-${r.b}`, id: r.b, label: r.bn, orders: Number(r.orders), figures };
  }
  return out;
}

/** Groups of the same key summed (orders and R13 figures), in the order of `order` (ids sorted as the database sorts their labels). */
export function mergeGroups(groups: GroupFigures[], order: number[]): GroupFigures[] {
  const byKey = new Map<number, GroupFigures[]>();
  for (const g of groups) {
    const list = byKey.get(g.id!);
    if (list) list.push(g);
    else byKey.set(g.id!, [g]);
  }
  return order
    .filter((id) => byKey.has(id))
    .map((id) => {
      const list = byKey.get(id)!;
      return {
        ...list[0],
        orders: list.reduce((n, g) => n + g.orders, 0),
        figures: list.length === 1 ? list[0].figures : sumOrderFigures(list.map((g) => g.figures)),
      };
    });
}

export interface Share {
  label: string;
  orders: number;
  orderShare: string;
  amountHt: string;
  amountShare: string;
  days: string;
}

function share(part: Decimal.Value, total: Decimal): string {
  return total.isZero() ? "0" : dec(part).dividedBy(total).toDecimalPlaces(4, Decimal.ROUND_HALF_UP).toFixed(4);
}

/** Per contractor: share of the orders and of the ordered amounts. */
export function contractorShares(byContractor: GroupFigures[]): Share[] {
  const orders = byContractor.reduce((s, r) => s.plus(r.orders), new Decimal(0));
  const amount = byContractor.reduce((s, r) => s.plus(r.figures.orderedHt), new Decimal(0));
  return byContractor.map((r) => ({
    label: r.label,
    orders: r.orders,
    orderShare: share(r.orders, orders),
    amountHt: r.figures.orderedHt,
    amountShare: share(r.figures.orderedHt, amount),
    days: r.figures.orderedDays,
  }));
}

/** The UO mix's sums per work-unit type (and per beneficiary of `beneficiaryIds` if given: `b`, else null). */
export interface MixRow {
  b: number | null;
  label: string;
  sort_order: number;
  orders: string;
  days: string;
  amount: string;
}

export async function workUnitMixRows(db: Executor, user: SessionUser, beneficiaryIds: number[] | null = null): Promise<MixRow[]> {
  const counted = countedLineSql("ol", "po");
  return db
    .selectFrom("order_line as ol")
    .innerJoin("purchase_order as po", "po.id", "ol.order_id")
    .innerJoin("work_unit_type as w", "w.code", "ol.work_unit_code")
    .where(orderScope(user))
    .where("po.status", "in", ["issued", "closed"])
    .$if(beneficiaryIds !== null, (qb) => qb.where("po.beneficiary_id", "=", sql<number>`ANY(${beneficiaryIds}::int[])`))
    .select([
      (beneficiaryIds === null ? sql<number | null>`NULL::int` : sql<number | null>`po.beneficiary_id`).as("b"),
      "w.label",
      "w.sort_order",
      sql<string>`count(DISTINCT po.id)`.as("orders"),
      sql<string>`sum(${counted.orderedDays})`.as("days"),
      sql<string>`sum(${counted.orderedHt})`.as("amount"),
    ])
    .groupBy(beneficiaryIds === null ? ["w.label", "w.sort_order"] : [sql`po.beneficiary_id`, "w.label", "w.sort_order"])
    .orderBy("w.sort_order")
    .execute();
}

/** UO mix: ordered days and amounts per work-unit type (counted, R13: a closed order's lines count what they consumed). */
export async function workUnitMix(db: Executor, user: SessionUser): Promise<Share[]> {
  return mixShares(await workUnitMixRows(db, user));
}

/** The UO mix from its rows, those of one work-unit type summed (orders are counted once: a beneficiary's are its own). */
export function mixShares(parts: MixRow[]): Share[] {
  // the rows of one type together, then summed exactly at once (sumDecimals: DINUM's 60 to 120 parts after each write)
  const byLabel = new Map<string, MixRow[]>();
  for (const r of parts) {
    const list = byLabel.get(r.label);
    if (list) list.push(r);
    else byLabel.set(r.label, [r]);
  }
  const merged = [...byLabel.values()].map((list) =>
    list.length === 1
      ? list[0]
      : {
          ...list[0],
          orders: String(list.reduce((n, r) => n + Number(r.orders), 0)),
          days: sumDecimals(list.map((r) => String(r.days ?? 0))),
          amount: sumDecimals(list.map((r) => String(r.amount ?? 0))),
        },
  );
  const rows = merged.sort((a, b) => a.sort_order - b.sort_order);
  const days = rows.reduce((s, r) => s.plus(r.days), new Decimal(0));
  const amount = rows.reduce((s, r) => s.plus(r.amount), new Decimal(0));
  return rows.map((r) => ({
    label: r.label,
    orders: Number(r.orders),
    orderShare: share(r.days, days),
    amountHt: toCents(dec(r.amount)),
    amountShare: share(r.amount, amount),
    days: dec(r.days).toFixed(1),
  }));
}

/**
 * Validated and submitted days per order and declaration month (only months in [from, before) if given).
 * Read from the declarations of the orders (index on order and month), then each one's lines: starting from the
 * lines of 5,600 orders read all their 200,000 lines to keep the window's 40,000 (936 → 260 ms at factor 1).
 */
export async function monthlyDays(db: Executor, orderIds: number[], months?: { from: string; before: string }): Promise<Map<number, MonthDays[]>> {
  const out = new Map<number, MonthDays[]>();
  if (orderIds.length === 0) return out;
  const { rows } = await sql<{ order_id: number; month: string; consumed: string; pending: string }>`
    SELECT d.order_id, d.month,
      coalesce(sum(l.days) FILTER (WHERE d.status = 'validated'), 0) AS consumed,
      coalesce(sum(l.days) FILTER (WHERE d.status = 'submitted'), 0) AS pending
    FROM declaration d
    -- each declaration's lines summed through its index (declaration_id, order_line_id): joined to every
    -- line, the planner hashed all 300,000 declaration lines for 1,600 declarations (a national
    -- contractor's window at factor 1: 148 → 23 ms); a declaration with no line adds no month, as a join
    CROSS JOIN LATERAL (SELECT sum(dl.delta_days) AS days, count(*) AS n FROM declaration_line dl WHERE dl.declaration_id = d.id) l
    WHERE d.order_id = ANY(${orderIds}::int[]) AND d.status IN ('validated', 'submitted') AND l.n > 0
      ${months ? sql`AND d.month >= ${months.from}::date AND d.month < ${months.before}::date` : sql``}
    GROUP BY d.order_id, d.month ORDER BY d.order_id, d.month`.execute(db);
  for (const r of rows) {
    const list = out.get(r.order_id) ?? [];
    list.push({ month: r.month, consumed: dec(r.consumed).toFixed(1), pending: dec(r.pending).toFixed(1) });
    out.set(r.order_id, list);
  }
  return out;
}

export interface OrderForecast {
  id: number;
  number: string;
  status: "issued" | "closed";
  productId: number;
  productName: string;
  contractorName: string;
  beneficiaryName: string;
  periodStart: string;
  periodEnd: string;
  orderedDays: string;
  forecast: Omit<Forecast, "series">;
}

// R10's forecast is pure but costs ~0.1 ms in Decimal arithmetic: DINUM's home forecasts every open order
// (5,600 at factor 1, ~0.5 s) after each write anywhere, when one order's inputs changed at most. Each
// order's last forecast is kept with the inputs it was computed from, and served only for the same inputs.
const forecastsOfOrders = new LRUCache<number, { key: string; value: Omit<Forecast, "series"> }>({ max: 100_000 });

function tableForecast(orderId: number, input: ForecastInput): Omit<Forecast, "series"> {
  const key = JSON.stringify(input);
  const kept = forecastsOfOrders.get(orderId);
  if (kept?.key === key) return kept.value;
  const { series, ...value } = forecast(input);
  void series;
  forecastsOfOrders.set(orderId, { key, value });
  return value;
}

/** Issued and closed orders in scope with their R10 forecast (series left out: tables only). */
export async function orderForecasts(db: Executor, user: SessionUser, today: string, options: { productId?: number; openOnly?: boolean } = {}) {
  return (await forecastRows(db, user, today, options)).map((r) => r.forecast);
}

/** orderForecasts of the open orders of each beneficiary of `beneficiaryIds` (a beneficiary with none is left out). */
export async function openForecastsPerBeneficiary(
  db: Executor,
  user: SessionUser,
  today: string,
  beneficiaryIds: number[],
): Promise<Map<number, OrderForecast[]>> {
  const out = new Map<number, OrderForecast[]>();
  for (const r of await forecastRows(db, user, today, { openOnly: true, beneficiaryIds }))
    out.set(r.beneficiaryId, [...(out.get(r.beneficiaryId) ?? []), r.forecast]);
  return out;
}

async function forecastRows(db: Executor, user: SessionUser, today: string, options: { productId?: number; openOnly?: boolean; beneficiaryIds?: number[] }) {
  let q = db
    .selectFrom("purchase_order as po")
    .innerJoin("product as p", "p.id", "po.product_id")
    .innerJoin("contractor as c", "c.id", "po.contractor_id")
    .innerJoin("beneficiary as b", "b.id", "po.beneficiary_id")
    // the sums of the order's lines kept in order_totals (migrations 0900 and 2026_12_03_2000): no need to
    // read every month, nor every line, of every order
    .innerJoin("order_totals as t", "t.order_id", "po.id")
    .where(orderScope(user))
    .where("po.status", "in", options.openOnly ? ["issued"] : ["issued", "closed"])
    .select([
      "po.id",
      "po.number",
      "po.status",
      "po.product_id",
      "po.beneficiary_id",
      "p.name as product",
      "c.name as contractor",
      "b.name as beneficiary",
      "po.period_start",
      "po.period_end",
      sql<string>`${countedLineSql("t", "po").orderedDays}`.as("ordered_days"), // R13: a closed order's remaining is 0
      "t.consumed_days",
      "t.pending_days",
    ])
    .orderBy("po.period_end")
    .orderBy("po.id");
  if (options.productId) q = q.where("po.product_id", "=", options.productId);
  if (options.beneficiaryIds) q = q.where("po.beneficiary_id", "=", sql<number>`ANY(${options.beneficiaryIds}::int[])`);
  const orders = await q.execute();
  // only the burn window's months are read; the totals come from the order lines
  const currentMonth = firstOfMonth(today);
  const monthly = await monthlyDays(
    db,
    orders.map((o) => o.id),
    { from: addMonths(currentMonth, -BURN_WINDOW_MONTHS), before: currentMonth },
  );
  return orders.map((o) => {
    const input = {
      orderedDays: o.ordered_days,
      periodStart: o.period_start,
      periodEnd: o.period_end,
      today,
      months: monthly.get(o.id) ?? [],
      totals: { consumed: o.consumed_days, pending: o.pending_days },
      open: o.status === "issued",
      withSeries: false,
    };
    const f = tableForecast(o.id, input);
    const forecast = {
      id: o.id,
      number: o.number ?? "",
      status: o.status as "issued" | "closed",
      productId: o.product_id,
      productName: o.product,
      contractorName: o.contractor,
      beneficiaryName: o.beneficiary,
      periodStart: o.period_start,
      periodEnd: o.period_end,
      orderedDays: dec(o.ordered_days).toFixed(1),
      forecast: f,
    } satisfies OrderForecast;
    return { beneficiaryId: o.beneficiary_id, forecast };
  });
}
