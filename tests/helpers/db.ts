// Per-file test database: a clone of the migrated and seeded template (see global-setup.ts).
import { randomBytes } from "node:crypto";
import pg from "pg";
import { afterAll, expect, inject } from "vitest";
import { createDb, type Db } from "../../db/client";
import type { SessionUser } from "../../app/auth/user";
import { Refusal } from "../../app/lib/refusal";
import { demoAccounts } from "../../seeds/accounts";
import { actor } from "../../seeds/factories";

const TEMPLATE_DB = "pilotage_test_template";

export interface TestDatabase {
  db: Db;
  url: string;
  /** a second pool, for tests that need concurrent connections */
  pool(max: number): Db;
  drop(): Promise<void>;
}

function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

export async function createTestDatabase(options: { empty?: boolean } = {}): Promise<TestDatabase> {
  const adminUrl = inject("pgAdminUrl");
  const name = `pilotage_test_${randomBytes(6).toString("hex")}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(options.empty ? `CREATE DATABASE ${name}` : `CREATE DATABASE ${name} TEMPLATE ${TEMPLATE_DB}`);
  await admin.end();
  const url = withDatabase(adminUrl, name);
  const db = createDb(url, { max: 5 });
  const extra: Db[] = [];
  return {
    db,
    url,
    pool(max: number) {
      const d = createDb(url, { max });
      extra.push(d);
      return d;
    },
    async drop() {
      await Promise.all([db.destroy(), ...extra.map((d) => d.destroy())]);
      const a = new pg.Client({ connectionString: adminUrl });
      await a.connect();
      // pool.end() resolves before its clients' sockets are closed: a FORCE drop racing them would hit a
      // closing client with "terminating connection" (an unhandled error event). Let them go first.
      for (let i = 0; i < 40; i++) {
        const { rows } = await a.query("SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1", [name]);
        if (rows[0].n === 0) break;
        await new Promise((r) => setTimeout(r, 50));
      }
      await a.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await a.end();
    },
  };
}

/** The demo accounts (seeds/accounts.ts, listed once). */
export const accounts = demoAccounts;

/** Loads a user as the session would see it (for calling services directly): the factories' `actor`. */
export async function sessionUser(db: Db, email: string): Promise<SessionUser> {
  return actor(db, email);
}

/** The demo accounts as the services see them, by the names of `accounts`. */
export type DemoActors = Record<keyof typeof demoAccounts, SessionUser>;

/**
 * The test file's database, created when the file is loaded (top-level await) and dropped after its last
 * test, with the demo actors already loaded (none on an empty database):
 * `const t = await useTestDatabase(); const { dinum, correspondentA } = t.actors;`
 * With `routes`, for a file that calls route modules: their getDb() (app/db.server.ts) reads DATABASE_URL, set
 * to this database, and the pool they opened is closed before the database is dropped.
 */
export async function useTestDatabase(options: { empty?: boolean; routes?: boolean } = {}): Promise<TestDatabase & { actors: DemoActors }> {
  const t = await createTestDatabase(options);
  if (options.routes) process.env.DATABASE_URL = t.url;
  afterAll(async () => {
    if (options.routes) await (globalThis as { __pilotageDb?: { destroy(): Promise<void> } }).__pilotageDb?.destroy();
    await t.drop();
  });
  const actors = {} as DemoActors;
  if (!options.empty) {
    for (const [key, email] of Object.entries(demoAccounts)) actors[key as keyof DemoActors] = await actor(t.db, email);
  }
  return { ...t, actors };
}

/** How many audit events the database holds (a refusal writes none), or those of one entity and action. */
export async function auditCount(db: Db, of?: { entityType: string; entityId: number; action: string }): Promise<number> {
  let q = db.selectFrom("audit_event").select((eb) => eb.fn.countAll<string>().as("n"));
  if (of) q = q.where("entity_type", "=", of.entityType).where("entity_id", "=", String(of.entityId)).where("action", "=", of.action);
  return Number((await q.executeTakeFirstOrThrow()).n);
}

/** The Refusal a use case answers with (fails the test if it succeeds or throws anything else). */
export async function refusal(p: Promise<unknown>): Promise<Refusal> {
  const e = await p.then(
    () => null,
    (err: unknown) => err,
  );
  expect(e, "expected a refusal").toBeInstanceOf(Refusal);
  return e as Refusal;
}
