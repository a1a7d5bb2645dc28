// The transactional outbox (issue 16): a use case calls `enqueue` inside its own transaction; the rows it
// writes (one per recipient, `event_key` UNIQUE so an event reaches a person once) and the pg-boss job that
// sends each immediate one commit or roll back with the use case. Nothing here talks to SMTP: a use case
// is never slowed or refused because the mail server is down (worker.server.ts sends).
import { sql } from "kysely";
import PgBoss from "pg-boss";
import type { Executor, Tx } from "../../../db/client";
import { bossExecutor, MAIL_SEND_QUEUE } from "../../../db/job-queue";
import type { Role } from "../../../db/schema";
import { appUrl } from "../../lib/env.server";
import { deliveryFor, KINDS, type DeliveryChoice, type NotificationKind } from "./kinds";
import { renderMessage, type MessageContent } from "./messages";
import { sealSecret } from "./secret.server";

export interface Recipient {
  id: number;
  email: string;
  role: Role;
}

// pg-boss's send only builds its INSERT and runs it on the executor it is given (`db`): this instance is
// never started and holds no connection.
const jobs = new PgBoss({
  db: { executeSql: () => Promise.reject(new Error("pg-boss: no default executor")) },
  supervise: false,
  schedule: false,
  migrate: false,
});

/** Adds the sending job of outbox rows, in the executor's transaction. */
export async function queueSending(trx: Executor, ids: string[]): Promise<void> {
  for (const id of ids) await jobs.send(MAIL_SEND_QUEUE, { notificationId: id }, { db: bossExecutor(trx) });
}

/** The active users of a beneficiary's correspondents (an order's correspondents). */
export function correspondentsOf(db: Executor, beneficiaryId: number): Promise<Recipient[]> {
  return activeUsers(db).where("role", "=", "correspondent").where("beneficiary_id", "=", beneficiaryId).execute();
}

/** The active users of a contractor. */
export function contractorUsers(db: Executor, contractorId: number): Promise<Recipient[]> {
  return activeUsers(db).where("role", "=", "contractor").where("contractor_id", "=", contractorId).execute();
}

/** The active DINUM users, but `exceptUserId` (the author of what they are told about). */
export function dinumUsers(db: Executor, exceptUserId: number | null = null): Promise<Recipient[]> {
  const q = activeUsers(db).where("role", "=", "dinum");
  return (exceptUserId === null ? q : q.where("id", "<>", exceptUserId)).execute();
}

function activeUsers(db: Executor) {
  return db.selectFrom("app_user").select(["id", "email", "role"]).where("active", "=", true).orderBy("id");
}

export interface Outgoing {
  kind: NotificationKind;
  recipients: Recipient[];
  /** the event's identity: with the recipient's id, the row's unique key (a second call for the same event adds nothing) */
  eventKey: string;
  content: MessageContent | ((r: Recipient) => MessageContent);
  /** a secret the message carries where its content says `{{secret}}` (secret.server.ts): kept encrypted */
  secret?: string;
}

/** The transaction's own id, for the key of an event that happens once per transaction (a submission, an issue…). */
export async function transactionKey(trx: Tx): Promise<string> {
  const { rows } = await sql<{ id: string }>`SELECT pg_current_xact_id()::text AS id`.execute(trx);
  return `tx${rows[0].id}`;
}

/**
 * Writes the messages of an event in the caller's transaction: per recipient, by their choice (at once: a
 * sending job; a digest: kept for it; none: recorded as skipped, so a later run does not send it either).
 * The seeds and the factories write history with the transaction's clock set (db/clock.ts): that is not
 * news, and nothing is written then. Returns the number of messages queued.
 */
export async function enqueue(trx: Tx, out: Outgoing): Promise<number> {
  if (!out.recipients.length) return 0;
  const { rows: clock } = await sql<{ set: boolean }>`SELECT coalesce(current_setting('pilotage.clock', true), '') <> '' AS set`.execute(trx);
  if (clock[0].set) return 0;
  const chosen = await trx
    .selectFrom("notification_preference")
    .select(["user_id", "delivery"])
    .where("kind", "=", out.kind)
    .where(
      "user_id",
      "in",
      out.recipients.map((r) => r.id),
    )
    .execute();
  const origin = appUrl();
  const rows = out.recipients.map((r) => {
    const delivery: DeliveryChoice = deliveryFor(out.kind, r.role, chosen.find((c) => c.user_id === r.id)?.delivery);
    const message = renderMessage(typeof out.content === "function" ? out.content(r) : out.content, origin, { security: KINDS[out.kind].security });
    return {
      kind: out.kind,
      user_id: r.id,
      email: r.email,
      event_key: `${out.eventKey}:u${r.id}`,
      delivery: delivery === "none" ? ("immediate" as const) : delivery,
      status: delivery === "none" ? ("skipped" as const) : ("queued" as const),
      subject: message.subject,
      body_text: message.text,
      body_html: message.html,
      link: message.link,
      secret: out.secret === undefined ? null : sealSecret(out.secret),
    };
  });
  const inserted = await trx
    .insertInto("notification")
    .values(rows)
    .onConflict((oc) => oc.column("event_key").doNothing())
    .returning(["id", "delivery", "status"])
    .execute();
  const now = inserted.filter((r) => r.status === "queued" && r.delivery === "immediate").map((r) => r.id);
  await queueSending(trx, now);
  return inserted.filter((r) => r.status === "queued").length;
}
