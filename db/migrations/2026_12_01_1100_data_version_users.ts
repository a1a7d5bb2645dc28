// Users move the data version too (issue 13): cached pages show their names (who created, issued or
// amended an order, who submitted or validated a declaration), so renaming someone must reach those
// pages at once. Signing in writes only user_session and sign_in_attempt, never app_user; an update that
// changes nothing but the password hash does not move it either (no page shows it).
// Frozen: the trigger function is migration 1000's bump_data_version().
import { sql, type Kysely } from "kysely";
import { addUserDataVersionTriggers } from "./frozen-sql";

export async function up(db: Kysely<any>): Promise<void> {
  await addUserDataVersionTriggers(db);
  await sql`CREATE TRIGGER data_version_truncate AFTER TRUNCATE ON app_user
    FOR EACH STATEMENT EXECUTE FUNCTION bump_data_version()`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP TRIGGER IF EXISTS data_version_bump ON app_user`.execute(db);
  await sql`DROP TRIGGER IF EXISTS data_version_bump_update ON app_user`.execute(db);
  await sql`DROP TRIGGER IF EXISTS data_version_truncate ON app_user`.execute(db);
}
