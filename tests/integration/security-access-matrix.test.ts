// The access matrix (issue 7): every route file of app/routes/ (tests/integration/access-routes.ts) is
// requested over HTTP against the built server as six identities — anonymous, DINUM, correspondent A,
// correspondent B, contractor A, contractor B — and the answer must be the one declared in ONE table
// (tests/integration/access-matrix.ts). A route missing from the table fails the test: no route ships
// unchecked. Routes that take an id are tried with tenant A's and tenant B's resources (cross-tenant).
// MATRIX_PRINT=1 prints what the server actually answers, as table entries, to review by hand.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb, type Db } from "../../db/client";
import { startServer, type ServerProcess } from "../helpers/server-process";
import { listRoutes, type RouteFile } from "./access-routes";
import { accessMatrix, IDENTITIES, IDENTITY_EMAILS as EMAILS, resourceKindOf, tenantFixtures, type Expected, type Identity, type Row6 } from "./access-matrix";
import { testPort } from "../helpers/ports";
import { DEMO_PASSWORD } from "../../seeds/accounts";

const PORT = Number(process.env.MATRIX_PORT ?? testPort(3158));
const PG_PORT = Number(process.env.MATRIX_PG_PORT ?? testPort(55458));
const PASSWORD = DEMO_PASSWORD;
let server: ServerProcess;
let db: Db;
const cookies: Partial<Record<Identity, string>> = {};
const routes = listRoutes();

beforeAll(async () => {
  server = await startServer({ port: PORT, pgPort: PG_PORT });
  db = createDb(`postgres://postgres:pilotage@127.0.0.1:${PG_PORT}/pilotage`, { max: 2 });
  for (const identity of IDENTITIES) if (identity !== "anonymous") cookies[identity] = await signIn(identity);
}, 240_000);

afterAll(async () => {
  await db?.destroy();
  await server?.stop();
});

async function signIn(identity: Exclude<Identity, "anonymous">): Promise<string> {
  const r = await fetch(`${server.url}/connexion`, {
    method: "POST",
    headers: { Origin: server.url, "Content-Type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ email: EMAILS[identity], password: PASSWORD, redirectTo: "/" }),
    redirect: "manual",
  });
  expect(r.status, `connexion ${identity}`).toBe(302);
  return r.headers
    .getSetCookie()
    .map((c) => c.split(";")[0])
    .join("; ");
}

type Actual = number | string;

async function probe(method: "GET" | "POST", path: string, identity: Identity): Promise<Actual> {
  const headers: Record<string, string> = { Origin: server.url };
  if (identity !== "anonymous") headers.Cookie = cookies[identity]!;
  const init: RequestInit = { method, headers, redirect: "manual" };
  if (method === "POST") {
    headers["Content-Type"] = "application/x-www-form-urlencoded";
    init.body = "";
  }
  const r = await fetch(`${server.url}${path}`, init);
  await r.arrayBuffer();
  if (r.status >= 300 && r.status < 400) {
    const to = new URL(r.headers.get("location") ?? "", server.url);
    if (to.origin !== server.url) return `→${to.origin}`;
    return to.pathname === "/connexion" && to.searchParams.has("redirectTo") ? "login" : `→${to.pathname}`;
  }
  return r.status;
}

function matches(actual: Actual, expected: Expected): boolean {
  if (Array.isArray(expected)) return expected.some((e) => matches(actual, e));
  if (typeof expected === "string" && expected.endsWith("*")) return typeof actual === "string" && actual.startsWith(expected.slice(0, -1));
  return actual === expected;
}

function url(route: RouteFile, ids: Record<string, number>, query?: string): string {
  let path = route.pattern;
  for (const p of route.params) path = path.replace(`:${p}`, String(ids[p] ?? ids.id));
  return query ? `${path}?${query}` : path;
}

describe("access matrix", () => {
  it("every route file is in the table (and the table names no route that does not exist)", () => {
    const missing = routes.filter((r) => !(r.id in accessMatrix)).map((r) => r.id);
    expect(missing, "routes absentes de tests/integration/access-matrix.ts : ajoutez-les avec leurs réponses attendues").toEqual([]);
    const stale = Object.keys(accessMatrix).filter((k) => !routes.some((r) => r.id === k));
    expect(stale, "entrées du tableau sans fichier de route").toEqual([]);
    for (const r of routes) {
      const entry = accessMatrix[r.id];
      if (!entry) continue;
      if (r.hasLoader || !r.resource) expect(entry.get, `${r.id}: réponses GET attendues`).toBeDefined();
      if (r.hasAction) expect(entry.post, `${r.id}: réponses POST attendues`).toBeDefined();
      if (r.params.length) expect(resourceKindOf(r.pattern), `${r.id}: type de ressource de :id`).toBeTruthy();
    }
  });

  it("a route file added without its table entry is caught; file names map to URLs the Remix way", async () => {
    const fs = await import("node:fs");
    const os = await import("node:os");
    const path = await import("node:path");
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "routes-"));
    try {
      for (const r of routes) fs.writeFileSync(path.join(dir, r.file), "");
      fs.writeFileSync(path.join(dir, "nouvelle-page.$id.tsx"), "export async function loader() { return null }\nexport default function P() { return null }");
      const missing = listRoutes(dir)
        .filter((r) => !(r.id in accessMatrix))
        .map((r) => `${r.id} ${r.pattern}`);
      expect(missing).toEqual(["nouvelle-page.$id /nouvelle-page/:id"]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
    const { patternOf } = await import("./access-routes");
    expect(patternOf("commandes.$id_.modifier").pattern).toBe("/commandes/:id/modifier");
    expect(patternOf("declarations.$id_.service-fait[.]pdf").pattern).toBe("/declarations/:id/service-fait.pdf");
    expect(patternOf("rapports.consolide[.]csv").pattern).toBe("/rapports/consolide.csv");
    expect(patternOf("_index").pattern).toBe("/");
    expect(patternOf("connexion_.proconnect_.retour").pattern).toBe("/connexion/proconnect/retour");
    expect(patternOf("_auth.profil").pattern).toBe("/profil");
  });

  it("each identity gets the declared answer on every route, with tenant A's and B's ids", { timeout: 600_000 }, async () => {
    const fx = await tenantFixtures(db);
    const failures: string[] = [];
    const printed: string[] = [];
    const ordered = [...routes].sort((a, b) => Number(a.id === "deconnexion") - Number(b.id === "deconnexion")); // sign-out last
    for (const route of ordered) {
      const entry = accessMatrix[route.id];
      if (!entry) continue;
      const kind = route.params.length ? resourceKindOf(route.pattern)! : null;
      const variants: { label: string; ids: Record<string, number> }[] = kind
        ? [
            { label: "A", ids: { id: fx[kind].A } },
            { label: "B", ids: { id: fx[kind].B } },
            ...(fx[kind].draftA ? [{ label: "draftA", ids: { id: fx[kind].draftA! } }] : []),
            ...(fx[kind].subA ? [{ label: "subA", ids: { id: fx[kind].subA! } }] : []),
          ]
        : [{ label: "", ids: {} }];
      for (const method of ["GET", "POST"] as const) {
        const spec = method === "GET" ? entry.get : entry.post;
        if (!spec) continue;
        for (const v of variants) {
          const row: Row6 | undefined = kind ? (spec as Record<string, Row6>)[v.label] : (spec as Row6);
          if (!row) {
            if (v.label === "draftA") continue; // optional
            if (v.label === "subA" && route.id !== "factures.$id") continue; // the invoice page's rows carry it
            failures.push(`${route.id} ${method}: pas de réponses attendues pour la ressource ${v.label}`);
            continue;
          }
          const path = url(route, v.ids, entry.query);
          const actual: Actual[] = [];
          for (const [i, identity] of IDENTITIES.entries()) {
            if (method === "POST" && route.id === "deconnexion" && identity !== "anonymous") cookies[identity] = await signIn(identity as never);
            const got = await probe(method, path, identity);
            actual.push(got);
            if (!matches(got, row[i]))
              failures.push(
                `${method} ${path} (${route.id}${v.label ? `, ressource ${v.label}` : ""}) en ${identity} : ${got}, attendu ${JSON.stringify(row[i])}`,
              );
          }
          printed.push(`${route.id} ${method} ${v.label}: ${JSON.stringify(actual)}`);
        }
      }
    }
    if (process.env.MATRIX_PRINT) console.log(printed.join("\n"));
    expect(failures).toEqual([]);
  });

  it("exports never carry another tenant's orders", { timeout: 120_000 }, async () => {
    const fx = await tenantFixtures(db);
    for (const identity of IDENTITIES) if (identity !== "anonymous") cookies[identity] = await signIn(identity); // the matrix signed everyone out last
    const numbers = await db.selectFrom("purchase_order").select(["id", "number"]).where("id", "in", [fx.order.A, fx.order.B]).execute();
    const numberOf = (id: number) => numbers.find((n) => n.id === id)!.number!;
    const checks: [Identity, string][] = [
      ["correspondentA", numberOf(fx.order.B)],
      ["contractorA", numberOf(fx.order.B)],
      ["correspondentB", numberOf(fx.order.A)],
      ["contractorB", numberOf(fx.order.A)],
    ];
    for (const [identity, foreign] of checks) {
      for (const table of ["lignes", "declarations"]) {
        const r = await fetch(`${server.url}/rapports/consolide.csv?table=${table}`, { headers: { Cookie: cookies[identity]! }, redirect: "manual" });
        const text = await r.text();
        expect(r.status, `${identity} ${table}`).toBe(200);
        // whole cells: a demo number (…-2026-0003) is a prefix of generated ones (…-2026-00030) in scale mode
        const cells = new Set(text.split(/\r?\n/).flatMap((l) => l.split(";")));
        expect(cells.size, `${identity} ${table}`).toBeGreaterThan(1);
        expect(cells.has(foreign), `${identity} voit ${foreign} dans ${table}`).toBe(false);
      }
    }
  });
});
