// Frozen migration: imports nothing from the app. Issue 15: the months each issued order still has to
// declare, kept by the database in the writing transaction. A contractor's, a correspondent's and DINUM's
// "months to declare" (the home, the declarations page, the header badge, the alerts) were each computed
// by listing every month of every issued order in scope and looking for its initial declaration: for the
// national contractor, 13,800 order-months merged with all 82,000 declarations (200 ms at factor 1, 450 ms
// at factor 2) to show 10 rows, after every write in its scope.
//
// `month_to_declare` holds one row per issued order and month of its period (the first day of the month,
// from its start's month to its end's, future months included: the pages keep those up to the current
// month) that has no submitted or validated initial declaration. A draft or a rejected one leaves the month
// to declare (the pages show it with its state), a correction changes nothing. Kept by:
//   - the order (insert, or a change of its status or period): its months computed again;
//   - an initial declaration (insert, a change of status or month, delete): its order's month computed again.
// No lock of its own: the order's use cases (issue, amend, close, cancel) lock the order FOR UPDATE and then
// its declarations, and the declaration's lock their row first (a new one takes a KEY SHARE of its order),
// so the two never run at once on one order, and each trigger's statements (READ COMMITTED) read what the
// other committed. Checked against a recomputation after a random mix of writes through the use cases in
// tests/integration/month-to-declare.test.ts. The scale generator (replica mode: triggers off) fills it.
import { sql, type Kysely } from "kysely";

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    CREATE TABLE month_to_declare (
      order_id integer NOT NULL REFERENCES purchase_order(id) ON DELETE CASCADE,
      month date NOT NULL,
      PRIMARY KEY (order_id, month)
    );
    CREATE INDEX month_to_declare_month_idx ON month_to_declare (month, order_id);
    COMMENT ON TABLE month_to_declare IS 'issued orders'' months with no submitted or validated initial declaration (kept by triggers, migration 2026_12_20_00)';

    CREATE FUNCTION refresh_months_to_declare(ids integer[]) RETURNS void LANGUAGE plpgsql AS $fn$
    BEGIN
      DELETE FROM month_to_declare WHERE order_id = ANY(ids);
      INSERT INTO month_to_declare (order_id, month)
      SELECT po.id, m.m
      FROM purchase_order po
      CROSS JOIN LATERAL month_series(po.period_start, date_trunc('month', po.period_end)::date) AS m(m)
      WHERE po.id = ANY(ids) AND po.status = 'issued'
        AND NOT EXISTS (SELECT 1 FROM declaration d WHERE d.order_id = po.id AND d.month = m.m AND d.kind = 'initial'
          AND d.status IN ('submitted', 'validated'));
    END $fn$;

    CREATE FUNCTION refresh_month_to_declare(o integer, m date) RETURNS void LANGUAGE plpgsql AS $fn$
    BEGIN
      DELETE FROM month_to_declare WHERE order_id = o AND month = m;
      INSERT INTO month_to_declare (order_id, month)
      SELECT po.id, m FROM purchase_order po
      WHERE po.id = o AND po.status = 'issued' AND m >= date_trunc('month', po.period_start)::date AND m <= po.period_end
        AND NOT EXISTS (SELECT 1 FROM declaration d WHERE d.order_id = o AND d.month = m AND d.kind = 'initial'
          AND d.status IN ('submitted', 'validated'));
    END $fn$;

    CREATE FUNCTION month_to_declare_order() RETURNS trigger LANGUAGE plpgsql AS $fn$
    BEGIN
      PERFORM refresh_months_to_declare(ARRAY[NEW.id]);
      RETURN NULL;
    END $fn$;
    CREATE TRIGGER month_to_declare_order_insert AFTER INSERT ON purchase_order
      FOR EACH ROW WHEN (NEW.status = 'issued') EXECUTE FUNCTION month_to_declare_order();
    CREATE TRIGGER month_to_declare_order_update AFTER UPDATE OF status, period_start, period_end ON purchase_order
      FOR EACH ROW WHEN ((OLD.status, OLD.period_start, OLD.period_end) IS DISTINCT FROM (NEW.status, NEW.period_start, NEW.period_end))
      EXECUTE FUNCTION month_to_declare_order();

    CREATE FUNCTION month_to_declare_declaration() RETURNS trigger LANGUAGE plpgsql AS $fn$
    BEGIN
      IF TG_OP IN ('UPDATE', 'DELETE') AND OLD.kind = 'initial' THEN
        PERFORM refresh_month_to_declare(OLD.order_id, OLD.month);
      END IF;
      IF TG_OP IN ('INSERT', 'UPDATE') AND NEW.kind = 'initial' AND (TG_OP = 'INSERT' OR (OLD.order_id, OLD.month) IS DISTINCT FROM (NEW.order_id, NEW.month)) THEN
        PERFORM refresh_month_to_declare(NEW.order_id, NEW.month);
      END IF;
      RETURN NULL;
    END $fn$;
    CREATE TRIGGER month_to_declare_declaration_insert AFTER INSERT ON declaration
      FOR EACH ROW WHEN (NEW.kind = 'initial' AND NEW.status IN ('submitted', 'validated')) EXECUTE FUNCTION month_to_declare_declaration();
    CREATE TRIGGER month_to_declare_declaration_update AFTER UPDATE OF status, month, order_id, kind ON declaration
      FOR EACH ROW WHEN ((OLD.status, OLD.month, OLD.order_id, OLD.kind) IS DISTINCT FROM (NEW.status, NEW.month, NEW.order_id, NEW.kind))
      EXECUTE FUNCTION month_to_declare_declaration();
    CREATE TRIGGER month_to_declare_declaration_delete AFTER DELETE ON declaration
      FOR EACH ROW WHEN (OLD.kind = 'initial' AND OLD.status IN ('submitted', 'validated')) EXECUTE FUNCTION month_to_declare_declaration();

    SELECT refresh_months_to_declare(ARRAY(SELECT id FROM purchase_order WHERE status = 'issued'));
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`
    DROP TABLE IF EXISTS month_to_declare;
    DROP FUNCTION IF EXISTS month_to_declare_declaration();
    DROP FUNCTION IF EXISTS month_to_declare_order();
    DROP FUNCTION IF EXISTS refresh_month_to_declare(integer, date);
    DROP FUNCTION IF EXISTS refresh_months_to_declare(integer[]);
  `.execute(db);
}
