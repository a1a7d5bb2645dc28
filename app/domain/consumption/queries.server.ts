// R10 and R13 in SQL, the twin of figures.ts for what the database must aggregate. Each order line
// carries its running totals (consumed_days, consumed_ht, pending_days), kept by database triggers from
// the validated / submitted declaration lines (migration 0900), so pages and reports never re-aggregate
// the declaration lines. Every query that shows an order's or a group's figures takes them from here.
import { sql, type ExpressionBuilder, type RawBuilder } from "kysely";
import type { Executor } from "../../../db/client";
import type { DB } from "../../../db/schema";

/** R5 in SQL, as ttcOf: HT + VAT rounded to the cent (half up, as numeric round does). */
export function ttcSql(ht: RawBuilder<unknown>, vatRate: RawBuilder<unknown>): RawBuilder<string> {
  return sql<string>`(${ht} + round(${ht} * ${vatRate}, 2))`;
}

/**
 * R5 per order line, the SQL twin of amounts.ts allocateVat: the line's own rounded VAT, and on the
 * order's last line (highest line_no) the rounding rest, so the lines add up to the order's exact VAT.
 * A window expression over the rows of the query, partitioned by order: every line of an order must be
 * among them.
 */
export function lineVatSql(ht: RawBuilder<unknown>, vatRate: RawBuilder<unknown>, ol = "ol"): RawBuilder<string> {
  const w = sql.raw(`OVER (PARTITION BY ${ol}.order_id)`);
  const lineNo = sql.raw(`${ol}.line_no`);
  return sql<string>`(round(${ht} * ${vatRate}, 2) + CASE WHEN ${lineNo} = max(${lineNo}) ${w}
    THEN round(sum(${ht}) ${w} * ${vatRate}, 2) - sum(round(${ht} * ${vatRate}, 2)) ${w} ELSE 0 END)`;
}

/**
 * R13 per order line (`ol` an order_line, `po` its purchase_order): what the line counts given the
 * order's status, as figures.ts countedFigures. A cancelled order counts 0 and releases what it ordered;
 * a closed one counts its consumption as ordered and releases the rest.
 */
export function countedLineSql(ol = "ol", po = "po") {
  const l = (c: string) => sql.raw(`${ol}.${c}`);
  const status = sql.raw(`${po}.status`);
  const orderedDays = l("ordered_days");
  return {
    orderedDays: sql<string>`CASE ${status} WHEN 'cancelled' THEN 0 WHEN 'closed' THEN ${l("consumed_days")} ELSE ${orderedDays} END`,
    orderedHt: sql<string>`CASE ${status} WHEN 'cancelled' THEN 0 WHEN 'closed' THEN ${l("consumed_ht")} ELSE ${l("amount_ht")} END`,
    consumedDays: sql<string>`CASE ${status} WHEN 'cancelled' THEN 0 ELSE ${l("consumed_days")} END`,
    consumedHt: sql<string>`CASE ${status} WHEN 'cancelled' THEN 0 ELSE ${l("consumed_ht")} END`,
    pendingDays: sql<string>`CASE ${status} WHEN 'cancelled' THEN 0 ELSE ${l("pending_days")} END`,
    releasedDays: sql<string>`CASE ${status} WHEN 'cancelled' THEN ${orderedDays} WHEN 'closed' THEN ${orderedDays} - ${l("consumed_days")} ELSE 0 END`,
    releasedHt: sql<string>`CASE ${status} WHEN 'cancelled' THEN ${l("amount_ht")} WHEN 'closed' THEN ${l("amount_ht")} - ${l("consumed_ht")} ELSE 0 END`,
  };
}

/** The columns orderFiguresSql gives per order (counted, R13). */
export interface OrderFiguresRow {
  ordered_days: string;
  ordered_ht: string;
  ordered_ttc: string;
  consumed_days: string;
  consumed_ht: string;
  consumed_ttc: string;
  pending_days: string;
  remaining_days: string;
  remaining_ht: string;
  remaining_ttc: string;
  released_days: string;
  released_ht: string;
  released_ttc: string;
}

/**
 * R13 per order, as figures.ts orderFigures: a LATERAL subquery for an order aliased `po`
 * (`LEFT JOIN LATERAL ${orderFiguresSql()} f ON true`). TTC is computed once per order, on its counted
 * HT; remaining TTC = ordered TTC − consumed TTC; released TTC = the order's TTC before closing or
 * cancelling − its counted ordered TTC. Groups above the order sum these columns.
 */
export function orderFiguresSql(po = "po"): RawBuilder<OrderFiguresRow> {
  const c = countedLineSql("ol", po);
  const vat = sql.raw(`${po}.vat_rate`);
  const orderedTtc = ttcSql(sql`s.ordered_ht`, vat);
  const consumedTtc = ttcSql(sql`s.consumed_ht`, vat);
  return sql<OrderFiguresRow>`(
    SELECT s.ordered_days, s.ordered_ht, ${orderedTtc} AS ordered_ttc,
      s.consumed_days, s.consumed_ht, ${consumedTtc} AS consumed_ttc, s.pending_days,
      s.ordered_days - s.consumed_days AS remaining_days, s.ordered_ht - s.consumed_ht AS remaining_ht,
      ${orderedTtc} - ${consumedTtc} AS remaining_ttc,
      s.released_days, s.released_ht, ${ttcSql(sql`(s.ordered_ht + s.released_ht)`, vat)} - ${orderedTtc} AS released_ttc
    FROM (
      SELECT coalesce(sum(${c.orderedDays}), 0) AS ordered_days, coalesce(sum(${c.orderedHt}), 0) AS ordered_ht,
        coalesce(sum(${c.consumedDays}), 0) AS consumed_days, coalesce(sum(${c.consumedHt}), 0) AS consumed_ht,
        coalesce(sum(${c.pendingDays}), 0) AS pending_days,
        coalesce(sum(${c.releasedDays}), 0) AS released_days, coalesce(sum(${c.releasedHt}), 0) AS released_ht
      FROM order_line ol WHERE ol.order_id = ${sql.raw(`${po}.id`)}
    ) s
  )`;
}

/** Sums of orderFiguresSql's columns (alias f): a group's R13 figures are the sums of its orders'. */
export function sumOfOrderFigures() {
  const col = <C extends keyof OrderFiguresRow>(c: C) => sql<string>`coalesce(sum(${sql.ref(`f.${c}`)}), 0)`.as(c);
  return [
    col("ordered_days"),
    col("ordered_ht"),
    col("ordered_ttc"),
    col("consumed_days"),
    col("consumed_ht"),
    col("consumed_ttc"),
    col("pending_days"),
    col("released_days"),
    col("released_ht"),
    col("released_ttc"),
  ] as const;
}

/** Per order line: what is stored (ordered and declared); count it with figures.ts countedFigures. */
export function lineFiguresQuery(db: Executor) {
  return db
    .selectFrom("order_line as ol")
    .select([
      "ol.id as order_line_id",
      "ol.order_id",
      "ol.ordered_days",
      "ol.amount_ht as ordered_ht",
      "ol.consumed_days",
      "ol.consumed_ht",
      "ol.pending_days",
    ]);
}

/**
 * Per order, counted (R13), for a lateral join from `purchase_order as po`:
 *   .leftJoinLateral((eb) => orderFiguresLateral(eb), (j) => j.onTrue())
 */
export function orderFiguresLateral(_eb: ExpressionBuilder<DB & { po: DB["purchase_order"] }, "po">) {
  return orderFiguresSql("po").as("f");
}
