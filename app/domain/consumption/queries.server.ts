// R10 in SQL. Each order line carries its running totals (consumed_days, consumed_ht, pending_days),
// kept by database triggers from the validated / submitted declaration lines (migration 0900), so pages
// and reports never re-aggregate the declaration lines.
import { sql, type ExpressionBuilder } from "kysely";
import type { Executor } from "../../../db/client";
import type { DB } from "../../../db/schema";

/** Per order line: ordered and declared figures. */
export function lineFiguresQuery(db: Executor) {
  return db
    .selectFrom("order_line as ol")
    .select([
      "ol.id as order_line_id",
      "ol.order_id",
      sql<string>`ol.quantity * 20`.as("ordered_days"),
      "ol.amount_ht as ordered_ht",
      "ol.consumed_days",
      "ol.consumed_ht",
      "ol.pending_days",
    ]);
}

/**
 * Per order, for a lateral join from `purchase_order as po`:
 *   .leftJoinLateral((eb) => orderFiguresLateral(eb), (j) => j.onTrue())
 */
export function orderFiguresLateral(eb: ExpressionBuilder<DB & { po: DB["purchase_order"] }, "po">) {
  return eb
    .selectFrom("order_line as ol")
    .whereRef("ol.order_id", "=", "po.id")
    .select([
      sql<string>`coalesce(sum(ol.quantity * 20), 0)`.as("ordered_days"),
      sql<string>`coalesce(sum(ol.amount_ht), 0)`.as("ordered_ht"),
      sql<string>`coalesce(sum(ol.consumed_days), 0)`.as("consumed_days"),
      sql<string>`coalesce(sum(ol.consumed_ht), 0)`.as("consumed_ht"),
      sql<string>`coalesce(sum(ol.pending_days), 0)`.as("pending_days"),
    ])
    .as("f");
}
