// The app's database handle. The server entry (server.ts) decides which PostgreSQL to use and puts its
// URL in DATABASE_URL before the first request; the handle is shared through globalThis because the
// Remix build and the server entry are separate module graphs.
import { createDb, type Db } from "../db/client";
import { trackUncachedReads, trackedDatabases } from "./lib/request-state.server";

const holder = globalThis as unknown as { __pilotageDb?: Db };

export function getDb(): Db {
  if (!holder.__pilotageDb) {
    const url = process.env.DATABASE_URL;
    if (!url) throw new Error("DATABASE_URL n'est pas défini : démarrez l'application avec `npm start`.");
    // the page cache keeps a document only if its loaders read nothing outside the versioned caches
    holder.__pilotageDb = createDb(url).withPlugin(trackUncachedReads);
    trackedDatabases.add(holder.__pilotageDb);
  }
  return holder.__pilotageDb;
}
