// What one HTTP request learnt before its loaders ran (issue 15, session 9): the signed-in user and the data
// version of that user's scope, read together with the session in one statement (app/auth/session.server.ts
// getSessionState), and whether the loaders then read anything outside the versioned caches. The versioned
// caches use that version instead of reading it again for each value (one round trip per request, not one per
// cached value), and the page cache (app/entry.server.tsx) keeps a document by that version only when every
// read of its loaders came from a versioned cache.
import { AsyncLocalStorage } from "node:async_hooks";
import type { KyselyPlugin } from "kysely";
import type { SessionUser } from "../auth/user";

export interface RequestState {
  /** the signed-in user (null: none), looked up once before the loaders */
  user: SessionUser | null;
  /** the user's data scope (dataScope) and its data version, read in the session's statement; null version: not known */
  scope: string | null;
  version: bigint | null;
  /** queries the request's loaders sent outside a versioned cache's computation or version read */
  uncachedReads: number;
  /** the key the page cache keeps this document under, if it may keep it (app/entry.server.tsx servePage) */
  pageKey: string | null;
}

const requests = new AsyncLocalStorage<RequestState>();
const cacheWork = new AsyncLocalStorage<true>();

/** Runs `run` (the request's loaders and rendering) with what was learnt of the request. */
export function withRequestState<T>(state: RequestState, run: () => T): T {
  return requests.run(state, run);
}

export function requestState(): RequestState | undefined {
  return requests.getStore();
}

/** The version of `scope` this request already read, or null when it must be read. */
export function requestVersion(scope: string | null | undefined): bigint | null {
  const state = requests.getStore();
  return state && state.version !== null && state.scope === (scope ?? null) ? state.version : null;
}

/** Runs a versioned cache's own reads (its version, its computation): they do not make a page uncacheable. */
export function asCacheWork<T>(run: () => Promise<T>): Promise<T> {
  return cacheWork.run(true, run);
}

/** The database handles that count the reads (getDb()'s): with another one, no page is kept by version. */
export const trackedDatabases = new WeakSet<object>();

/** Counts, per request, every query sent outside the versioned caches (getDb() carries it: app/db.server.ts). */
export const trackUncachedReads: KyselyPlugin = {
  transformQuery(args) {
    const state = requests.getStore();
    if (state && !cacheWork.getStore()) state.uncachedReads++;
    return args.node;
  },
  transformResult: async (args) => args.result,
};
