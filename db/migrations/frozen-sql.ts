// FROZEN: SQL written by several migrations, each helper named by the migrations that call it. What these
// helpers send is part of those migrations (a change here would rewrite history on every database that ran
// them): never edit them; a new migration that needs something else writes its own SQL. Not a migration
// (db/migrations/index.ts lists the migrations); imports nothing from the app.
import { sql, type Kysely } from "kysely";

/** Migrations 2026_11_23_1000, 2026_12_02_2000 and 2026_12_02_2010: every write to these tables moves the
 * global data version (migration 1000's bump_data_version, once per transaction at commit), a truncate too. */
export async function addDataVersionTriggers(db: Kysely<any>, tables: readonly string[]): Promise<void> {
  for (const table of tables) {
    await sql`CREATE CONSTRAINT TRIGGER data_version_bump AFTER INSERT OR UPDATE OR DELETE ON ${sql.table(table)}
      DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION bump_data_version()`.execute(db);
    await sql`CREATE TRIGGER data_version_truncate AFTER TRUNCATE ON ${sql.table(table)}
      FOR EACH STATEMENT EXECUTE FUNCTION bump_data_version()`.execute(db);
  }
}

/** Migration 2026_12_01_1100 (up) and 2026_12_03_2000 (down, which puts them back): a user's insert, delete or
 * update moves the global data version, but an update of the password hash alone does not. */
export async function addUserDataVersionTriggers(db: Kysely<any>): Promise<void> {
  await sql`CREATE CONSTRAINT TRIGGER data_version_bump AFTER INSERT OR DELETE ON app_user
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION bump_data_version()`.execute(db);
  await sql`CREATE CONSTRAINT TRIGGER data_version_bump_update AFTER UPDATE ON app_user
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW
    WHEN (to_jsonb(OLD) - 'password_hash' IS DISTINCT FROM to_jsonb(NEW) - 'password_hash')
    EXECUTE FUNCTION bump_data_version()`.execute(db);
}

/** Migrations 2026_12_06_10 (person) and 2026_12_11_00 (invoice): a row written without a company gets its
 * contractor's lead company (holder_company), by a trigger `<table>_lead_company`. */
export function leadCompanyTriggerSql(table: "person" | "invoice") {
  const name = sql.raw(`${table}_lead_company`);
  return sql`CREATE FUNCTION ${name}() RETURNS trigger LANGUAGE plpgsql AS $fn$
    BEGIN
      IF NEW.company_id IS NULL THEN
        SELECT company_id INTO NEW.company_id FROM holder_company WHERE contractor_id = NEW.contractor_id AND role = 'lead';
      END IF;
      RETURN NEW;
    END $fn$;
    CREATE TRIGGER ${name} BEFORE INSERT ON ${sql.raw(table)} FOR EACH ROW EXECUTE FUNCTION ${name}();`;
}

/** Migration 2026_11_23_0900 (up) and 2026_12_04_2000 (down, which puts it back): an order line's three running
 * totals recomputed from its declaration lines (validated days and HT, submitted days). */
export function refreshOrderLineConsumptionSql(create: "CREATE" | "CREATE OR REPLACE") {
  return sql`${sql.raw(create)} FUNCTION refresh_order_line_consumption(line_id integer) RETURNS void AS $fn$
      UPDATE order_line ol SET
        consumed_days = s.consumed_days, consumed_ht = s.consumed_ht, pending_days = s.pending_days
      FROM (
        SELECT coalesce(sum(dl.delta_days) FILTER (WHERE d.status = 'validated'), 0) AS consumed_days,
               coalesce(sum(dl.consumed_amount) FILTER (WHERE d.status = 'validated'), 0) AS consumed_ht,
               coalesce(sum(dl.delta_days) FILTER (WHERE d.status = 'submitted'), 0) AS pending_days
        FROM declaration_line dl JOIN declaration d ON d.id = dl.declaration_id
        WHERE dl.order_line_id = line_id
      ) s
      WHERE ol.id = line_id
        AND (ol.consumed_days, ol.consumed_ht, ol.pending_days) IS DISTINCT FROM (s.consumed_days, s.consumed_ht, s.pending_days);
    $fn$ LANGUAGE sql;`;
}
