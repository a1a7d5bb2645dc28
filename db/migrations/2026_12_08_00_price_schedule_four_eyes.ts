// Frozen migration: imports nothing from the app. R4, four eyes (issue 14): a price schedule version records
// who prepared it, and DINUM approves it through another user. Versions written before have no preparer
// (NULL): the rule reads their creation's audit event instead.
import { sql, type Kysely } from "kysely";

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    ALTER TABLE price_schedule ADD COLUMN prepared_by integer REFERENCES app_user(id);
    ALTER TABLE price_schedule ADD CONSTRAINT price_schedule_four_eyes
      CHECK (approved_by IS NULL OR prepared_by IS NULL OR approved_by <> prepared_by);
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`
    ALTER TABLE price_schedule DROP CONSTRAINT price_schedule_four_eyes;
    ALTER TABLE price_schedule DROP COLUMN prepared_by;
  `.execute(db);
}
