// Frozen migration: imports nothing from the app. app_now() is the time a use case records: now() (the
// transaction's start), unless the transaction set its clock (set_config('pilotage.clock', …, true)), which
// only the seeds and the tests do (db/clock.ts), so that the demo data keeps its dates while every row and
// audit event of it is written by the real use cases. The timestamp columns the use cases fill default to it.
import { sql, type Kysely } from "kysely";

const columns: [string, string][] = [
  ["contract", "created_at"],
  ["contractor", "created_at"],
  ["price_schedule", "created_at"],
  ["beneficiary", "created_at"],
  ["app_user", "created_at"],
  ["product", "created_at"],
  ["product_phase", "recorded_at"],
  ["purchase_order", "created_at"],
  ["purchase_order", "updated_at"],
  ["order_revision", "created_at"],
  ["declaration", "created_at"],
  ["declaration", "updated_at"],
  ["audit_event", "occurred_at"],
];

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    CREATE FUNCTION app_now() RETURNS timestamptz AS $fn$
      SELECT coalesce(nullif(current_setting('pilotage.clock', true), '')::timestamptz, now())
    $fn$ LANGUAGE sql STABLE`.execute(db);
  for (const [table, column] of columns) {
    await sql`ALTER TABLE ${sql.table(table)} ALTER COLUMN ${sql.ref(column)} SET DEFAULT app_now()`.execute(db);
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const [table, column] of columns) {
    await sql`ALTER TABLE ${sql.table(table)} ALTER COLUMN ${sql.ref(column)} SET DEFAULT now()`.execute(db);
  }
  await sql`DROP FUNCTION IF EXISTS app_now()`.execute(db);
}
