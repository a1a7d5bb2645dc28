// R9: what counts against an order line and against a person, in one place, read where the submit cap, the
// person cap and the amendment floor need it. A line's count comes from the running totals the triggers keep
// on order_line (migrations 0900 and 2026_12_04_2000), through committedDays (caps.ts): validated days as they
// are, submitted days only when they raise (a submitted lowering frees nothing until it is validated, since it
// might be rejected). The database's CHECK order_line_declared_within_ordered (migrations 0900, 1300) is the
// last line of defence over the plain running totals (consumed_days + pending_days ≤ ordered_days): this count
// is never below those, so a use case refuses before the constraint can. A caller checking a cap locks the
// lines (or the contractor's month, for people) first.
import { sql } from "kysely";
import type { Executor, Tx } from "../../../db/client";
import { committedDays, type CommittedDays } from "./caps";

export type { CommittedDays };

/** Per order line of the order: what the validated and submitted declarations hold, from the running totals. */
export async function committedDaysByLine(db: Executor, orderId: number): Promise<Map<number, CommittedDays>> {
  const rows = await db
    .selectFrom("order_line")
    .select(["id", "consumed_days", "pending_days", "pending_raise_days"])
    .where("order_id", "=", orderId)
    .execute();
  return new Map(rows.map((r) => [r.id, committedDays(r)]));
}

/**
 * The days each person holds on the contractor's other orders for the month: per other order, the latest
 * validated and the latest submitted declarations, a person counting for the larger of the two (a pending
 * correction may still be rejected). Read under the advisory lock of the contractor and month.
 */
export async function personDaysElsewhere(trx: Tx, o: { contractorId: number; orderId: number; month: string; personIds: number[] }) {
  const { rows } = await sql<{ person_id: number; days: string }>`
      WITH latest AS (
        SELECT DISTINCT ON (d.order_id, d.status) d.id, d.order_id FROM declaration d JOIN purchase_order po ON po.id = d.order_id
        WHERE po.contractor_id = ${o.contractorId} AND d.month = ${o.month} AND d.order_id <> ${o.orderId}
          AND d.status IN ('submitted','validated')
        ORDER BY d.order_id, d.status, d.id DESC
      ), per_declaration AS (
        SELECT l.order_id, l.id, dp.person_id, sum(dp.days) AS days FROM latest l
          JOIN declaration_line dl ON dl.declaration_id = l.id
          JOIN declaration_person dp ON dp.declaration_line_id = dl.id
        WHERE dp.person_id = ANY(${o.personIds}::int[])
        GROUP BY l.order_id, l.id, dp.person_id
      )
      SELECT person_id, sum(days) AS days FROM (
        SELECT order_id, person_id, max(days) AS days FROM per_declaration GROUP BY order_id, person_id
      ) s GROUP BY person_id`.execute(trx);
  return new Map(rows.map((r) => [r.person_id, r.days]));
}
