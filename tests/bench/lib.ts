// Benchmark helpers: a scaled database on its own embedded PostgreSQL, the built server as a child
// process, sign-in over HTTP, and autocannon runs. Figures are printed, never asserted.
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import autocannon from "autocannon";
import pg from "pg";
import { createDb, type Executor } from "../../db/client";
import { startEmbeddedPostgres, type EmbeddedServer } from "../../db/embedded";
import { migrateToLatest } from "../../db/migrate";
import { seedScale } from "../../seeds/scale";
import { DEMO_PASSWORD } from "../../seeds/accounts";

export interface ScaledDatabase {
  url: string;
  server: EmbeddedServer | null;
}

export interface BenchOptions {
  sections: string[];
  seconds: number;
  factors: number[];
  /** HTTP worker processes to measure the pages with (WEB_CONCURRENCY), one table each */
  workers: number[];
  /** also measure the pages with the render cache off (PILOTAGE_RENDER_CACHE_MB=0), with the first worker count */
  renderCacheOff: boolean;
  /** port of the app server started for the HTTP runs */
  appPort: number;
  /** the scaled database of a factor, started (and generated the first time) on demand */
  database(factor: number): Promise<ScaledDatabase>;
  stopAll(): Promise<void>;
}

export function benchOptions(argv: string[]): BenchOptions {
  const arg = (name: string, fallback: string) => {
    const i = argv.indexOf(`--${name}`);
    return i >= 0 ? argv[i + 1] : fallback;
  };
  const root = process.env.BENCH_DATA ?? ".data";
  const portBase = Number(process.env.BENCH_PORT_BASE ?? 55800);
  const started = new Map<number, Promise<ScaledDatabase>>();
  return {
    sections: arg("only", "export,http,submit,uploads").split(","),
    seconds: Number(arg("seconds", "10")),
    factors: arg("factors", "1,2").split(",").map(Number),
    workers: arg("workers", "1,2").split(",").map(Number),
    renderCacheOff: arg("render-cache-off", "yes") !== "no",
    appPort: Number(process.env.BENCH_APP_PORT ?? portBase - 52000),
    database(factor) {
      if (!started.has(factor)) started.set(factor, scaledDatabase(factor, portBase + factor, root));
      return started.get(factor)!;
    },
    async stopAll() {
      for (const p of started.values()) await (await p).server?.stop();
    },
  };
}

/** A database at the given factor, generated once and kept in `<root>/bench-f<factor>` between runs. */
export async function scaledDatabase(factor: number, port: number, root = ".data"): Promise<ScaledDatabase> {
  const dataDir = path.resolve(`${root}/bench-f${factor}/postgres`);
  const fresh = !fs.existsSync(path.join(dataDir, "PG_VERSION"));
  const server = await startEmbeddedPostgres({ dataDir, port, database: "bench", quiet: true });
  const url = server.url("bench");
  const db = createDb(url);
  try {
    await migrateToLatest(db);
    const marker = await db.selectFrom("app_meta").select("value").where("key", "=", "scale_factor").executeTakeFirst();
    if (!marker) {
      const t0 = Date.now();
      const summary = await seedScale(db, factor);
      console.log(`  données facteur ${factor} générées en ${((Date.now() - t0) / 1000).toFixed(1)} s`, JSON.stringify(summary));
    } else if (fresh) throw new Error("unexpected marker");
  } finally {
    await db.destroy();
  }
  return { url, server };
}

export async function startAppServer(
  databaseUrl: string,
  port: number,
  workers = 1,
  env: Record<string, string> = {},
): Promise<{ stop(): Promise<void>; base: string; child: ChildProcess; check(): void; peakRssMb(): number | null }> {
  const child = spawn(process.execPath, ["--import", "tsx", "server.ts"], {
    env: {
      ...process.env,
      DATABASE_URL: databaseUrl,
      PORT: String(port),
      NODE_ENV: "production",
      PILOTAGE_DEMO: "1",
      PILOTAGE_SEED: "none",
      WEB_CONCURRENCY: String(workers),
      ...env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout!.on("data", (d) => (output += d));
  child.stderr!.on("data", (d) => (output += d));
  const base = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 120; i++) {
    try {
      const r = await fetch(`${base}/healthz`);
      if (r.ok) break;
    } catch {
      /* not up yet */
    }
    if (child.exitCode !== null) throw new Error(`le serveur s'est arrêté : ${output}`);
    await new Promise((r) => setTimeout(r, 500));
  }
  let exit: { code: number | null; signal: string | null } | null = null;
  child.once("exit", (code, signal) => (exit = { code, signal }));
  return {
    base,
    child,
    /** throws, with the exit code or signal and the end of its output, if the server has stopped */
    check() {
      if (exit) throw new Error(`le serveur s'est arrêté (code ${exit.code}, signal ${exit.signal}) : ${output.slice(-3000)}`);
    },
    /** the server process's peak resident memory so far (Linux: VmHWM), in MB */
    peakRssMb() {
      try {
        const m = /VmHWM:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${child.pid}/status`, "utf8"));
        return m ? Number(m[1]) / 1024 : null;
      } catch {
        return null;
      }
    },
    async stop() {
      child.kill("SIGTERM");
      await new Promise((r) => child.once("exit", r));
    },
  };
}

export async function signInCookie(base: string, email: string, password = DEMO_PASSWORD): Promise<string> {
  const body = new URLSearchParams({ email, password, redirectTo: "/" });
  const r = await fetch(`${base}/connexion`, { method: "POST", body, redirect: "manual", headers: { Origin: base } });
  const cookie = r.headers.get("set-cookie");
  if (!cookie) throw new Error(`connexion impossible pour ${email} (HTTP ${r.status})`);
  return cookie.split(";")[0];
}

export interface LoadResult {
  label: string;
  p50: number;
  p95: number;
  p99: number;
  rps: number;
  errors: number;
  non2xx: number;
}

function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

/** Runs autocannon and computes exact latency percentiles from every response time it reports. */
export async function load(label: string, url: string, cookie: string | null, options: { connections?: number; seconds?: number } = {}): Promise<LoadResult> {
  const latencies: number[] = [];
  // without a callback autocannon returns an event emitter that is also a promise of the result
  const instance = autocannon({
    url,
    connections: options.connections ?? 16,
    duration: options.seconds ?? 10,
    headers: cookie ? { cookie } : {},
  }) as unknown as Promise<autocannon.Result> & import("node:events").EventEmitter;
  (instance as import("node:events").EventEmitter).on("response", (_client: unknown, _status: number, _bytes: number, responseTime: number) =>
    latencies.push(responseTime),
  );
  const result = await instance;
  latencies.sort((a, b) => a - b);
  return {
    label,
    p50: percentile(latencies, 50),
    p95: percentile(latencies, 95),
    p99: percentile(latencies, 99),
    rps: result.requests.average,
    errors: result.errors,
    non2xx: result.non2xx,
  };
}

export function table(rows: (string | number)[][], header: string[]): string {
  const all = [header, ...rows.map((r) => r.map(String))];
  const widths = header.map((_, i) => Math.max(...all.map((r) => r[i].length)));
  return all
    .map(
      (r, j) =>
        r.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join("  ") +
        (j === 0 ? "\n" + widths.map((w) => "-".repeat(w)).join("  ") : ""),
    )
    .join("\n");
}

export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

/**
 * A throw-away copy `name` of the scaled database (template `bench`) on the server of `url`, and its drop, to call
 * once the copy's pools are destroyed.
 */
export async function benchCopy(url: string, name: string): Promise<{ url: string; drop: () => Promise<void> }> {
  const admin = new pg.Client({ connectionString: withDatabase(url, "postgres") });
  await admin.connect();
  // nobody may be connected to the template while it is copied
  await admin.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname IN ('bench', $1) AND pid <> pg_backend_pid()`, [name]);
  await admin.query(`DROP DATABASE IF EXISTS ${name}`);
  await admin.query(`CREATE DATABASE ${name} TEMPLATE bench`);
  const drop = async () => {
    // pg's pool resolves end() before its backends have exited: wait for them, else the forced drop
    // terminates them under a client that no longer listens for errors
    for (let i = 0; i < 50; i++) {
      const { rows } = await admin.query(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1`, [name]);
      if (rows[0].n === 0) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  };
  return { url: withDatabase(url, name), drop };
}

/** The issued order of the beneficiary with the most lines (the heaviest order page to show). */
export async function busiestIssuedOrder(db: Executor, beneficiaryId: number): Promise<number> {
  const order = await db
    .selectFrom("purchase_order as po")
    .innerJoin("order_line as ol", "ol.order_id", "po.id")
    .select("po.id")
    .where("po.beneficiary_id", "=", beneficiaryId)
    .where("po.status", "=", "issued")
    .groupBy("po.id")
    .orderBy((eb) => eb.fn.countAll(), "desc")
    .orderBy("po.id")
    .limit(1)
    .executeTakeFirstOrThrow();
  return order.id;
}

/** The newest validated declaration of an order of the beneficiary: the declaration page the benches measure. */
export async function latestValidatedDeclaration(db: Executor, beneficiaryId: number): Promise<number> {
  const r = await db
    .selectFrom("declaration as d")
    .innerJoin("purchase_order as po", "po.id", "d.order_id")
    .select("d.id")
    .where("po.beneficiary_id", "=", beneficiaryId)
    .where("d.status", "=", "validated")
    .orderBy("d.id", "desc")
    .limit(1)
    .executeTakeFirstOrThrow();
  return r.id;
}
