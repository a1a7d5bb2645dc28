// One place decides which PostgreSQL the app talks to: DATABASE_URL when set, otherwise an embedded
// server whose data lives in a git-ignored folder.
import path from "node:path";
import { env } from "../app/lib/env.server";
import pg from "pg";
import { embeddedUrl, startEmbeddedPostgres } from "./embedded";

export interface DatabaseHandle {
  url: string;
  embedded: boolean;
  stop(): Promise<void>;
}

export async function openDatabase(options: { dataDir?: string; port?: number; quiet?: boolean } = {}): Promise<DatabaseHandle> {
  const config = env();
  const external = config.DATABASE_URL;
  if (external) return { url: external, embedded: false, stop: async () => {} };
  const dataDir = options.dataDir ?? config.PILOTAGE_DATA_DIR ?? path.resolve(".data/postgres");
  const port = options.port ?? config.EMBEDDED_PG_PORT;
  const server = await startEmbeddedPostgres({ dataDir, port, database: "pilotage", quiet: options.quiet });
  return { url: server.url("pilotage"), embedded: true, stop: () => server.stop() };
}

/**
 * For a second process (the e-mail worker run alone): DATABASE_URL, else the embedded server the app
 * already runs on EMBEDDED_PG_PORT, else one started here (openDatabase).
 */
export async function joinDatabase(): Promise<DatabaseHandle> {
  const config = env();
  if (config.DATABASE_URL) return openDatabase();
  const url = embeddedUrl(config.EMBEDDED_PG_PORT, "pilotage");
  const probe = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2_000 });
  try {
    await probe.connect();
    await probe.end();
    return { url, embedded: true, stop: async () => {} };
  } catch {
    await probe.end().catch(() => {});
    return openDatabase();
  }
}
