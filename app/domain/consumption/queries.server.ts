// R10 in SQL: per-line sums of validated (consumed) and submitted (pending) declaration deltas.
import { sql, type ExpressionBuilder } from "kysely";
import type { Executor } from "../../../db/client";
import type { DB } from "../../../db/schema";

/** Per order line: ordered and declared figures. A subquery to join on `order_line_id`. */
export function lineFiguresQuery(db: Executor) {
  return db
    .selectFrom("order_line as ol")
    .select([
      "ol.id as order_line_id",
      "ol.order_id",
      sql<string>`ol.quantity * 20`.as("ordered_days"),
      "ol.amount_ht as ordered_ht",
      sql<string>`coalesce((SELECT sum(dl.delta_days) FROM declaration_line dl JOIN declaration d ON d.id = dl.declaration_id
        WHERE dl.order_line_id = ol.id AND d.status = 'validated'), 0)`.as("consumed_days"),
      sql<string>`coalesce((SELECT sum(dl.consumed_amount) FROM declaration_line dl JOIN declaration d ON d.id = dl.declaration_id
        WHERE dl.order_line_id = ol.id AND d.status = 'validated'), 0)`.as("consumed_ht"),
      sql<string>`coalesce((SELECT sum(dl.delta_days) FROM declaration_line dl JOIN declaration d ON d.id = dl.declaration_id
        WHERE dl.order_line_id = ol.id AND d.status = 'submitted'), 0)`.as("pending_days"),
    ]);
}

/**
 * Per order, for a lateral join from `purchase_order as po`:
 *   .leftJoinLateral((eb) => orderFiguresLateral(eb), (j) => j.onTrue())
 */
export function orderFiguresLateral(eb: ExpressionBuilder<DB & { po: DB["purchase_order"] }, "po">) {
  return eb
    .selectFrom("order_line as ol")
    .leftJoin(
      (qb) =>
        qb.selectFrom("declaration_line as dl")
          .innerJoin("declaration as d", "d.id", "dl.declaration_id")
          .whereRef("dl.order_id", "=", "po.id")
          .where("d.status", "in", ["validated", "submitted"])
          .select([
            "dl.order_line_id",
            sql<string>`sum(dl.delta_days) FILTER (WHERE d.status = 'validated')`.as("consumed_days"),
            sql<string>`sum(dl.consumed_amount) FILTER (WHERE d.status = 'validated')`.as("consumed_ht"),
            sql<string>`sum(dl.delta_days) FILTER (WHERE d.status = 'submitted')`.as("pending_days"),
          ])
          .groupBy("dl.order_line_id")
          .as("c"),
      (join) => join.onRef("c.order_line_id" as never, "=", "ol.id" as never),
    )
    .whereRef("ol.order_id", "=", "po.id")
    .select([
      sql<string>`coalesce(sum(ol.quantity * 20), 0)`.as("ordered_days"),
      sql<string>`coalesce(sum(ol.amount_ht), 0)`.as("ordered_ht"),
      sql<string>`coalesce(sum(c.consumed_days), 0)`.as("consumed_days"),
      sql<string>`coalesce(sum(c.consumed_ht), 0)`.as("consumed_ht"),
      sql<string>`coalesce(sum(c.pending_days), 0)`.as("pending_days"),
    ])
    .as("f");
}
