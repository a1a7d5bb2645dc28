// Frozen migration: imports nothing from the app. A session opened through ProConnect keeps the ID
// token, so signing out of Pilotage UO also ends the ProConnect session (id_token_hint).
import { sql, type Kysely } from "kysely";

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    ALTER TABLE user_session ADD COLUMN auth_method text NOT NULL DEFAULT 'password' CHECK (auth_method IN ('password','proconnect'));
    ALTER TABLE user_session ADD COLUMN id_token text CHECK (id_token IS NULL OR length(id_token) <= 8192);
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`ALTER TABLE user_session DROP COLUMN IF EXISTS id_token, DROP COLUMN IF EXISTS auth_method`.execute(db);
}
