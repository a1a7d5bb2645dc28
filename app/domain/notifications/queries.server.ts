// The "Courriels" page (DINUM): the outbox with each message's state, and sending a failed one again.
import { sql } from "kysely";
import type { Db, Executor } from "../../../db/client";
import { requireGrant } from "../../auth/grants";
import type { SessionUser } from "../../auth/user";
import { Refusal } from "../../lib/refusal";
import { recordAudit } from "../audit/audit.server";
import { STATUS_LABELS, type ShownStatus } from "./labels";
import { queueSending } from "./outbox.server";

/** A message being sent for longer than this is taken as interrupted (its result unknown): DINUM may send it again. */
export const STALE_SENDING_MINUTES = 10;

export interface MailFilters {
  status?: ShownStatus | null;
  limit?: number;
}

export async function listNotifications(db: Executor, user: SessionUser, filters: MailFilters = {}) {
  requireGrant(user, "mail:admin");
  const stale = sql<boolean>`(n.status = 'sending' AND n.updated_at < now() - make_interval(mins => ${STALE_SENDING_MINUTES}))`;
  let q = db
    .selectFrom("notification as n")
    .select([
      "n.id",
      "n.kind",
      "n.email",
      "n.subject",
      "n.body_text",
      "n.delivery",
      "n.status",
      "n.attempts",
      "n.last_error",
      "n.created_at",
      "n.sent_at",
      "n.digest_id",
      stale.as("interrupted"),
    ])
    .orderBy("n.id", "desc")
    .limit(filters.limit ?? 200);
  if (filters.status === "interrupted") q = q.where(stale);
  else if (filters.status) q = q.where("n.status", "=", filters.status);
  const rows = await q.execute();
  return rows.map((r) => {
    const status: ShownStatus = r.interrupted ? "interrupted" : r.status;
    return { ...r, shownStatus: status, statusLabel: STATUS_LABELS[status], resendable: status === "failed" || status === "interrupted" };
  });
}

/** Sends a failed (or interrupted) message again: queued with a new job, in one transaction with its audit event. */
export async function resendNotification(db: Db, user: SessionUser, id: string): Promise<void> {
  requireGrant(user, "mail:admin");
  await db.transaction().execute(async (trx) => {
    const row = await trx
      .selectFrom("notification")
      .select(["id", "status", "email", "subject", sql<boolean>`updated_at < now() - make_interval(mins => ${STALE_SENDING_MINUTES})`.as("stale")])
      .where("id", "=", id)
      .forUpdate()
      .executeTakeFirst();
    if (!row) throw new Refusal("Ce courriel n'existe pas.", { status: 404 });
    if (row.status === "sent" || row.status === "digested") throw new Refusal("Ce courriel a déjà été envoyé.", { status: 409 });
    if (!(row.status === "failed" || (row.status === "sending" && row.stale)))
      throw new Refusal("Ce courriel est en attente d'envoi : il n'y a rien à renvoyer.", { status: 409 });
    await trx
      .updateTable("notification")
      .set({ status: "queued", attempts: 0, updated_at: sql`now()` })
      .where("id", "=", id)
      .execute();
    await queueSending(trx, [id]);
    await recordAudit(trx, {
      actor: user,
      entityType: "notification",
      entityId: id,
      action: "resend",
      before: { status: row.status },
      after: { status: "queued", to: row.email, subject: row.subject },
    });
  });
}
