// A data version for caches that must never serve stale figures (issue 8). Every transaction that
// writes a table feeding the figures adds 1 to one of 16 counters, at commit (a deferred constraint
// trigger: the counter's row lock is taken last, after every other lock of the transaction, so it cannot
// take part in a deadlock, and 16 slots keep concurrent commits from queueing on one row).
//
// Readers take `sum(n)` in the SAME snapshot as the data they compute: snapshots see ever larger sets
// of committed transactions and each writing transaction adds at least 1, so equal sums mean the same
// committed data. A cached result stored under a sum is served only while the sum has not moved.
import { sql, type Kysely } from "kysely";
import { addDataVersionTriggers } from "./frozen-sql";

export const SLOTS = 16;

export const VERSIONED_TABLES = [
  "work_unit_type",
  "contract",
  "contract_renewal",
  "lot",
  "contractor",
  "lot_holder",
  "price_schedule",
  "price_schedule_item",
  "beneficiary",
  "product",
  "product_phase",
  "product_risk",
  "purchase_order",
  "order_line",
  "order_revision",
  "person",
  "declaration",
  "declaration_line",
  "declaration_person",
] as const;

export async function up(db: Kysely<any>): Promise<void> {
  await sql`CREATE TABLE data_version (slot smallint PRIMARY KEY, n bigint NOT NULL DEFAULT 0)`.execute(db);
  await sql`INSERT INTO data_version (slot) SELECT generate_series(0, ${sql.lit(SLOTS - 1)})`.execute(db);
  await sql`
    CREATE FUNCTION bump_data_version() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      -- once per transaction is enough (a row trigger fires for every row written)
      IF current_setting('pilotage.data_version_bumped', true) IS DISTINCT FROM 'on' THEN
        PERFORM set_config('pilotage.data_version_bumped', 'on', true);
        UPDATE data_version SET n = n + 1 WHERE slot = (txid_current() % ${sql.lit(SLOTS)});
      END IF;
      RETURN NULL;
    END $$`.execute(db);
  await addDataVersionTriggers(db, VERSIONED_TABLES);
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of VERSIONED_TABLES) {
    await sql`DROP TRIGGER IF EXISTS data_version_bump ON ${sql.table(table)}`.execute(db);
    await sql`DROP TRIGGER IF EXISTS data_version_truncate ON ${sql.table(table)}`.execute(db);
  }
  await sql`DROP FUNCTION IF EXISTS bump_data_version()`.execute(db);
  await sql`DROP TABLE IF EXISTS data_version`.execute(db);
}
