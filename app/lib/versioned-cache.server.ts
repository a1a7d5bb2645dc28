// Results that are costly to compute and read on every page (the DINUM dashboard aggregates over the
// whole contract, the header's alert count), kept in memory per scope and served only while the data
// version (migration 1000) has not moved: never stale, and recomputed at most once per change, whatever
// the number of concurrent requests (single flight). A hit costs one query (`sum` of 16 rows).
import { sql } from "kysely";
import { LRUCache } from "lru-cache";
import type { Db, Executor } from "../../db/client";

export async function dataVersion(db: Executor): Promise<bigint> {
  const { rows } = await sql<{ v: string }>`SELECT coalesce(sum(n), 0)::text AS v FROM data_version`.execute(db);
  return BigInt(rows[0].v);
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
  /** the cached value of `key` if the data has not changed since, else `compute` in one snapshot */
  get(db: Db, key: string, compute: (snapshot: Executor) => Promise<T>): Promise<T>;
  clear(): void;
  readonly size: number;
}

export function versionedCache<T>(options: { maxEntries?: number } = {}): VersionedCache<T> {
  // at most `maxEntries` keys, the least recently read dropped first
  const entries = new LRUCache<string, Entry<T>>({ max: options.maxEntries ?? 500 });
  const inFlight = new Map<string, Promise<Entry<T>>>();
  return {
    get size() {
      return entries.size;
    },
    clear() {
      entries.clear();
    },
    async get(db, key, compute) {
      const version = await dataVersion(db);
      const hit = entries.get(key);
      if (hit && hit.version === version) return hit.value;
      const flight = `${key}@${version}`;
      let pending = inFlight.get(flight);
      if (!pending) {
        // the version is read again INSIDE the snapshot the value is computed from: that is the one
        // the value belongs to (a commit may land between the two reads)
        pending = db
          .transaction()
          .setIsolationLevel("repeatable read")
          .setAccessMode("read only")
          .execute(async (trx) => {
            const at = await dataVersion(trx);
            // one object served to many requests: frozen, so that no caller can change it for the others
            return { version: at, value: deepFreeze(await compute(trx)) };
          });
        inFlight.set(flight, pending);
        pending.then(
          () => inFlight.delete(flight),
          () => inFlight.delete(flight),
        );
      }
      const entry = await pending;
      const current = entries.peek(key);
      if (!current || current.version <= entry.version) {
        entries.set(key, entry);
      }
      return entry.value;
    },
  };
}
