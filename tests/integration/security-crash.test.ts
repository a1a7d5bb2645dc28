// A crash in the middle of an issue or a validation leaves nothing half-written (issue 7). A child
// process runs the real use case (tests/helpers/crash-child.ts); a test-only trigger, created in this
// file's own cloned database, holds the transaction open at its very last write (the audit event,
// after the order or declaration rows were already changed); the child is SIGKILLed there. PostgreSQL
// notices the dead client and rolls back: nothing of the operation is visible, and the next attempt
// gets the same order number (the numbering stays gapless).
import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditCount, createTestDatabase, sessionUser, accounts, type TestDatabase } from "../helpers/db";
import { issueOrder } from "../../app/domain/orders/services.server";
import { buildDraftOrder } from "../../seeds/factories";
import { validateDeclaration } from "../../app/domain/declarations/services.server";
import { todayInParis } from "../../app/lib/dates";

let t: TestDatabase;
let dbName: string;

beforeAll(async () => {
  t = await createTestDatabase();
  dbName = new URL(t.url).pathname.slice(1);
  // let the server notice a vanished client even while a statement runs (PostgreSQL ≥ 14)
  await sql.raw(`ALTER DATABASE ${dbName} SET client_connection_check_interval = '200ms'`).execute(t.db);
  await sql`
    CREATE FUNCTION test_crash_hold() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF current_setting('application_name') = 'crash-child' THEN PERFORM pg_sleep(60); END IF;
      RETURN NEW;
    END $$;
    CREATE TRIGGER test_crash_hold BEFORE INSERT ON audit_event FOR EACH ROW EXECUTE FUNCTION test_crash_hold();
  `.execute(t.db);
});
afterAll(async () => {
  await t?.drop();
});

function runChild(op: "issue" | "validate", email: string, id: number): { child: ChildProcess; output: () => string } {
  const url = new URL(t.url);
  url.searchParams.set("application_name", "crash-child");
  const child = spawn(process.execPath, ["--import", "tsx", path.resolve("tests/helpers/crash-child.ts"), url.toString(), op, email, String(id)], {
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, VITEST: "" },
  });
  let out = "";
  child.stdout!.on("data", (d) => (out += String(d)));
  child.stderr!.on("data", (d) => (out += String(d)));
  return { child, output: () => out };
}

/** Waits until the child's transaction sits in the trigger, all its earlier writes done. */
async function waitUntilHeld(output: () => string, child: ChildProcess): Promise<number> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`le processus enfant s'est arrêté avant la panne :\n${output()}`);
    const r = await sql<{ pid: number }>`
      SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'crash-child'
        AND state = 'active' AND wait_event = 'PgSleep'`.execute(t.db);
    if (r.rows.length) {
      // it has written already (a transaction id is assigned only at the first write)
      const wrote = await sql`SELECT 1 FROM pg_locks WHERE pid = ${r.rows[0].pid} AND locktype = 'transactionid' AND mode = 'ExclusiveLock'`.execute(t.db);
      expect(wrote.rows.length).toBe(1);
      return r.rows[0].pid;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`la transaction n'a jamais atteint le point de panne :\n${output()}`);
}

async function waitUntilBackendGone(pid: number) {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    const r = await sql`SELECT 1 FROM pg_stat_activity WHERE pid = ${pid}`.execute(t.db);
    if (!r.rows.length) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error("le serveur n'a pas abandonné la transaction du processus tué");
}

async function kill(child: ChildProcess) {
  const exited = new Promise((resolve) => child.on("exit", resolve));
  child.kill("SIGKILL");
  await exited;
}

describe("a crash mid-operation leaves nothing half-written", () => {
  it("issuing an order: killed at its last write, the order is still a draft, no number, no revision, no audit", { timeout: 120_000 }, async () => {
    const A = await sessionUser(t.db, accounts.correspondentA);
    const year = Number(todayInParis().slice(0, 4));
    const { id, lotId } = await buildDraftOrder(t.db, {
      product: "Nata",
      contract: "25_BAM_112",
      lot: 1,
      periodStart: `${year + 1}-01-01`,
      periodEnd: `${year + 1}-06-30`,
      title: "Panne simulée",
      lines: [["DEVOPS_CONFIRME", "2.5"]],
    });
    const before = await state(id);
    const { child, output } = runChild("issue", accounts.correspondentA, id);
    const pid = await waitUntilHeld(output, child);
    // while held: the other writes are done but invisible outside the transaction
    expect(await state(id)).toEqual(before);
    await kill(child);
    await waitUntilBackendGone(pid);
    expect(await state(id)).toEqual(before);
    expect(before.status).toBe("draft");
    // and the numbering did not lose a number: the next issue gets what the crashed one would have had
    const counter = await t.db
      .selectFrom("order_number_counter as c")
      .innerJoin("lot as l", "l.contract_id", "c.contract_id")
      .select("c.last_seq")
      .where("l.id", "=", lotId)
      .where("c.year", "=", year)
      .executeTakeFirst();
    await sql`ALTER TABLE audit_event DISABLE TRIGGER test_crash_hold`.execute(t.db);
    const issued = await issueOrder(t.db, A, id);
    await sql`ALTER TABLE audit_event ENABLE TRIGGER test_crash_hold`.execute(t.db);
    expect(issued.number.endsWith(`-${String(Number(counter?.last_seq ?? 0) + 1).padStart(4, "0")}`)).toBe(true);
  });

  it("validating a declaration: killed at its last write, it is still submitted, nothing consumed, no audit", { timeout: 120_000 }, async () => {
    const decl = await t.db
      .selectFrom("declaration as d")
      .innerJoin("purchase_order as po", "po.id", "d.order_id")
      .innerJoin("app_user as u", (j) => j.onRef("u.beneficiary_id", "=", "po.beneficiary_id").on("u.role", "=", "correspondent").on("u.active", "=", true))
      .select(["d.id", "u.email"])
      .where("d.status", "=", "submitted")
      .orderBy("d.id")
      .executeTakeFirstOrThrow();
    const before = await declarationState(decl.id);
    expect(before.status).toBe("submitted");
    const { child, output } = runChild("validate", decl.email, decl.id);
    const pid = await waitUntilHeld(output, child);
    expect(await declarationState(decl.id)).toEqual(before);
    await kill(child);
    await waitUntilBackendGone(pid);
    expect(await declarationState(decl.id)).toEqual(before);
    // the use case still works afterwards
    await sql`ALTER TABLE audit_event DISABLE TRIGGER test_crash_hold`.execute(t.db);
    const user = await sessionUser(t.db, decl.email);
    await validateDeclaration(t.db, user, decl.id);
    expect((await declarationState(decl.id)).status).toBe("validated");
  });
});

async function state(orderId: number) {
  const order = await t.db
    .selectFrom("purchase_order")
    .select(["status", "number", "number_seq", "total_ttc", "issued_at"])
    .where("id", "=", orderId)
    .executeTakeFirstOrThrow();
  const lines = await t.db.selectFrom("order_line").select(["id", "unit_price", "amount_ht"]).where("order_id", "=", orderId).orderBy("id").execute();
  const revisions = await t.db.selectFrom("order_revision").select("id").where("order_id", "=", orderId).execute();
  const audit = await auditCount(t.db, { entityType: "purchase_order", entityId: orderId, action: "issue" });
  const counters = await t.db.selectFrom("order_number_counter").selectAll().orderBy("contract_id").orderBy("year").execute();
  return { ...order, lines, revisions: revisions.length, audit, counters };
}

async function declarationState(id: number) {
  const d = await t.db.selectFrom("declaration").select(["status", "validated_by", "validated_at"]).where("id", "=", id).executeTakeFirstOrThrow();
  const lines = await t.db
    .selectFrom("declaration_line")
    .select(["id", "consumed_amount", "delta_days"])
    .where("declaration_id", "=", id)
    .orderBy("id")
    .execute();
  const audit = await auditCount(t.db, { entityType: "declaration", entityId: id, action: "validate" });
  return { ...d, lines, audit };
}
