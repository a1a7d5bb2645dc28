// R6: an order's revisions. Its issue is revision 0, each amendment the next one; a revision keeps the
// order's totals and a snapshot of its lines as they stood. Written in the use case's transaction.
import type { Executor } from "../../../db/client";
import type { OrderTotals } from "./amounts";

/** An order's totals as the columns of `purchase_order` and `order_revision`. */
export function totalColumns(totals: OrderTotals) {
  return { total_ht: totals.totalHt, total_vat: totals.totalVat, total_ttc: totals.totalTtc };
}

export async function insertRevision(
  db: Executor,
  r: { orderId: number; revisionNo: number; reason: string; createdBy: number; effectiveOn: string; totals: OrderTotals; lines: unknown[] },
): Promise<void> {
  await db
    .insertInto("order_revision")
    .values({
      order_id: r.orderId,
      revision_no: r.revisionNo,
      reason: r.reason,
      created_by: r.createdBy,
      effective_on: r.effectiveOn,
      ...totalColumns(r.totals),
      lines: JSON.stringify(r.lines),
    })
    .execute();
}
