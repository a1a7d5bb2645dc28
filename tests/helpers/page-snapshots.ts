// Saves the HTML of every page of every demo role, to prove a refactoring leaves the pages as they were
// (issue 21): `REMIX_BUILD_DIR=build-x npx tsx tests/helpers/page-snapshots.ts <out-dir>`, before and after,
// then `npx tsx tests/helpers/page-snapshots.ts --compare before after` (what differs, page by page). Each run renders the built app in this process (as render-purity.test.ts
// does) against a fresh clone of one migrated and demo-seeded database (kept in SNAPSHOT_DIR between runs,
// so every run reads the very same rows), with a fixed CSP nonce and the build's hashes taken out.
// The pages are those of the access matrix (every route with a loader, for each tenant's resource) and a
// few pages whose content depends on their query string.
import fs from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import pg from "pg";
import type { ServerBuild } from "@remix-run/node";
import { createDb } from "../../db/client";
import { startEmbeddedPostgres } from "../../db/embedded";
import { migrateToLatest } from "../../db/migrate";
import { seedAll } from "../../seeds/index";
import { createSession } from "../../app/auth/session.server";
import { listRoutes } from "../integration/access-routes";
import { accessMatrix, IDENTITIES, IDENTITY_EMAILS, resourceKindOf, tenantFixtures, type Identity } from "../integration/access-matrix";

const out = path.resolve(process.argv[2] ?? "page-snapshots");
const root = path.resolve(process.env.SNAPSHOT_DIR ?? "/tmp/page-snapshots-db");
const port = Number(process.env.SNAPSHOT_PG_PORT ?? 56321);
const buildDir = path.resolve(process.env.REMIX_BUILD_DIR ?? "build");
const NONCE = "nonce-fixe";

/** What changes from one build or one run to the next without the page changing. */
export function stable(html: string): string {
  return html
    .replace(/(\/assets\/[\w.-]+?)-[\w-]{8}\.(js|css|woff2?|svg|png)/g, "$1.$2")
    .replace(/"version":"[0-9a-f]+"/g, '"version":"-"')
    .replace(/"hmr":[^,}]*/g, '"hmr":-');
}

/** Also leaves out how the build splits its modules (the manifest and the modulepreload links), which a new shared component moves. */
function page(html: string): string {
  return stable(html)
    .replace(/<link rel="modulepreload" href="[^"]*"\/>/g, "")
    .replace(/(<script nonce="[^"]*" type="module" async="">)[\s\S]*?(<\/script>)/g, "$1$2");
}

function compare(before: string, after: string): void {
  const names = [...new Set([...fs.readdirSync(before), ...fs.readdirSync(after)])].sort();
  let same = 0;
  for (const name of names) {
    const [a, b] = [before, after].map((dir) => (fs.existsSync(path.join(dir, name)) ? page(fs.readFileSync(path.join(dir, name), "utf8")) : "(absente)"));
    if (a === b) same++;
    else {
      let i = 0;
      while (i < a.length && a[i] === b[i]) i++;
      console.log(`${name}:\n  avant « …${a.slice(Math.max(0, i - 120), i + 120)}… »\n  après « …${b.slice(Math.max(0, i - 120), i + 120)}… »`);
    }
  }
  console.log(`${same} of ${names.length} pages identical`);
}

async function main() {
  const server = await startEmbeddedPostgres({ dataDir: path.join(root, "data"), port, quiet: true });
  const adminUrl = server.url("postgres");
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  const { rows } = await admin.query("SELECT 1 FROM pg_database WHERE datname = 'snapshot_template'");
  if (rows.length === 0) {
    await admin.query("CREATE DATABASE snapshot_template");
    const seedDb = createDb(server.url("snapshot_template"), { max: 2 });
    await migrateToLatest(seedDb);
    await seedAll(seedDb);
    await seedDb.destroy();
  }
  await admin.query("DROP DATABASE IF EXISTS snapshot_run WITH (FORCE)");
  await admin.query("CREATE DATABASE snapshot_run TEMPLATE snapshot_template");
  const db = createDb(server.url("snapshot_run"), { max: 5 });
  (globalThis as { __pilotageDb?: unknown }).__pilotageDb = db;
  process.env.PILOTAGE_RENDER_CACHE_MB = "0";
  const build = (await import(pathToFileURL(path.join(buildDir, "server/index.js")).href)) as ServerBuild;
  const { createRequestHandler } = await import("@remix-run/node");
  const handler = createRequestHandler(build, "production");

  const cookies: Partial<Record<Identity, string>> = {};
  const users = await db.selectFrom("app_user").select(["id", "email"]).execute();
  for (const [identity, email] of Object.entries(IDENTITY_EMAILS))
    cookies[identity as Identity] = (await createSession(db, users.find((u) => u.email === email)!.id)).split(";")[0];

  const fx = await tenantFixtures(db);
  const month = new Date().toISOString().slice(0, 7);
  const urls: string[] = [];
  for (const route of listRoutes().filter((r) => !r.resource && r.hasLoader)) {
    if (!accessMatrix[route.id]?.get) continue;
    const kind = route.params.length ? resourceKindOf(route.pattern) : null;
    if (!kind) urls.push(route.pattern);
    else
      for (const v of ["A", "B", "draftA", "subA"] as const) {
        const id = (fx[kind] as Record<string, number | undefined>)[v];
        if (id) urls.push(route.pattern.replace(/:\w+/, String(id)));
      }
  }
  urls.push(`/declarations/nouvelle?commande=${fx.order.A}&mois=${month}`, `/commandes/nouveau?produit=${fx.product.A}`, "/?page=2");
  urls.push("/commandes?statut=emis", "/declarations?statut=soumise", "/produits?q=a", "/stats?annee=2026");
  // the bulk validation's review of every submitted declaration (what a validator may validate of them)
  const submitted = await db.selectFrom("declaration").select("id").where("status", "=", "submitted").orderBy("id").execute();
  urls.push(`/declarations/validation?${submitted.map((d) => `ids=${d.id}`).join("&")}`);

  fs.rmSync(out, { recursive: true, force: true });
  fs.mkdirSync(out, { recursive: true });
  let pages = 0;
  for (const identity of IDENTITIES) {
    for (const url of [...new Set(urls)]) {
      const headers: Record<string, string> = {};
      if (cookies[identity]) headers.Cookie = cookies[identity]!;
      const r = await handler(new Request(`http://localhost${url}`, { headers, redirect: "manual" }), { cspNonce: NONCE } as never);
      const body = r.status === 200 ? stable(await r.text()) : `${r.status} ${r.headers.get("Location") ?? ""}\n`;
      const name = `${identity}${url.replace(/[/?=&]/g, "_")}.html`;
      fs.writeFileSync(path.join(out, name), body);
      pages += r.status === 200 ? 1 : 0;
    }
  }
  console.log(`${pages} pages saved in ${out}`);
  await db.destroy();
  await admin.end();
  await server.stop();
}

if (process.argv[2] === "--compare") compare(path.resolve(process.argv[3]), path.resolve(process.argv[4]));
else await main();
process.exit(0);
