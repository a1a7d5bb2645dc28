// The job queue (pg-boss 10, its own schema `pgboss` in the app's PostgreSQL): created or upgraded by
// pg-boss itself when the app's migrations run (migrate.ts), with the queues the app uses, so that a use
// case can add a job inside its own transaction (`send(…, { db })`) before any worker has ever started.
import { CompiledQuery, type QueryResult } from "kysely";
import PgBoss from "pg-boss";

/** The e-mails to send: one job per outbox row (app/domain/notifications). */
export const MAIL_SEND_QUEUE = "mail-send";
/** The daily run: reminders, waiting declarations, ending orders, daily digests (schedule). */
export const MAIL_DAILY_QUEUE = "mail-daily";
/** The weekly run: weekly digests (schedule). */
export const MAIL_WEEKLY_QUEUE = "mail-weekly";

/**
 * Retries of a sending job: 30 s, then doubling with jitter (pg-boss backoff), six tries after the first (about an
 * hour). A worker takes up to 10 jobs at a time, each SMTP conversation bounded by nodemailer's timeouts (10 + 10 + 30 s).
 */
export const MAIL_SEND_RETRY = { retryLimit: 6, retryDelay: 30, retryBackoff: true, expireInSeconds: 900 } as const;

/** pg-boss's `db` option: its SQL run by kysely on the given executor (the pool, or a use case's transaction). */
/** What runs SQL: a kysely pool or transaction (any schema). */
export interface SqlRunner {
  executeQuery<R>(query: CompiledQuery<R>): Promise<QueryResult<R>>;
}

export function bossExecutor(executor: SqlRunner) {
  return {
    async executeSql(text: string, values?: unknown[]) {
      const result = await executor.executeQuery(CompiledQuery.raw(text, values ?? []) as CompiledQuery<Record<string, unknown>>);
      return { rows: result.rows, rowCount: result.rows.length };
    },
  };
}

/** Creates (or migrates) pg-boss's schema and the app's queues. Idempotent. */
export async function ensureJobQueues(db: SqlRunner, sendRetry: { retryLimit: number; retryDelay: number; retryBackoff: boolean } = MAIL_SEND_RETRY) {
  const boss = new PgBoss({ db: bossExecutor(db), migrate: true, supervise: false, schedule: false });
  await boss.start();
  try {
    const send = { ...MAIL_SEND_RETRY, ...sendRetry };
    if (await boss.getQueue(MAIL_SEND_QUEUE)) await boss.updateQueue(MAIL_SEND_QUEUE, { name: MAIL_SEND_QUEUE, ...send });
    else await boss.createQueue(MAIL_SEND_QUEUE, { name: MAIL_SEND_QUEUE, policy: "standard", ...send });
    for (const name of [MAIL_DAILY_QUEUE, MAIL_WEEKLY_QUEUE]) {
      if (!(await boss.getQueue(name))) await boss.createQueue(name, { name, policy: "standard", retryLimit: 2, retryDelay: 300, expireInSeconds: 1800 });
    }
  } finally {
    await boss.stop({ graceful: false, close: false });
  }
}
