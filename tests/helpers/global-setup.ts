// Vitest global setup for the database tests: a real PostgreSQL (embedded by default, or the server
// named by DATABASE_URL) with a template database migrated from zero and seeded with the demo data.
// Each test file clones it (CREATE DATABASE … TEMPLATE), so files never see each other's writes.
// PILOTAGE_TEST_SCALE=<factor> (e.g. 0.1 or 1) also loads the scale generator's data into the template, on
// top of the demo data, so that every database test runs against a national-scale dataset (issue 8).
import os from "node:os";
import path from "node:path";
import fs from "node:fs";
import pg from "pg";
import type { TestProject } from "vitest/node";
import { createDb } from "../../db/client";
import { startEmbeddedPostgres, type EmbeddedServer } from "../../db/embedded";
import { migrateToLatest } from "../../db/migrate";
import { seedAll } from "../../seeds/index";
import { addTestScaleData, testScaleFactor } from "./scale";

export const TEMPLATE_DB = "pilotage_test_template";

let server: EmbeddedServer | undefined;
let dataDir: string | undefined;

function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

export default async function setup(project: TestProject) {
  testScaleFactor(); // a wrong value fails before anything starts
  let adminUrl = process.env.DATABASE_URL;
  if (!adminUrl) {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "pilotage-test-pg-"));
    fs.chmodSync(dataDir, 0o777);
    const port = 57000 + (process.pid % 2000); // away from the fixed ports of e2e runs (554xx) and benchmarks (558xx)
    server = await startEmbeddedPostgres({ dataDir: path.join(dataDir, "data"), port, quiet: true });
    adminUrl = server.url("postgres");
  }
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1`, [TEMPLATE_DB]);
  await admin.query(`DROP DATABASE IF EXISTS ${TEMPLATE_DB}`);
  await admin.query(`CREATE DATABASE ${TEMPLATE_DB}`);
  const db = createDb(withDatabase(adminUrl, TEMPLATE_DB), { max: 2 });
  await migrateToLatest(db);
  await seedAll(db);
  await addTestScaleData(db, "la base modèle");
  await db.destroy();
  await admin.end();
  project.provide("pgAdminUrl", adminUrl);

  return async () => {
    const cleanup = new pg.Client({ connectionString: adminUrl });
    await cleanup.connect();
    const { rows } = await cleanup.query(`SELECT datname FROM pg_database WHERE datname LIKE 'pilotage_test_%'`);
    for (const r of rows) await cleanup.query(`DROP DATABASE IF EXISTS "${r.datname}" WITH (FORCE)`);
    await cleanup.end();
    await server?.stop();
    if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
  };
}

declare module "vitest" {
  export interface ProvidedContext {
    pgAdminUrl: string;
  }
}
