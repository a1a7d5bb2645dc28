// Frozen migration: imports nothing from the app. R1 in one place: a line's ordered days are its quantity
// × 20, a stored generated column that every query, report and constraint reads instead of repeating the
// literal (the app's twin is daysFromQuantity in app/domain/orders/amounts.ts, for lines not yet saved).
// The R9 constraint of migration 0900 is restated over it (same name, same meaning).
import { sql, type Kysely } from "kysely";

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    ALTER TABLE order_line ADD COLUMN ordered_days numeric GENERATED ALWAYS AS (quantity * 20) STORED;
    COMMENT ON COLUMN order_line.ordered_days IS 'R1: ordered days = quantity × 20 (generated, never written)';
    ALTER TABLE order_line DROP CONSTRAINT order_line_declared_within_ordered,
      ADD CONSTRAINT order_line_declared_within_ordered
      CHECK (consumed_days >= 0 AND consumed_days <= ordered_days
             AND consumed_days + pending_days >= 0 AND consumed_days + pending_days <= ordered_days);
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`
    ALTER TABLE order_line DROP CONSTRAINT order_line_declared_within_ordered,
      ADD CONSTRAINT order_line_declared_within_ordered
      CHECK (consumed_days >= 0 AND consumed_days <= quantity * 20
             AND consumed_days + pending_days >= 0 AND consumed_days + pending_days <= quantity * 20);
    ALTER TABLE order_line DROP COLUMN ordered_days;
  `.execute(db);
}
