// Issue 16, "nothing twice with two worker processes": two real `npm run worker` processes (the CLI of
// app/domain/notifications/worker-cli.ts, each its own Node process with its own pg-boss) on one database and one
// SMTP server. Orders are issued (each queues an e-mail to the contractor's users), every message's job is queued
// a second time (a redelivery for the two processes to race on), and each message must arrive exactly once.
// Then both processes stop cleanly on SIGTERM.
import { spawn, type ChildProcess } from "node:child_process";
import { afterAll, describe, expect, it } from "vitest";
import { sql } from "kysely";
import { ensureJobQueues, MAIL_SEND_QUEUE } from "../../db/job-queue";
import { queueSending } from "../../app/domain/notifications/outbox.server";
import { inTransaction } from "../../seeds/factories";
import { useTestDatabase } from "../helpers/db";
import { startTestSmtp } from "../helpers/smtp";
import { makeOrder } from "./declarations-fixtures";

const t = await useTestDatabase();
await ensureJobQueues(t.db, { retryLimit: 2, retryDelay: 1, retryBackoff: false });
const smtp = await startTestSmtp();
const workers: { child: ChildProcess; output: string[]; exit: Promise<number | null> }[] = [];

function startWorkerProcess() {
  const child = spawn(process.execPath, ["--import", "tsx", "app/domain/notifications/worker-cli.ts"], {
    env: {
      ...process.env,
      DATABASE_URL: t.url,
      SMTP_URL: `smtp://127.0.0.1:${smtp.port}`,
      NODE_ENV: "test",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const output: string[] = [];
  child.stdout!.on("data", (d: Buffer) => output.push(d.toString()));
  child.stderr!.on("data", (d: Buffer) => output.push(d.toString()));
  const exit = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  const worker = { child, output, exit };
  workers.push(worker);
  return worker;
}

async function until(predicate: () => boolean | Promise<boolean>, what: string, timeoutMs = 30_000) {
  const end = Date.now() + timeoutMs;
  while (!(await predicate())) {
    if (Date.now() > end) throw new Error(`${what} : pas en ${timeoutMs} ms\n${workers.map((w) => w.output.join("")).join("\n---\n")}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

afterAll(async () => {
  for (const w of workers) if (w.child.exitCode === null) w.child.kill("SIGKILL");
  await smtp.stop();
});

describe("two worker processes (npm run worker twice)", () => {
  it("each message arrives once, even when its job is delivered twice; both stop cleanly on SIGTERM", async () => {
    const a = startWorkerProcess();
    const b = startWorkerProcess();
    await until(() => [a, b].every((w) => w.output.join("").includes("le processus d'envoi tourne")), "les deux processus démarrent");

    const orders: { id: number }[] = [];
    for (let i = 0; i < 6; i++) orders.push(await makeOrder(t.db));
    const rowsOfOrders = () =>
      t.db
        .selectFrom("notification")
        .select(["id", "status"])
        .where("kind", "=", "order_issued")
        .where((eb) => eb.or(orders.map((o) => eb("event_key", "like", `order_issued:o${o.id}:%`))))
        .execute();
    const ids = (await rowsOfOrders()).map((r) => r.id);
    expect(ids.length).toBeGreaterThanOrEqual(6);
    // the same rows' jobs once more: two jobs per message, for the two processes to race on
    await inTransaction(t.db, undefined, (trx) => queueSending(trx, ids));

    await until(async () => (await rowsOfOrders()).every((r) => r.status === "sent"), "tous les courriels envoyés");
    // let the duplicate jobs be fetched and run by both processes (they poll every 2 s)
    await new Promise((r) => setTimeout(r, 5_000));
    const pending = await sql<{ n: string }>`
      select count(*) as n from pgboss.job where name = ${MAIL_SEND_QUEUE} and state in ('created', 'retry', 'active')`.execute(t.db);
    expect(Number(pending.rows[0].n)).toBe(0);
    // two jobs per message, all completed: each was run by one of the processes, and the second did nothing
    const done = await sql<{ n: string }>`
      select count(*) as n from pgboss.job where name = ${MAIL_SEND_QUEUE} and state = 'completed'
        and data->>'notificationId' = any(${ids})`.execute(t.db);
    expect(Number(done.rows[0].n)).toBe(ids.length * 2);

    for (const id of ids) expect(smtp.received.filter((m) => m.notificationId === id).length).toBe(1);

    a.child.kill("SIGTERM");
    b.child.kill("SIGTERM");
    for (const w of [a, b]) expect({ code: await w.exit, output: w.output.join("") }).toMatchObject({ code: 0 });
  }, 90_000);
});
