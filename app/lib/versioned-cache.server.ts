// Results that are costly to compute and read on every page (the DINUM dashboard aggregates over the
// whole contract, the header's alert count), kept in memory per scope and served only while the data
// version (migration 1000) has not moved: never stale, and recomputed at most once per change, whatever
// the number of concurrent requests (single flight). A hit costs one query (`sum` of 16 rows), or none when the
// request read its scope's version with its session (app/lib/request-state.server.ts).
//
// Versions per scope (migration 2026_12_03_2000): a value computed for a correspondent or a contractor
// depends on the global data (reference tables, users) and on its own beneficiary's or contractor's rows
// only, so it is kept while global + its scope's counter has not moved; DINUM's, while nothing has.
import { sql, type RawBuilder } from "kysely";
import { asCacheWork, requestVersion } from "./request-state.server";
import { LRUCache } from "lru-cache";
import type { Db, Executor } from "../../db/client";

/**
 * The data version: with no scope (DINUM's), the sum of every counter, which moves at the commit of any
 * write to a table that feeds the figures; with a scope's counter ('b:<beneficiary id>', 'c:<contractor id>':
 * app/auth/scope.server.ts dataScope), the global counters plus that one, which writes in other scopes leave alone.
 */
export async function dataVersion(db: Executor, scope?: string | null): Promise<bigint> {
  const { rows } = await sql<{ v: string }>`SELECT ${dataVersionSql(scope ? sql`${scope}::text` : null)} AS v`.execute(db);
  return BigInt(rows[0].v);
}

/**
 * The data version as an SQL expression (text), for `scope` an SQL text expression that may be null (DINUM's:
 * every counter); the session's lookup reads it in the same statement (app/auth/session.server.ts).
 */
export function dataVersionSql(scope: RawBuilder<unknown> | null): RawBuilder<string> {
  const scoped = scope ? sql`${scope} IS NULL OR scope = ${scope}` : sql`true`;
  return sql<string>`((SELECT coalesce(sum(n), 0) FROM data_version)
    + (SELECT coalesce(sum(n), 0) FROM scope_data_version WHERE ${scoped}))::text`;
}

/** Objects frozen with everything they hold: they never change, so what is derived from them can be kept. */
const deeplyFrozen = new WeakSet<object>();

export function isDeeplyFrozen(value: object): boolean {
  return deeplyFrozen.has(value);
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === "object" && !deeplyFrozen.has(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
    deeplyFrozen.add(value);
  }
  return value;
}

interface Entry<T> {
  version: bigint;
  value: T;
}

export interface VersionedCache<T> {
  /**
   * the cached value of `key` if the data (of `scope`: everything if left out) has not changed since, else
   * `compute` in one snapshot; a key must always be read with the same scope
   */
  get(db: Db, key: string, compute: (snapshot: Executor) => Promise<T>, scope?: string | null): Promise<T>;
  clear(): void;
  readonly size: number;
}

export function versionedCache<T>(options: { maxEntries?: number } = {}): VersionedCache<T> {
  // at most `maxEntries` keys, the least recently read dropped first
  const entries = new LRUCache<string, Entry<T>>({ max: options.maxEntries ?? 500 });
  // per key, the computation running (with the version its request read) and the one queued behind it:
  // one computation of a key at a time (issue 15: under writes, each new version started another DINUM home
  // beside the ones still running, each holding a pooled connection, until the pool and the CPU were
  // exhausted and no request was answered)
  const flights = new Map<string, { running: { version: bigint; done: Promise<Entry<T>> }; queued: Promise<Entry<T>> | null }>();
  const computeNow = (db: Db, key: string, compute: (snapshot: Executor) => Promise<T>, scope: string | null | undefined) =>
    asCacheWork(() =>
      db
        .transaction()
        .setIsolationLevel("repeatable read")
        .setAccessMode("read only")
        .execute(async (trx) => {
          // the version is read again INSIDE the snapshot the value is computed from: that is the one the
          // value belongs to (a commit may land between the two reads)
          const at = await dataVersion(trx, scope);
          // one object served to many requests: frozen, so that no caller can change it for the others
          return { version: at, value: deepFreeze(await compute(trx)) };
        }),
    );
  const start = (db: Db, key: string, version: bigint, compute: (snapshot: Executor) => Promise<T>, scope: string | null | undefined): Promise<Entry<T>> => {
    const done = computeNow(db, key, compute, scope);
    const flight = { running: { version, done }, queued: null as Promise<Entry<T>> | null };
    flights.set(key, flight);
    const finish = () => {
      if (flights.get(key) !== flight) return;
      if (flight.queued) return; // the queued computation takes over (it registered itself)
      flights.delete(key);
    };
    done.then(finish, finish);
    return done;
  };
  return {
    get size() {
      return entries.size;
    },
    clear() {
      entries.clear();
    },
    async get(db, key, compute, scope) {
      // the version this request read with its session (one read for every cached value of the request), else
      // read now; either way read before the entry is looked at, so a hit is never older than the request
      const version = requestVersion(scope) ?? (await asCacheWork(() => dataVersion(db, scope)));
      const hit = entries.get(key);
      if (hit && hit.version === version) return hit.value;
      const flight = flights.get(key);
      let pending: Promise<Entry<T>>;
      if (!flight) pending = start(db, key, version, compute, scope);
      // a computation started at this version (or a later one) sees every commit this request saw
      else if (flight.running.version >= version) pending = flight.running.done;
      // an older one is running: wait for it, then compute once for every request that arrived meanwhile;
      // that computation starts after them, so its snapshot holds every commit they saw
      else
        pending = flight.queued ??= flight.running.done
          .catch(() => undefined)
          .then(() => {
            flight.queued = null;
            return start(db, key, version, compute, scope);
          });
      const entry = await pending;
      const current = entries.peek(key);
      if (!current || current.version <= entry.version) {
        entries.set(key, entry);
      }
      return entry.value;
    },
  };
}

const reads = versionedCache<unknown>({ maxEntries: 5_000 });

/**
 * A page's smaller read kept like the versioned caches' values (issue 15, session 9): under the data version of
 * `scope` (the reader's dataScope; null: every counter), so that a page whose reads are all kept can be kept whole
 * (app/entry.server.tsx servePage). `key` names the read and everything it depends on (the reader's role and scope
 * included); only for reads of tables whose every write moves `scope`'s counters or the global ones.
 */
export function versionedRead<T>(db: Db, scope: string | null, key: string, read: (snapshot: Executor) => Promise<T>): Promise<T> {
  return reads.get(db, `${scope ?? "*"}|${key}`, read, scope) as Promise<T>;
}

/**
 * The data version of each beneficiary's rows (global counters + its `b:<id>` counter), for every beneficiary,
 * in one statement (so in one snapshot).
 */
export async function beneficiaryVersions(db: Executor): Promise<Map<number, bigint>> {
  const { rows } = await sql<{ id: number; v: string }>`SELECT b.id, ((SELECT coalesce(sum(n), 0) FROM data_version) + coalesce(s.n, 0))::text AS v
    FROM beneficiary b LEFT JOIN scope_data_version s ON s.scope = 'b:' || b.id`.execute(db);
  return new Map(rows.map((r) => [r.id, BigInt(r.v)]));
}

export interface BeneficiaryParts<P> {
  /**
   * Every beneficiary's part of `key`, as of the snapshot `snapshot` (a repeatable-read transaction, the one
   * the caller computes its value in): the parts kept for a beneficiary whose version has not moved, the
   * others computed now in that snapshot by `compute` (given the ids of the beneficiaries to compute, it
   * returns each one's part; a beneficiary it leaves out gets `empty`). A key must always be computed the same way.
   */
  get(snapshot: Executor, key: string, compute: (beneficiaryIds: number[]) => Promise<Map<number, P>>, empty: P): Promise<Map<number, P>>;
  clear(): void;
}

/**
 * Issue 15: DINUM's pages show everything, so any write anywhere made them recompute every aggregate of the
 * contract (0.6–1 s at factor 1). Most of what they show is a sum (or a merge) over beneficiaries, and a
 * write in one beneficiary's scope moves that beneficiary's counter only: each beneficiary's part is kept
 * with its version, and a write recomputes one part, not sixty. Equal versions mean the same committed data
 * for that beneficiary's rows and the global ones (migration 2026_12_03_2000), and the versions are read in
 * the caller's snapshot, so the parts put together are exactly what one computation in that snapshot gives.
 * Only for what depends on the global rows and on one beneficiary's rows each (not on `k:`/`y:` counters).
 */
export function beneficiaryParts<P>(options: { maxEntries?: number } = {}): BeneficiaryParts<P> {
  const entries = new LRUCache<string, Entry<P>>({ max: options.maxEntries ?? 20_000 });
  return {
    clear() {
      entries.clear();
    },
    async get(snapshot, key, compute, empty) {
      const versions = await beneficiaryVersions(snapshot);
      const out = new Map<number, P>();
      const stale: number[] = [];
      for (const [id, version] of versions) {
        const hit = entries.get(`${key}|${id}`);
        if (hit && hit.version === version) out.set(id, hit.value);
        else stale.push(id);
      }
      if (stale.length > 0) {
        const computed = await compute(stale);
        for (const id of stale) {
          const value = deepFreeze(computed.get(id) ?? empty);
          out.set(id, value);
          const version = versions.get(id)!;
          const current = entries.peek(`${key}|${id}`);
          if (!current || current.version <= version) entries.set(`${key}|${id}`, { version, value });
        }
      }
      return out;
    },
  };
}
