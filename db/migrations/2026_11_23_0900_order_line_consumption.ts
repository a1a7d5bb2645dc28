// Frozen migration: R9/R10 running totals per order line, kept by the database itself.
// consumed_days / consumed_ht = sums over validated declaration lines, pending_days = over submitted ones.
// Triggers recompute a line's totals whenever one of its declaration lines or their declaration's status
// changes, in the writing transaction; a CHECK makes "validated + submitted ≤ ordered" a database rule.
// Pages and reports read these columns instead of re-aggregating 300,000 declaration lines.
import { sql, type Kysely } from "kysely";
import { refreshOrderLineConsumptionSql } from "./frozen-sql";

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    ALTER TABLE order_line
      ADD COLUMN consumed_days numeric(8, 1) NOT NULL DEFAULT 0,
      ADD COLUMN consumed_ht numeric(14, 2) NOT NULL DEFAULT 0,
      ADD COLUMN pending_days numeric(8, 1) NOT NULL DEFAULT 0;

    ${refreshOrderLineConsumptionSql("CREATE")}

    CREATE FUNCTION declaration_line_consumption() RETURNS trigger AS $fn$
    BEGIN
      IF TG_OP IN ('UPDATE', 'DELETE') THEN PERFORM refresh_order_line_consumption(OLD.order_line_id); END IF;
      IF TG_OP IN ('INSERT', 'UPDATE') AND (TG_OP = 'INSERT' OR NEW.order_line_id <> OLD.order_line_id) THEN
        PERFORM refresh_order_line_consumption(NEW.order_line_id);
      END IF;
      RETURN NULL;
    END
    $fn$ LANGUAGE plpgsql;
    CREATE TRIGGER declaration_line_consumption AFTER INSERT OR UPDATE OF delta_days, consumed_amount, order_line_id OR DELETE
      ON declaration_line FOR EACH ROW EXECUTE FUNCTION declaration_line_consumption();

    CREATE FUNCTION declaration_status_consumption() RETURNS trigger AS $fn$
    DECLARE l integer;
    BEGIN
      FOR l IN SELECT order_line_id FROM declaration_line WHERE declaration_id = NEW.id LOOP
        PERFORM refresh_order_line_consumption(l);
      END LOOP;
      RETURN NULL;
    END
    $fn$ LANGUAGE plpgsql;
    CREATE TRIGGER declaration_status_consumption AFTER UPDATE OF status ON declaration
      FOR EACH ROW WHEN (OLD.status IS DISTINCT FROM NEW.status) EXECUTE FUNCTION declaration_status_consumption();

    UPDATE order_line ol SET consumed_days = s.consumed_days, consumed_ht = s.consumed_ht, pending_days = s.pending_days
    FROM (
      SELECT dl.order_line_id,
             coalesce(sum(dl.delta_days) FILTER (WHERE d.status = 'validated'), 0) AS consumed_days,
             coalesce(sum(dl.consumed_amount) FILTER (WHERE d.status = 'validated'), 0) AS consumed_ht,
             coalesce(sum(dl.delta_days) FILTER (WHERE d.status = 'submitted'), 0) AS pending_days
      FROM declaration_line dl JOIN declaration d ON d.id = dl.declaration_id
      GROUP BY dl.order_line_id
    ) s
    WHERE ol.id = s.order_line_id;

    -- R9 as the database's last line of defence. Pending may be negative while a correction that lowers
    -- a validated month awaits validation.
    ALTER TABLE order_line ADD CONSTRAINT order_line_declared_within_ordered
      CHECK (consumed_days >= 0 AND consumed_days <= quantity * 20
             AND consumed_days + pending_days >= 0 AND consumed_days + pending_days <= quantity * 20);
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`
    DROP TRIGGER IF EXISTS declaration_status_consumption ON declaration;
    DROP TRIGGER IF EXISTS declaration_line_consumption ON declaration_line;
    DROP FUNCTION IF EXISTS declaration_status_consumption();
    DROP FUNCTION IF EXISTS declaration_line_consumption();
    DROP FUNCTION IF EXISTS refresh_order_line_consumption(integer);
    ALTER TABLE order_line DROP CONSTRAINT IF EXISTS order_line_declared_within_ordered,
      DROP COLUMN IF EXISTS consumed_days, DROP COLUMN IF EXISTS consumed_ht, DROP COLUMN IF EXISTS pending_days;
  `.execute(db);
}
