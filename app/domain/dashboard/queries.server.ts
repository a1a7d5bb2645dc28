// Dashboard figures (R10, R11), in SQL aggregates over the user's scope (orderScope). Issued and closed
// orders count; drafts and cancelled orders do not (same rule as the consolidated workbook).
import { sql } from "kysely";
import type { Executor } from "../../../db/client";
import type { SessionUser } from "../../auth/user";
import { orderScope } from "../../auth/scope.server";
import { Decimal, dec, toCents } from "../../lib/decimal";
import { countedLineSql, orderFiguresLateral, sumOfOrderFigures } from "../consumption/queries.server";
import { toOrderFigures, type OrderFigures } from "../consumption/figures";
import { BURN_WINDOW_MONTHS, forecast, type Forecast, type MonthDays } from "../forecast/forecast";
import { addMonths, firstOfMonth } from "../../lib/dates";

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

/** Ordered / consumed / pending / remaining per contract, contractor, beneficiary or product. */
export async function figuresBy(db: Executor, user: SessionUser, by: keyof typeof groups): Promise<GroupFigures[]> {
  const g = groups[by];
  const rows = await db
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

/** UO mix: ordered days and amounts per work-unit type (counted, R13: a closed order's lines count what they consumed). */
export async function workUnitMix(db: Executor, user: SessionUser): Promise<Share[]> {
  const counted = countedLineSql("ol", "po");
  const rows = await db
    .selectFrom("order_line as ol")
    .innerJoin("purchase_order as po", "po.id", "ol.order_id")
    .innerJoin("work_unit_type as w", "w.code", "ol.work_unit_code")
    .where(orderScope(user))
    .where("po.status", "in", ["issued", "closed"])
    .select([
      "w.label",
      "w.sort_order",
      sql<string>`count(DISTINCT po.id)`.as("orders"),
      sql<string>`sum(${counted.orderedDays})`.as("days"),
      sql<string>`sum(${counted.orderedHt})`.as("amount"),
    ])
    .groupBy(["w.label", "w.sort_order"])
    .orderBy("w.sort_order")
    .execute();
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

/** Validated and submitted days per order and declaration month (only months in [from, before) if given). */
export async function monthlyDays(db: Executor, orderIds: number[], months?: { from: string; before: string }): Promise<Map<number, MonthDays[]>> {
  const out = new Map<number, MonthDays[]>();
  if (orderIds.length === 0) return out;
  const { rows } = await sql<{ order_id: number; month: string; consumed: string; pending: string }>`
    SELECT dl.order_id, d.month,
      coalesce(sum(dl.delta_days) FILTER (WHERE d.status = 'validated'), 0) AS consumed,
      coalesce(sum(dl.delta_days) FILTER (WHERE d.status = 'submitted'), 0) AS pending
    FROM declaration_line dl JOIN declaration d ON d.id = dl.declaration_id
    WHERE dl.order_id = ANY(${orderIds}::int[]) AND d.status IN ('validated', 'submitted')
      ${months ? sql`AND d.month >= ${months.from}::date AND d.month < ${months.before}::date` : sql``}
    GROUP BY dl.order_id, d.month ORDER BY dl.order_id, d.month`.execute(db);
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

/** Issued and closed orders in scope with their R10 forecast (series left out: tables only). */
export async function orderForecasts(db: Executor, user: SessionUser, today: string, options: { productId?: number; openOnly?: boolean } = {}) {
  let q = db
    .selectFrom("purchase_order as po")
    .innerJoin("product as p", "p.id", "po.product_id")
    .innerJoin("contractor as c", "c.id", "po.contractor_id")
    .innerJoin("beneficiary as b", "b.id", "po.beneficiary_id")
    // the totals kept on the order lines (migration 0900): no need to read every month of every order
    .innerJoinLateral(
      (eb) =>
        eb
          .selectFrom("order_line as ol")
          .whereRef("ol.order_id", "=", "po.id")
          .select([
            sql<string>`coalesce(sum(${countedLineSql("ol", "po").orderedDays}), 0)`.as("ordered_days"), // R13: a closed order's remaining is 0
            sql<string>`coalesce(sum(ol.consumed_days), 0)`.as("consumed_days"),
            sql<string>`coalesce(sum(ol.pending_days), 0)`.as("pending_days"),
          ])
          .as("t"),
      (j) => j.onTrue(),
    )
    .where(orderScope(user))
    .where("po.status", "in", options.openOnly ? ["issued"] : ["issued", "closed"])
    .select([
      "po.id",
      "po.number",
      "po.status",
      "po.product_id",
      "p.name as product",
      "c.name as contractor",
      "b.name as beneficiary",
      "po.period_start",
      "po.period_end",
      "t.ordered_days",
      "t.consumed_days",
      "t.pending_days",
    ])
    .orderBy("po.period_end")
    .orderBy("po.id");
  if (options.productId) q = q.where("po.product_id", "=", options.productId);
  const orders = await q.execute();
  // only the burn window's months are read; the totals come from the order lines
  const currentMonth = firstOfMonth(today);
  const monthly = await monthlyDays(
    db,
    orders.map((o) => o.id),
    { from: addMonths(currentMonth, -BURN_WINDOW_MONTHS), before: currentMonth },
  );
  return orders.map((o) => {
    const { series, ...f } = forecast({
      orderedDays: o.ordered_days,
      periodStart: o.period_start,
      periodEnd: o.period_end,
      today,
      months: monthly.get(o.id) ?? [],
      totals: { consumed: o.consumed_days, pending: o.pending_days },
      open: o.status === "issued",
      withSeries: false,
    });
    void series;
    return {
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
  });
}
