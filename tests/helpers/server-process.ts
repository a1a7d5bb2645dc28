// Starts the built server (server.ts) as a child process on its own port, data folder and embedded
// PostgreSQL port, for tests that need the real process: graceful shutdown, fuzzing over HTTP, access matrix.
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { createDb } from "../../db/client";
import { startEmbeddedPostgres } from "../../db/embedded";
import { migrateToLatest } from "../../db/migrate";
import { seedAll } from "../../seeds/index";
import { addTestScaleData, testScaleFactor } from "./scale";

export interface ServerProcess {
  url: string;
  port: number;
  pgPort: number;
  dataDir: string;
  child: ChildProcess;
  output(): string;
  /** resolves with the exit code */
  exited: Promise<number | null>;
  stop(): Promise<void>;
}

/** Newest modification time under these folders (the app's sources). */
function newestSource(dirs: string[]): number {
  let newest = 0;
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else newest = Math.max(newest, fs.statSync(p).mtimeMs);
    }
  };
  for (const d of dirs) if (fs.existsSync(d)) walk(d);
  return newest;
}

/**
 * The Remix build the server serves: REMIX_BUILD_DIR (default build-security), (re)built when missing or
 * older than app/ — under a lock, since several test files may ask at once.
 */
export async function ensureBuild(): Promise<string> {
  const dir = process.env.REMIX_BUILD_DIR ?? "build-security";
  const entry = path.join(dir, "server/index.js");
  const fresh = () => fs.existsSync(entry) && fs.statSync(entry).mtimeMs >= newestSource(["app", "reports"]);
  const lock = `${dir}.building`;
  const deadline = Date.now() + 300_000;
  while (!fresh()) {
    try {
      fs.mkdirSync(lock);
    } catch {
      // another test file is building: wait for it (a lock older than 5 minutes is stale)
      const held = fs.statSync(lock, { throwIfNoEntry: false });
      if (held && Date.now() - held.mtimeMs > 300_000) fs.rmSync(lock, { recursive: true, force: true });
      if (Date.now() > deadline) throw new Error(`la construction de ${dir} n'a pas abouti`);
      await new Promise((r) => setTimeout(r, 1000));
      continue;
    }
    try {
      if (!fresh()) {
        execFileSync(path.resolve("node_modules/.bin/remix"), ["vite:build"], {
          env: { ...process.env, REMIX_BUILD_DIR: dir, VITEST: "" },
          stdio: "ignore",
          timeout: 240_000,
        });
        fs.utimesSync(entry, new Date(), new Date());
      }
    } finally {
      fs.rmSync(lock, { recursive: true, force: true });
    }
    break;
  }
  return dir;
}

export async function startServer(options: { port: number; pgPort: number; env?: Record<string, string> }): Promise<ServerProcess> {
  const buildDir = await ensureBuild();
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "pilotage-server-"));
  fs.chmodSync(root, 0o777); // the embedded PostgreSQL runs as the postgres user when we are root
  const dataDir = path.join(root, "postgres");
  if (testScaleFactor() !== null) {
    // scale mode: the server's database gets the demo and the scale data before the server starts on it
    const pg = await startEmbeddedPostgres({ dataDir, port: options.pgPort, database: "pilotage", quiet: true });
    const db = createDb(pg.url("pilotage"), { max: 2 });
    try {
      await migrateToLatest(db);
      await seedAll(db);
      await addTestScaleData(db, `la base du serveur de test (port ${options.port})`);
    } finally {
      await db.destroy();
      await pg.stop();
    }
  }
  let out = "";
  // node itself (not the tsx wrapper), so signals reach the server process directly
  const child = spawn(process.execPath, ["--import", "tsx", "server.ts"], {
    cwd: process.cwd(),
    env: {
      ...process.env,
      PORT: String(options.port),
      EMBEDDED_PG_PORT: String(options.pgPort),
      PILOTAGE_DATA_DIR: dataDir,
      REMIX_BUILD_DIR: buildDir,
      NODE_ENV: "production",
      PILOTAGE_DEMO: "1",
      // no e-mail worker: its background writes (a message's state) would be counted by the write detectors
      // of the security tests; the e-mail tests start their own (tests/integration/notifications.test.ts)
      MAIL_WORKER: "0",
      DATABASE_URL: "",
      VITEST: "",
      ...options.env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout!.on("data", (d) => (out += String(d)));
  child.stderr!.on("data", (d) => (out += String(d)));
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  const url = `http://127.0.0.1:${options.port}`;
  const deadline = Date.now() + 120_000;
  let ready = false;
  let dead = false;
  void exited.then(() => (dead = true));
  while (!ready && !dead && Date.now() < deadline) {
    try {
      const r = await fetch(`${url}/connexion`);
      ready = r.status === 200;
    } catch {
      await new Promise((r) => setTimeout(r, 300));
    }
  }
  if (!ready) {
    child.kill("SIGKILL");
    throw new Error(`le serveur n'a pas démarré :\n${out}`);
  }
  return {
    url,
    port: options.port,
    pgPort: options.pgPort,
    dataDir,
    child,
    output: () => out,
    exited,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill("SIGTERM");
        const timer = setTimeout(() => child.kill("SIGKILL"), 20_000);
        await exited;
        clearTimeout(timer);
      }
      fs.rmSync(root, { recursive: true, force: true });
    },
  };
}
