// Frozen migration: imports nothing from the app. Issue 15, two things kept by the database in the writing
// transaction, so that pages stay fast while the data changes:
//
// 1. `order_totals`: per order, the plain sums of its lines (ordered days and HT, consumed days and HT,
//    pending days), recomputed from `order_line` after every statement that writes order lines (which the
//    running totals of migration 0900 do for every declaration written). No rule lives here: what an order
//    COUNTS (R13, by its status) is still computed by countedLineSql / orderFiguresSql over these sums, and
//    since the status is one per order, the sum of the counted lines is the counted sum. Every order has its
//    row (created with the order, removed with it).
//
// 2. Data versions per scope (`scope_data_version`: 'b:<beneficiary id>', 'c:<contractor id>'), next to the
//    global counters of migration 1000. A write to a row that belongs to orders (order, line, revision,
//    declaration and its lines and people, a product and its phases and risks, a new person) notes the
//    beneficiary and the contractor it belongs to; a write to anything else (reference data, users, a
//    person renamed, a truncate) notes "global". At commit, one deferred trigger adds 1 to the global slot
//    if noted, then to each noted scope, in sorted order (so two committing transactions take the counters'
//    row locks in the same order and cannot deadlock on them). A cache keyed by a correspondent's scope
//    reads global + its beneficiary's counter; a contractor's, global + its contractor's; DINUM's, everything.
//    Writes in one beneficiary's scope no longer make other beneficiaries' pages cold.
import { sql, type Kysely } from "kysely";
import { addUserDataVersionTriggers } from "./frozen-sql";

const SLOTS = 16; // as migration 1000

const GLOBAL_TABLES = [
  "work_unit_type",
  "contract",
  "contract_renewal",
  "lot",
  "contractor",
  "lot_holder",
  "price_schedule",
  "price_schedule_item",
  "beneficiary",
] as const;
const SCOPED_TABLES = [
  "purchase_order",
  "order_line",
  "order_revision",
  "declaration",
  "declaration_line",
  "declaration_person",
  "product",
  "product_phase",
  "product_risk",
] as const;

export async function up(db: Kysely<any>): Promise<void> {
  // ---- 1. per-order sums of the lines
  await sql`
    CREATE TABLE order_totals (
      order_id integer PRIMARY KEY REFERENCES purchase_order(id) ON DELETE CASCADE,
      ordered_days numeric NOT NULL DEFAULT 0,
      amount_ht numeric NOT NULL DEFAULT 0,
      consumed_days numeric NOT NULL DEFAULT 0,
      consumed_ht numeric NOT NULL DEFAULT 0,
      pending_days numeric NOT NULL DEFAULT 0
    );
    COMMENT ON TABLE order_totals IS 'per order, sums of its order_line rows (kept by triggers, migration 2026_12_03_2000); counted by status in queries';

    -- the rows are locked first, then the sums read in a new snapshot: a transaction that changed other
    -- lines of the same order and committed meanwhile is counted, never overwritten by older sums
    CREATE FUNCTION refresh_order_totals(ids integer[]) RETURNS void LANGUAGE plpgsql AS $fn$
    BEGIN
      PERFORM 1 FROM order_totals WHERE order_id = ANY(ids) ORDER BY order_id FOR UPDATE;
      INSERT INTO order_totals AS t (order_id, ordered_days, amount_ht, consumed_days, consumed_ht, pending_days)
      SELECT po.id, coalesce(sum(ol.ordered_days), 0), coalesce(sum(ol.amount_ht), 0), coalesce(sum(ol.consumed_days), 0),
        coalesce(sum(ol.consumed_ht), 0), coalesce(sum(ol.pending_days), 0)
      FROM purchase_order po LEFT JOIN order_line ol ON ol.order_id = po.id
      WHERE po.id = ANY(ids)
      GROUP BY po.id
      ORDER BY po.id
      ON CONFLICT (order_id) DO UPDATE SET ordered_days = EXCLUDED.ordered_days, amount_ht = EXCLUDED.amount_ht,
        consumed_days = EXCLUDED.consumed_days, consumed_ht = EXCLUDED.consumed_ht, pending_days = EXCLUDED.pending_days
      WHERE (t.ordered_days, t.amount_ht, t.consumed_days, t.consumed_ht, t.pending_days)
        IS DISTINCT FROM (EXCLUDED.ordered_days, EXCLUDED.amount_ht, EXCLUDED.consumed_days, EXCLUDED.consumed_ht, EXCLUDED.pending_days);
    END $fn$;

    CREATE FUNCTION order_totals_after_insert() RETURNS trigger LANGUAGE plpgsql AS $fn$
    BEGIN
      PERFORM refresh_order_totals(ARRAY(SELECT DISTINCT order_id FROM new_rows ORDER BY 1));
      RETURN NULL;
    END $fn$;
    CREATE FUNCTION order_totals_after_update() RETURNS trigger LANGUAGE plpgsql AS $fn$
    BEGIN
      PERFORM refresh_order_totals(ARRAY(SELECT order_id FROM new_rows UNION SELECT order_id FROM old_rows ORDER BY 1));
      RETURN NULL;
    END $fn$;
    CREATE FUNCTION order_totals_after_delete() RETURNS trigger LANGUAGE plpgsql AS $fn$
    BEGIN
      PERFORM refresh_order_totals(ARRAY(SELECT DISTINCT order_id FROM old_rows ORDER BY 1));
      RETURN NULL;
    END $fn$;
    CREATE TRIGGER order_totals_insert AFTER INSERT ON order_line REFERENCING NEW TABLE AS new_rows
      FOR EACH STATEMENT EXECUTE FUNCTION order_totals_after_insert();
    CREATE TRIGGER order_totals_update AFTER UPDATE ON order_line REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
      FOR EACH STATEMENT EXECUTE FUNCTION order_totals_after_update();
    CREATE TRIGGER order_totals_delete AFTER DELETE ON order_line REFERENCING OLD TABLE AS old_rows
      FOR EACH STATEMENT EXECUTE FUNCTION order_totals_after_delete();

    CREATE FUNCTION order_totals_new_order() RETURNS trigger LANGUAGE plpgsql AS $fn$
    BEGIN
      INSERT INTO order_totals (order_id) SELECT id FROM new_rows ON CONFLICT DO NOTHING;
      RETURN NULL;
    END $fn$;
    CREATE TRIGGER order_totals_new_order AFTER INSERT ON purchase_order REFERENCING NEW TABLE AS new_rows
      FOR EACH STATEMENT EXECUTE FUNCTION order_totals_new_order();

    SELECT refresh_order_totals(ARRAY(SELECT id FROM purchase_order ORDER BY id));
  `.execute(db);

  // ---- 2. data versions per scope
  await sql`
    CREATE TABLE scope_data_version (scope text PRIMARY KEY, n bigint NOT NULL DEFAULT 0);
    COMMENT ON TABLE scope_data_version IS 'data version per beneficiary (b:id) and contractor (c:id), bumped at commit (migration 2026_12_03_2000)';

    CREATE FUNCTION note_data_scopes(scopes text[]) RETURNS void LANGUAGE plpgsql AS $fn$
    DECLARE
      noted text := coalesce(current_setting('pilotage.data_scopes', true), '');
      s text;
    BEGIN
      FOREACH s IN ARRAY scopes LOOP
        IF s IS NOT NULL AND position(',' || s || ',' IN noted) = 0 THEN
          noted := CASE WHEN noted = '' THEN ',' ELSE noted END || s || ',';
        END IF;
      END LOOP;
      PERFORM set_config('pilotage.data_scopes', noted, true);
    END $fn$;

    -- the beneficiary and the contractor of orders
    CREATE FUNCTION order_scopes(ids integer[]) RETURNS text[] LANGUAGE sql STABLE AS $fn$
      SELECT coalesce(array_agg(DISTINCT s), '{}') FROM purchase_order po,
        LATERAL (VALUES ('b:' || po.beneficiary_id), ('c:' || po.contractor_id)) v(s)
      WHERE po.id = ANY(ids)
    $fn$;
    -- a product's beneficiary and the contractors of its orders (they show its name)
    CREATE FUNCTION product_scopes(ids integer[]) RETURNS text[] LANGUAGE sql STABLE AS $fn$
      SELECT coalesce(array_agg(DISTINCT s), '{}') FROM (
        SELECT 'b:' || beneficiary_id AS s FROM product WHERE id = ANY(ids)
        UNION SELECT 'c:' || contractor_id FROM purchase_order WHERE product_id = ANY(ids)
      ) x
    $fn$;

    CREATE FUNCTION note_global_write() RETURNS trigger LANGUAGE plpgsql AS $fn$
    BEGIN
      PERFORM set_config('pilotage.data_global', 'on', true);
      RETURN NULL;
    END $fn$;

    CREATE FUNCTION note_scoped_write() RETURNS trigger LANGUAGE plpgsql AS $fn$
    DECLARE
      r record;
      o record;
    BEGIN
      IF TG_OP = 'DELETE' THEN r := OLD; ELSE r := NEW; END IF;
      CASE TG_TABLE_NAME
        WHEN 'purchase_order' THEN
          PERFORM note_data_scopes(ARRAY['b:' || r.beneficiary_id, 'c:' || r.contractor_id]);
          IF TG_OP = 'UPDATE' THEN PERFORM note_data_scopes(ARRAY['b:' || OLD.beneficiary_id, 'c:' || OLD.contractor_id]); END IF;
        WHEN 'order_line', 'order_revision', 'declaration', 'declaration_line' THEN
          PERFORM note_data_scopes(order_scopes(ARRAY[r.order_id]));
          IF TG_OP = 'UPDATE' AND OLD.order_id IS DISTINCT FROM NEW.order_id THEN PERFORM note_data_scopes(order_scopes(ARRAY[OLD.order_id])); END IF;
        WHEN 'declaration_person' THEN
          PERFORM note_data_scopes(order_scopes(ARRAY(SELECT order_id FROM declaration_line WHERE id IN (r.declaration_line_id, OLD.declaration_line_id))));
        WHEN 'product' THEN
          PERFORM note_data_scopes(product_scopes(ARRAY[r.id]));
          IF TG_OP = 'UPDATE' THEN PERFORM note_data_scopes(ARRAY['b:' || OLD.beneficiary_id]); END IF;
        WHEN 'product_phase', 'product_risk' THEN
          PERFORM note_data_scopes(product_scopes(ARRAY[r.product_id]));
        WHEN 'person' THEN
          -- a new person is seen only through the declaration lines written with it; a change to an existing one, everywhere
          IF TG_OP = 'INSERT' THEN PERFORM note_data_scopes(ARRAY['c:' || r.contractor_id]);
          ELSE PERFORM set_config('pilotage.data_global', 'on', true); END IF;
      END CASE;
      RETURN NULL;
    END $fn$;

    -- at commit: the noted global write and scopes, each counter once, in one order (global slot, then scopes sorted)
    CREATE FUNCTION flush_data_version() RETURNS trigger LANGUAGE plpgsql AS $fn$
    DECLARE
      noted text := coalesce(current_setting('pilotage.data_scopes', true), '');
      s text;
    BEGIN
      IF current_setting('pilotage.data_global', true) = 'on' THEN
        PERFORM set_config('pilotage.data_global', '', true);
        UPDATE data_version SET n = n + 1 WHERE slot = (txid_current() % ${sql.lit(SLOTS)});
      END IF;
      IF noted <> '' THEN
        PERFORM set_config('pilotage.data_scopes', '', true);
        FOR s IN SELECT DISTINCT x FROM unnest(string_to_array(trim(BOTH ',' FROM noted), ',')) x WHERE x <> '' ORDER BY 1 LOOP
          INSERT INTO scope_data_version AS v (scope, n) VALUES (s, 1) ON CONFLICT (scope) DO UPDATE SET n = v.n + 1;
        END LOOP;
      END IF;
      RETURN NULL;
    END $fn$;

    CREATE FUNCTION note_truncate() RETURNS trigger LANGUAGE plpgsql AS $fn$
    BEGIN
      UPDATE data_version SET n = n + 1 WHERE slot = (txid_current() % ${sql.lit(SLOTS)});
      RETURN NULL;
    END $fn$;
  `.execute(db);

  const all = [...GLOBAL_TABLES, ...SCOPED_TABLES, "person", "app_user"];
  for (const table of all) {
    // migration 1000's triggers (and 1100's on app_user) give way to these
    await sql`DROP TRIGGER IF EXISTS data_version_bump ON ${sql.table(table)}`.execute(db);
    await sql`DROP TRIGGER IF EXISTS data_version_bump_update ON ${sql.table(table)}`.execute(db);
    await sql`DROP TRIGGER IF EXISTS data_version_truncate ON ${sql.table(table)}`.execute(db);
    await sql`CREATE TRIGGER data_version_truncate AFTER TRUNCATE ON ${sql.table(table)} FOR EACH STATEMENT EXECUTE FUNCTION note_truncate()`.execute(db);
    await sql`CREATE CONSTRAINT TRIGGER data_version_flush AFTER INSERT OR UPDATE OR DELETE ON ${sql.table(table)}
      DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION flush_data_version()`.execute(db);
  }
  for (const table of GLOBAL_TABLES) {
    await sql`CREATE TRIGGER data_version_note AFTER INSERT OR UPDATE OR DELETE ON ${sql.table(table)} FOR EACH ROW EXECUTE FUNCTION note_global_write()`.execute(
      db,
    );
  }
  for (const table of [...SCOPED_TABLES, "person"]) {
    await sql`CREATE TRIGGER data_version_note AFTER INSERT OR UPDATE OR DELETE ON ${sql.table(table)} FOR EACH ROW EXECUTE FUNCTION note_scoped_write()`.execute(
      db,
    );
  }
  // users: as migration 1100, a change of the password hash alone moves nothing
  await sql`CREATE TRIGGER data_version_note AFTER INSERT OR DELETE ON app_user FOR EACH ROW EXECUTE FUNCTION note_global_write()`.execute(db);
  await sql`CREATE TRIGGER data_version_note_update AFTER UPDATE ON app_user FOR EACH ROW
    WHEN (to_jsonb(OLD) - 'password_hash' IS DISTINCT FROM to_jsonb(NEW) - 'password_hash') EXECUTE FUNCTION note_global_write()`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  const all = [...GLOBAL_TABLES, ...SCOPED_TABLES, "person", "app_user"];
  for (const table of all) {
    for (const trigger of ["data_version_note", "data_version_note_update", "data_version_flush", "data_version_truncate"]) {
      await sql`DROP TRIGGER IF EXISTS ${sql.raw(trigger)} ON ${sql.table(table)}`.execute(db);
    }
    await sql`CREATE TRIGGER data_version_truncate AFTER TRUNCATE ON ${sql.table(table)} FOR EACH STATEMENT EXECUTE FUNCTION bump_data_version()`.execute(db);
    if (table !== "app_user") {
      await sql`CREATE CONSTRAINT TRIGGER data_version_bump AFTER INSERT OR UPDATE OR DELETE ON ${sql.table(table)}
        DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION bump_data_version()`.execute(db);
    }
  }
  await addUserDataVersionTriggers(db);
  await sql`
    DROP FUNCTION IF EXISTS note_truncate();
    DROP FUNCTION IF EXISTS flush_data_version();
    DROP FUNCTION IF EXISTS note_scoped_write();
    DROP FUNCTION IF EXISTS note_global_write();
    DROP FUNCTION IF EXISTS product_scopes(integer[]);
    DROP FUNCTION IF EXISTS order_scopes(integer[]);
    DROP FUNCTION IF EXISTS note_data_scopes(text[]);
    DROP TABLE IF EXISTS scope_data_version;
    DROP TRIGGER IF EXISTS order_totals_new_order ON purchase_order;
    DROP TRIGGER IF EXISTS order_totals_insert ON order_line;
    DROP TRIGGER IF EXISTS order_totals_update ON order_line;
    DROP TRIGGER IF EXISTS order_totals_delete ON order_line;
    DROP FUNCTION IF EXISTS order_totals_new_order();
    DROP FUNCTION IF EXISTS order_totals_after_insert();
    DROP FUNCTION IF EXISTS order_totals_after_update();
    DROP FUNCTION IF EXISTS order_totals_after_delete();
    DROP FUNCTION IF EXISTS refresh_order_totals(integer[]);
    DROP TABLE IF EXISTS order_totals;
  `.execute(db);
}
