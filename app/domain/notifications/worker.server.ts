// The worker that sends (issue 16): pg-boss jobs of the `mail-send` queue, one per outbox row, fetched
// with SKIP LOCKED (two processes never get the same job), retried with backoff when SMTP fails; and the
// schedules (daily and weekly runs). A row is claimed (queued → sending) before the SMTP conversation and
// only one claim succeeds, so a message is sent at most once even if its job ran twice; after the last try
// it shows as failed on the "Courriels" page, where DINUM may send it again. Runs in the server process
// (server.ts, the primary only) or alone (`npm run worker`).
import { sql } from "kysely";
import type { Transporter } from "nodemailer";
import PgBoss from "pg-boss";
import { createDb, type Db } from "../../../db/client";
import { MAIL_DAILY_QUEUE, MAIL_SEND_QUEUE, MAIL_WEEKLY_QUEUE } from "../../../db/job-queue";
import { todayInParis } from "../../lib/dates";
import { env } from "../../lib/env.server";
import { startMailCapture, type MailCapture } from "./capture.server";
import { withSecret } from "./secret.server";
import { runDaily, runWeekly } from "./schedules.server";
import { loopbackTransport, smtpTransport } from "./transport.server";

/** jobs fetched at once by a worker */
const SEND_BATCH = 10;

export type SendOutcome = "sent" | "already-handled";

/** Sends one outbox row if it is still queued. Throws when SMTP fails and tries are left (the job is retried). */
export async function sendNotification(db: Db, transport: Transporter, from: string, id: string, lastTry: boolean): Promise<SendOutcome> {
  const row = await db
    .updateTable("notification")
    .set({ status: "sending", attempts: sql`attempts + 1`, updated_at: sql`now()` })
    .where("id", "=", id)
    .where("status", "=", "queued")
    .returningAll()
    .executeTakeFirst();
  if (!row) return "already-handled";
  try {
    await transport.sendMail({
      from,
      to: row.email,
      subject: row.subject,
      text: withSecret(row.body_text, row.secret),
      html: withSecret(row.body_html, row.secret),
      headers: { "X-Pilotage-Notification": row.id, "X-Pilotage-Kind": row.kind },
    });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    await db
      .updateTable("notification")
      .set({ status: lastTry ? "failed" : "queued", last_error: message.slice(0, 1000), updated_at: sql`now()` })
      .where("id", "=", id)
      .execute();
    throw error;
  }
  await db
    .updateTable("notification")
    .set({ status: "sent", sent_at: sql`now()`, last_error: null, secret: null, updated_at: sql`now()` })
    .where("id", "=", id)
    .execute();
  return "sent";
}

export interface MailWorkerOptions {
  connectionString: string;
  /** default: from the configuration, else a capture server on loopback */
  transport?: Transporter;
  from?: string;
  /** how often an idle worker looks for jobs (pg-boss: at least 0.5 s); default 2 */
  pollingIntervalSeconds?: number;
  /** register and run the daily and weekly schedules (default true) */
  schedules?: boolean;
}

export interface MailWorker {
  boss: PgBoss;
  capture: MailCapture | null;
  stop(): Promise<void>;
}

export async function startMailWorker(options: MailWorkerOptions): Promise<MailWorker> {
  const config = env();
  let transport = options.transport ?? smtpTransport(config);
  let capture: MailCapture | null = null;
  if (!transport) {
    capture = await startMailCapture({ dir: config.MAIL_CAPTURE_DIR ?? ".data/courriels", port: config.MAIL_CAPTURE_PORT });
    transport = loopbackTransport(capture.host, capture.port);
    console.log(`Courriels : aucun serveur SMTP configuré, capture locale sur ${capture.host}:${capture.port} (fichiers dans ${capture.dir}).`);
  }
  const from = options.from ?? config.MAIL_FROM;
  const schedules = options.schedules ?? true;
  const db = createDb(options.connectionString, { max: 2 });
  const boss = new PgBoss({
    connectionString: options.connectionString,
    max: 3,
    schedule: schedules,
    supervise: true,
    migrate: true,
    application_name: "pilotage-mail-worker",
  });
  boss.on("error", (error) => console.error("Courriels (pg-boss) :", error));
  await boss.start();
  const pollingIntervalSeconds = options.pollingIntervalSeconds ?? 2;
  const sender = transport;
  // pg-boss fetches once per polling interval: up to SEND_BATCH jobs each time, sent one after the other; a
  // failed one is failed alone (retried with backoff), the others are completed when the batch returns
  await boss.work<{ notificationId: string }>(MAIL_SEND_QUEUE, { pollingIntervalSeconds, includeMetadata: true, batchSize: SEND_BATCH }, async (batch) => {
    for (const job of batch) {
      try {
        await sendNotification(db, sender, from, job.data.notificationId, job.retryCount >= job.retryLimit);
      } catch (error) {
        await boss.fail(MAIL_SEND_QUEUE, job.id, { message: error instanceof Error ? error.message : String(error) });
      }
    }
  });
  if (schedules) {
    // Paris time: the reminders of the month's 1st and 5th working days, the daily and weekly digests
    await boss.schedule(MAIL_DAILY_QUEUE, "0 7 * * *", {}, { tz: "Europe/Paris" });
    await boss.schedule(MAIL_WEEKLY_QUEUE, "30 7 * * 1", {}, { tz: "Europe/Paris" });
    await boss.work(MAIL_DAILY_QUEUE, { pollingIntervalSeconds: 10 }, async () => {
      await runDaily(db, todayInParis());
    });
    await boss.work(MAIL_WEEKLY_QUEUE, { pollingIntervalSeconds: 10 }, async () => {
      await runWeekly(db, todayInParis());
    });
  }
  return {
    boss,
    capture,
    async stop() {
      await boss.stop({ graceful: true, timeout: 5_000, wait: true });
      await db.destroy();
      sender.close();
      await capture?.stop();
    },
  };
}
