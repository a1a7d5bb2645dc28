// R14 in SQL: the one expression that filters and labels "échu avec reste" orders in queries (the order
// list's filter, alerts, the exports' status). Twin of isEndedWithRemaining (ending.ts).
import { sql, type RawBuilder } from "kysely";

/**
 * For a `purchase_order` aliased `alias` (default `po`): issued, period ended before `today`, and
 * ordered days − consumed days > 0 (the running totals kept on its lines, migration 0900).
 */
export function endedWithRemainingSql(today: string, alias = "po"): RawBuilder<boolean> {
  const po = (column: string) => sql.ref(`${alias}.${column}`);
  return sql<boolean>`(${po("status")} = 'issued' AND ${po("period_end")} < ${today}::date
    AND (SELECT coalesce(sum(ol_end.ordered_days - ol_end.consumed_days), 0) FROM order_line ol_end WHERE ol_end.order_id = ${po("id")}) > 0)`;
}
