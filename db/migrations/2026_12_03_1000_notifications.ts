// Frozen migration: imports nothing from the app. E-mails (issue 16): the outbox the use cases write in
// their own transaction (one row per event and recipient, its unique key making "once" a database rule),
// each user's choice per kind of message, and the single-use password reset tokens (stored hashed).
import { sql, type Kysely } from "kysely";

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    CREATE TABLE notification (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      kind text NOT NULL CHECK (length(kind) <= 60),
      user_id integer REFERENCES app_user(id) ON DELETE SET NULL,
      email text NOT NULL CHECK (length(email) <= 320),
      event_key text NOT NULL UNIQUE CHECK (length(event_key) <= 300),
      delivery text NOT NULL CHECK (delivery IN ('immediate','daily','weekly')),
      status text NOT NULL DEFAULT 'queued' CHECK (status IN ('queued','sending','sent','failed','skipped','digested')),
      subject text NOT NULL,
      body_text text NOT NULL,
      body_html text NOT NULL,
      link text NOT NULL,
      -- a one-time secret the message carries (a reset link's token), encrypted, erased once sent
      secret text,
      digest_id bigint REFERENCES notification(id),
      attempts integer NOT NULL DEFAULT 0,
      last_error text,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      sent_at timestamptz
    );
    CREATE INDEX notification_digest_idx ON notification (delivery, user_id) WHERE status = 'queued' AND delivery <> 'immediate';
    CREATE INDEX notification_created_idx ON notification (created_at DESC);

    CREATE TABLE notification_preference (
      user_id integer NOT NULL REFERENCES app_user(id) ON DELETE CASCADE,
      kind text NOT NULL CHECK (length(kind) <= 60),
      delivery text NOT NULL CHECK (delivery IN ('immediate','daily','weekly','none')),
      PRIMARY KEY (user_id, kind)
    );

    CREATE TABLE password_reset (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      user_id integer NOT NULL REFERENCES app_user(id) ON DELETE CASCADE,
      token_hash text NOT NULL UNIQUE,
      created_at timestamptz NOT NULL DEFAULT now(),
      expires_at timestamptz NOT NULL,
      used_at timestamptz
    );
    CREATE INDEX password_reset_user_idx ON password_reset (user_id);

    CREATE TABLE password_reset_request (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      email text NOT NULL CHECK (length(email) <= 320),
      address text NOT NULL CHECK (length(address) <= 100),
      requested_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX password_reset_request_email_idx ON password_reset_request (email, requested_at);
    CREATE INDEX password_reset_request_address_idx ON password_reset_request (address, requested_at);
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP TABLE IF EXISTS password_reset_request, password_reset, notification_preference, notification`.execute(db);
}
