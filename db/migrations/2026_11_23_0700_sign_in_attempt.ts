// Frozen migration: imports nothing from the app. Sign-in attempts, for the rate limit per account and
// per address (issue 7). Rows older than a day are purged by the app: they are personal data.
import { sql, type Kysely } from "kysely";

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    CREATE TABLE sign_in_attempt (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      email text NOT NULL CHECK (length(email) <= 320),
      address text NOT NULL CHECK (length(address) <= 100),
      outcome text NOT NULL CHECK (outcome IN ('failure','success','blocked')),
      attempted_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX sign_in_attempt_email_idx ON sign_in_attempt (email, attempted_at);
    CREATE INDEX sign_in_attempt_address_idx ON sign_in_attempt (address, attempted_at);
    CREATE INDEX sign_in_attempt_at_idx ON sign_in_attempt (attempted_at);
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP TABLE IF EXISTS sign_in_attempt`.execute(db);
}
