// Frozen migration: imports nothing from the app. Issue 15: invoices, ceilings, envelopes and budget years
// moved the GLOBAL data version (migration 1000's bump_data_version, added by migrations 2026_12_02_1000,
// 2000 and 2010 before the scoped versions of 2026_12_03_2000): one invoice recorded anywhere made every
// cached page of every beneficiary and contractor cold. They now note the scopes they affect, like the
// order tables (note_data_scopes, flushed at commit by flush_data_version in sorted order):
//   - invoice, invoice_declaration: the invoice's order's beneficiary and contractor (b:, c:);
//   - beneficiary_envelope: its beneficiary (b:);
//   - execution_period, lot_ceiling (R17 maxima): 'k:<contract id>', a counter no correspondent or contractor
//     reads: the maxima are shown to DINUM only (ceiling:read: its home, its alerts and their badge), whose
//     version is the sum of every counter; issuing and amending check them live, never from a cache;
//   - budget_year: 'y:<year>', read by DINUM's version only: no cached page shows the closing dates (the
//     new-order form's and a draft's warnings, and /annee-budgetaire, are computed per request).
//   - ecb_rate stays global (reference data, rare).
// A truncate of any of them still moves the global version (note_truncate).
import { sql, type Kysely } from "kysely";

const TABLES = ["invoice", "invoice_declaration", "execution_period", "lot_ceiling", "budget_year", "beneficiary_envelope"] as const;

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    CREATE FUNCTION note_money_write() RETURNS trigger LANGUAGE plpgsql AS $fn$
    DECLARE
      r record;
      k integer;
    BEGIN
      IF TG_OP = 'DELETE' THEN r := OLD; ELSE r := NEW; END IF;
      CASE TG_TABLE_NAME
        WHEN 'invoice' THEN
          PERFORM note_data_scopes(order_scopes(ARRAY[r.order_id]));
          IF TG_OP = 'UPDATE' AND OLD.order_id IS DISTINCT FROM NEW.order_id THEN PERFORM note_data_scopes(order_scopes(ARRAY[OLD.order_id])); END IF;
        WHEN 'invoice_declaration' THEN
          PERFORM note_data_scopes(order_scopes(ARRAY(SELECT order_id FROM invoice WHERE id IN (r.invoice_id, OLD.invoice_id))));
        WHEN 'beneficiary_envelope' THEN
          PERFORM note_data_scopes(ARRAY['b:' || r.beneficiary_id]);
          IF TG_OP = 'UPDATE' THEN PERFORM note_data_scopes(ARRAY['b:' || OLD.beneficiary_id]); END IF;
        WHEN 'execution_period' THEN
          PERFORM note_data_scopes(ARRAY['k:' || r.contract_id]);
          IF TG_OP = 'UPDATE' THEN PERFORM note_data_scopes(ARRAY['k:' || OLD.contract_id]); END IF;
        WHEN 'lot_ceiling' THEN
          SELECT contract_id INTO k FROM execution_period WHERE id = r.period_id;
          IF k IS NULL THEN PERFORM set_config('pilotage.data_global', 'on', true);
          ELSE PERFORM note_data_scopes(ARRAY['k:' || k]); END IF;
        WHEN 'budget_year' THEN
          PERFORM note_data_scopes(ARRAY['y:' || r.year]);
          IF TG_OP = 'UPDATE' THEN PERFORM note_data_scopes(ARRAY['y:' || OLD.year]); END IF;
      END CASE;
      RETURN NULL;
    END $fn$;
  `.execute(db);
  for (const table of TABLES) {
    await sql`DROP TRIGGER IF EXISTS data_version_bump ON ${sql.table(table)}`.execute(db);
    await sql`DROP TRIGGER IF EXISTS data_version_truncate ON ${sql.table(table)}`.execute(db);
    await sql`CREATE TRIGGER data_version_truncate AFTER TRUNCATE ON ${sql.table(table)} FOR EACH STATEMENT EXECUTE FUNCTION note_truncate()`.execute(db);
    await sql`CREATE TRIGGER data_version_note AFTER INSERT OR UPDATE OR DELETE ON ${sql.table(table)} FOR EACH ROW EXECUTE FUNCTION note_money_write()`.execute(
      db,
    );
    await sql`CREATE CONSTRAINT TRIGGER data_version_flush AFTER INSERT OR UPDATE OR DELETE ON ${sql.table(table)}
      DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION flush_data_version()`.execute(db);
  }
  // the ECB rates: reference data, global, through the same note-and-flush pair as the other global tables
  await sql`DROP TRIGGER IF EXISTS data_version_bump ON ecb_rate`.execute(db);
  await sql`CREATE TRIGGER data_version_note AFTER INSERT OR UPDATE OR DELETE ON ecb_rate FOR EACH ROW EXECUTE FUNCTION note_global_write()`.execute(db);
  await sql`CREATE CONSTRAINT TRIGGER data_version_flush AFTER INSERT OR UPDATE OR DELETE ON ecb_rate
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION flush_data_version()`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of [...TABLES, "ecb_rate"]) {
    for (const trigger of ["data_version_note", "data_version_flush", "data_version_truncate"]) {
      await sql`DROP TRIGGER IF EXISTS ${sql.raw(trigger)} ON ${sql.table(table)}`.execute(db);
    }
    await sql`CREATE CONSTRAINT TRIGGER data_version_bump AFTER INSERT OR UPDATE OR DELETE ON ${sql.table(table)}
      DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION bump_data_version()`.execute(db);
    if (table !== "invoice" && table !== "invoice_declaration" && table !== "ecb_rate") {
      await sql`CREATE TRIGGER data_version_truncate AFTER TRUNCATE ON ${sql.table(table)} FOR EACH STATEMENT EXECUTE FUNCTION bump_data_version()`.execute(db);
    }
  }
  await sql`DROP FUNCTION IF EXISTS note_money_write()`.execute(db);
}
