// Frozen migration: imports nothing from the app. Issue 15: the CP (R11: what was validated, per year of
// validation in Paris) per order, kept in the writing transaction. The AE/CP figures of the home pages and
// of the workbook's "AE-CP" sheet summed the consumed amounts of every validated declaration line (300,000
// at national scale, ~1.3 s) to get ~12,000 (order, year) sums: `order_cp_year` holds those sums, recomputed
// for an order whenever one of its declaration lines or declarations is written. The order's row in
// order_totals (migration 2026_12_03_2000) is locked first: two transactions recomputing the same order
// take turns, and the second reads what the first committed.
import { sql, type Kysely } from "kysely";

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    CREATE TABLE order_cp_year (
      order_id integer NOT NULL REFERENCES purchase_order(id) ON DELETE CASCADE,
      year integer,
      ht numeric
    );
    CREATE INDEX order_cp_year_order_idx ON order_cp_year (order_id);
    COMMENT ON TABLE order_cp_year IS 'per order and year of validation (Paris), sum of the consumed amounts of its validated declaration lines (triggers, migration 2026_12_03_2020)';

    CREATE FUNCTION refresh_order_cp(ids integer[]) RETURNS void LANGUAGE plpgsql AS $fn$
    BEGIN
      IF ids = '{}' THEN RETURN; END IF;
      PERFORM 1 FROM order_totals WHERE order_id = ANY(ids) ORDER BY order_id FOR UPDATE;
      DELETE FROM order_cp_year WHERE order_id = ANY(ids);
      INSERT INTO order_cp_year (order_id, year, ht)
      SELECT dl.order_id, extract(year FROM (d.validated_at AT TIME ZONE 'Europe/Paris'))::int, sum(dl.consumed_amount)
      FROM declaration_line dl JOIN declaration d ON d.id = dl.declaration_id
      WHERE d.status = 'validated' AND dl.order_id = ANY(ids)
      GROUP BY 1, 2;
    END $fn$;

    CREATE FUNCTION order_cp_after_line_insert() RETURNS trigger LANGUAGE plpgsql AS $fn$
    BEGIN
      PERFORM refresh_order_cp(ARRAY(SELECT DISTINCT order_id FROM new_rows ORDER BY 1));
      RETURN NULL;
    END $fn$;
    CREATE FUNCTION order_cp_after_update() RETURNS trigger LANGUAGE plpgsql AS $fn$
    BEGIN
      PERFORM refresh_order_cp(ARRAY(SELECT order_id FROM new_rows UNION SELECT order_id FROM old_rows ORDER BY 1));
      RETURN NULL;
    END $fn$;
    CREATE FUNCTION order_cp_after_delete() RETURNS trigger LANGUAGE plpgsql AS $fn$
    BEGIN
      PERFORM refresh_order_cp(ARRAY(SELECT DISTINCT order_id FROM old_rows ORDER BY 1));
      RETURN NULL;
    END $fn$;
    CREATE TRIGGER order_cp_insert AFTER INSERT ON declaration_line REFERENCING NEW TABLE AS new_rows
      FOR EACH STATEMENT EXECUTE FUNCTION order_cp_after_line_insert();
    CREATE TRIGGER order_cp_update AFTER UPDATE ON declaration_line REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
      FOR EACH STATEMENT EXECUTE FUNCTION order_cp_after_update();
    CREATE TRIGGER order_cp_delete AFTER DELETE ON declaration_line REFERENCING OLD TABLE AS old_rows
      FOR EACH STATEMENT EXECUTE FUNCTION order_cp_after_delete();
    CREATE TRIGGER order_cp_update AFTER UPDATE ON declaration REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
      FOR EACH STATEMENT EXECUTE FUNCTION order_cp_after_update();
    CREATE TRIGGER order_cp_delete AFTER DELETE ON declaration REFERENCING OLD TABLE AS old_rows
      FOR EACH STATEMENT EXECUTE FUNCTION order_cp_after_delete();

    SELECT refresh_order_cp(ARRAY(SELECT id FROM purchase_order ORDER BY id));
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`
    DROP TRIGGER IF EXISTS order_cp_insert ON declaration_line;
    DROP TRIGGER IF EXISTS order_cp_update ON declaration_line;
    DROP TRIGGER IF EXISTS order_cp_delete ON declaration_line;
    DROP TRIGGER IF EXISTS order_cp_update ON declaration;
    DROP TRIGGER IF EXISTS order_cp_delete ON declaration;
    DROP FUNCTION IF EXISTS order_cp_after_line_insert();
    DROP FUNCTION IF EXISTS order_cp_after_update();
    DROP FUNCTION IF EXISTS order_cp_after_delete();
    DROP FUNCTION IF EXISTS refresh_order_cp(integer[]);
    DROP TABLE IF EXISTS order_cp_year;
  `.execute(db);
}
