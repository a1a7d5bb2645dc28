// Frozen migration: imports nothing from the app. Issue 15: the months of a period as a set-returning
// function the planner can count. `generate_series` over timestamps with per-row bounds is estimated at
// 1,000 rows per call, so "the months every issued order still has to declare" (5,600 orders × ~9 months
// at national scale) was planned as 5.6 million rows: a hash join spilled to disk in 64 batches. A PL/pgSQL
// function is not inlined and carries its own estimate (ROWS 24, two years), which gives one in-memory batch.
import { sql, type Kysely } from "kysely";

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    CREATE FUNCTION month_series(from_day date, to_month date) RETURNS SETOF date
      LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE ROWS 24 AS $fn$
    BEGIN
      -- the first day of each month from from_day's month to to_month (a first day of month), inclusive
      RETURN QUERY SELECT m::date FROM generate_series(date_trunc('month', from_day), to_month, interval '1 month') AS m;
    END $fn$;
    COMMENT ON FUNCTION month_series(date, date) IS 'months from from_day''s to to_month, as first days (issue 15: a row estimate for the planner)';
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP FUNCTION IF EXISTS month_series(date, date)`.execute(db);
}
