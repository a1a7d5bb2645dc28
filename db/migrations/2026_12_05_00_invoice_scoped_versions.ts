// Frozen migration: imports nothing from the app. Invoice writes (issue 17) moved the GLOBAL data version
// (migration 2026_12_02_1000 gave `invoice` and `invoice_declaration` migration 1000's bump_data_version), so
// every cached page of every scope went cold at each invoice recorded, moved or imported. An invoice belongs
// to its order: like the order's own rows (migration 2026_12_03_2000), a write now notes the order's
// beneficiary ('b:<id>') and contractor ('c:<id>') scopes, flushed at commit by flush_data_version. The ECB
// rates (reference data) keep moving the global version.
import { sql, type Kysely } from "kysely";

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    CREATE FUNCTION note_invoice_write() RETURNS trigger LANGUAGE plpgsql AS $fn$
    DECLARE
      r record;
    BEGIN
      IF TG_OP = 'DELETE' THEN r := OLD; ELSE r := NEW; END IF;
      IF TG_TABLE_NAME = 'invoice' THEN
        PERFORM note_data_scopes(order_scopes(ARRAY[r.order_id]));
        IF TG_OP = 'UPDATE' AND OLD.order_id IS DISTINCT FROM NEW.order_id THEN PERFORM note_data_scopes(order_scopes(ARRAY[OLD.order_id])); END IF;
      ELSE
        PERFORM note_data_scopes(order_scopes(ARRAY(SELECT order_id FROM invoice WHERE id = r.invoice_id)));
      END IF;
      RETURN NULL;
    END $fn$`.execute(db);
  for (const table of ["invoice", "invoice_declaration"]) {
    await sql`DROP TRIGGER IF EXISTS data_version_bump ON ${sql.table(table)}`.execute(db);
    await sql`CREATE TRIGGER data_version_note AFTER INSERT OR UPDATE OR DELETE ON ${sql.table(table)} FOR EACH ROW EXECUTE FUNCTION note_invoice_write()`.execute(
      db,
    );
    await sql`CREATE CONSTRAINT TRIGGER data_version_flush AFTER INSERT OR UPDATE OR DELETE ON ${sql.table(table)}
      DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION flush_data_version()`.execute(db);
    await sql`CREATE TRIGGER data_version_truncate AFTER TRUNCATE ON ${sql.table(table)} FOR EACH STATEMENT EXECUTE FUNCTION note_truncate()`.execute(db);
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ["invoice", "invoice_declaration"]) {
    for (const trigger of ["data_version_note", "data_version_flush", "data_version_truncate"]) {
      await sql`DROP TRIGGER IF EXISTS ${sql.raw(trigger)} ON ${sql.table(table)}`.execute(db);
    }
    await sql`CREATE CONSTRAINT TRIGGER data_version_bump AFTER INSERT OR UPDATE OR DELETE ON ${sql.table(table)}
      DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION bump_data_version()`.execute(db);
  }
  await sql`DROP FUNCTION IF EXISTS note_invoice_write()`.execute(db);
}
