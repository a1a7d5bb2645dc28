// Frozen migration: imports nothing from the app. R9 over the running totals: what counts against a line is
// its validated days plus the submitted days that raise it (a submitted lowering frees nothing until it is
// validated: it may be rejected). The plain pending_days of migration 0900 nets a raise against a lowering
// of another month, so a fourth running total keeps the raises alone: pending_raise_days = sum of
// greatest(delta, 0) over submitted lines. The same trigger function keeps all four; the CHECK of 0900/1300
// stays as it is (plain sums).
import { sql, type Kysely } from "kysely";
import { refreshOrderLineConsumptionSql } from "./frozen-sql";

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    ALTER TABLE order_line ADD COLUMN pending_raise_days numeric(8, 1) NOT NULL DEFAULT 0;
    COMMENT ON COLUMN order_line.pending_raise_days IS 'R9: sum of the submitted raises (greatest(delta_days, 0)), kept by refresh_order_line_consumption';

    CREATE OR REPLACE FUNCTION refresh_order_line_consumption(line_id integer) RETURNS void AS $fn$
      UPDATE order_line ol SET
        consumed_days = s.consumed_days, consumed_ht = s.consumed_ht, pending_days = s.pending_days, pending_raise_days = s.pending_raise_days
      FROM (
        SELECT coalesce(sum(dl.delta_days) FILTER (WHERE d.status = 'validated'), 0) AS consumed_days,
               coalesce(sum(dl.consumed_amount) FILTER (WHERE d.status = 'validated'), 0) AS consumed_ht,
               coalesce(sum(dl.delta_days) FILTER (WHERE d.status = 'submitted'), 0) AS pending_days,
               coalesce(sum(greatest(dl.delta_days, 0)) FILTER (WHERE d.status = 'submitted'), 0) AS pending_raise_days
        FROM declaration_line dl JOIN declaration d ON d.id = dl.declaration_id
        WHERE dl.order_line_id = line_id
      ) s
      WHERE ol.id = line_id
        AND (ol.consumed_days, ol.consumed_ht, ol.pending_days, ol.pending_raise_days)
            IS DISTINCT FROM (s.consumed_days, s.consumed_ht, s.pending_days, s.pending_raise_days);
    $fn$ LANGUAGE sql;

    UPDATE order_line ol SET pending_raise_days = s.raises
    FROM (
      SELECT dl.order_line_id, sum(greatest(dl.delta_days, 0)) AS raises
      FROM declaration_line dl JOIN declaration d ON d.id = dl.declaration_id
      WHERE d.status = 'submitted'
      GROUP BY dl.order_line_id
    ) s
    WHERE ol.id = s.order_line_id AND s.raises IS NOT NULL;
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`
    ${refreshOrderLineConsumptionSql("CREATE OR REPLACE")}
    ALTER TABLE order_line DROP COLUMN pending_raise_days;
  `.execute(db);
}
