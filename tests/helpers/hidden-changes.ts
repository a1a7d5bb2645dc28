// Changes that move no data version (triggers off, as the scale generator loads): what a cached page must not see
// until something moves its version, while whoever recounts from the tables does.
import { sql } from "kysely";
import type { Db, Tx } from "../../db/client";
import { lastOverdueMonth } from "../../app/domain/alerts/alerts.server";

/**
 * One more missing month for whoever counts the beneficiary's alerts again: its oldest validated initial declaration
 * of an issued order, up to the last overdue month of `today`, turned rejected behind the triggers' back.
 * `alsoInside` runs in the same transaction (still without triggers). Returns the declaration's id.
 */
export async function hiddenMissingMonth(db: Db, beneficiaryId: number, today: string, alsoInside?: (trx: Tx, declarationId: number) => Promise<void>) {
  const { id } = await db
    .selectFrom("declaration as d")
    .innerJoin("purchase_order as po", "po.id", "d.order_id")
    .select("d.id")
    .where("po.beneficiary_id", "=", beneficiaryId)
    .where("po.status", "=", "issued")
    .where("d.kind", "=", "initial")
    .where("d.status", "=", "validated")
    .where("d.month", "<=", lastOverdueMonth(today))
    .orderBy("d.id")
    .limit(1)
    .executeTakeFirstOrThrow();
  await db.transaction().execute(async (trx) => {
    await sql`SET LOCAL session_replication_role = replica`.execute(trx);
    await trx.updateTable("declaration").set({ status: "rejected", rejection_reason: "test" }).where("id", "=", id).execute();
    // the month is to declare again in the table kept by triggers (migration 2026_12_20_00), which replica mode silenced
    await sql`SELECT refresh_month_to_declare(order_id, month) FROM declaration WHERE id = ${id}`.execute(trx);
    await alsoInside?.(trx, id);
  });
  return id;
}
