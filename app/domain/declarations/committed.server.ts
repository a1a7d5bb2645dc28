// R9: what counts against an order line, in one place. Validated days count as they are (a validated
// lowering correction frees days); submitted days count only when they raise (greatest(delta, 0)): a
// submitted lowering frees nothing until it is validated, since it might be rejected. The submit cap
// (lineCapError) and the amendment floor (amendmentFloors) both read this. The database's CHECK
// order_line_declared_within_ordered (migrations 0900, 1300) is the last line of defence over the plain
// running totals (consumed_days + pending_days ≤ ordered_days): this count is never below those, so a
// use case refuses before the constraint can.
import { sql } from "kysely";
import type { Executor } from "../../../db/client";
import { dec } from "../../lib/decimal";

export interface CommittedDays {
  /** validated days (sum of validated deltas) */
  consumed: string;
  /** submitted raises awaiting validation */
  pending: string;
  /** a submitted correction lowers days on this line (it counts only once validated) */
  lowering: boolean;
  /** consumed + pending: what the line holds, the floor of an amendment and the `used` of the submit cap */
  committed: string;
}

/** Per order line of the order: what the validated and submitted declarations hold (optionally but one). */
export async function committedDaysByLine(db: Executor, orderId: number, exceptDeclarationId?: number): Promise<Map<number, CommittedDays>> {
  let q = db
    .selectFrom("declaration_line as dl")
    .innerJoin("declaration as d", "d.id", "dl.declaration_id")
    .select([
      "dl.order_line_id",
      sql<string>`coalesce(sum(dl.delta_days) FILTER (WHERE d.status = 'validated'), 0)`.as("consumed"),
      sql<string>`coalesce(sum(greatest(dl.delta_days, 0)) FILTER (WHERE d.status = 'submitted'), 0)`.as("pending"),
      sql<boolean>`coalesce(bool_or(dl.delta_days < 0) FILTER (WHERE d.status = 'submitted'), false)`.as("lowering"),
    ])
    .where("dl.order_id", "=", orderId)
    .where("d.status", "in", ["validated", "submitted"]);
  if (exceptDeclarationId !== undefined) q = q.where("d.id", "<>", exceptDeclarationId);
  const rows = await q.groupBy("dl.order_line_id").execute();
  return new Map(
    rows.map((r) => [
      r.order_line_id,
      {
        consumed: r.consumed,
        pending: r.pending,
        lowering: r.lowering,
        committed: dec(r.consumed).plus(r.pending).toFixed(1),
      },
    ]),
  );
}
