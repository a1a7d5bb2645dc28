// The render cache (app/lib/render-cache.server.ts) keeps a page's HTML per URL and loader data: that is
// right only if rendering reads nothing else — no clock, no request header, no randomness. This test holds
// every page of every role to it: the real Remix build is served in this process with each route's loader
// memoised, so the second request renders the very same loader data at another clock (33 days and 5 hours
// later: another day and another month), and both documents must be identical byte for byte.
// A component that calls todayInParis(), new Date() or Date.now() while rendering fails here.
import path from "node:path";
import { pathToFileURL } from "node:url";
import type { ServerBuild } from "@remix-run/node";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createSession } from "../../app/auth/session.server";
import { createTestDatabase, type TestDatabase } from "../helpers/db";
import { ensureBuild } from "../helpers/server-process";
import { listRoutes } from "./access-routes";
import { accessMatrix, IDENTITIES, IDENTITY_EMAILS, resourceKindOf, tenantFixtures, type Identity, type Row6 } from "./access-matrix";

const LATER_MS = (33 * 24 + 5) * 3600_000;
const NONCE = "nonce-de-test";
let t: TestDatabase;
let handle: (request: Request) => Promise<Response>;
const cookies: Partial<Record<Identity, string>> = {};

/** The build with every loader answering, for the same request (URL and cookie), what it answered first. */
function memoisedLoaders(build: ServerBuild): ServerBuild {
  const routes: ServerBuild["routes"] = {};
  for (const [id, route] of Object.entries(build.routes)) {
    const loader = route.module.loader;
    if (!loader) {
      routes[id] = route;
      continue;
    }
    const seen = new Map<string, { ok: boolean; value: unknown }>();
    const memo: typeof loader = async (args) => {
      const key = `${args.request.url}\n${args.request.headers.get("Cookie") ?? ""}`;
      let hit = seen.get(key);
      if (!hit) {
        try {
          hit = { ok: true, value: await loader(args) };
        } catch (error) {
          hit = { ok: false, value: error };
        }
        seen.set(key, hit);
      }
      const value = hit.value instanceof Response ? hit.value.clone() : hit.value;
      if (!hit.ok) throw value;
      return value as never;
    };
    routes[id] = { ...route, module: { ...route.module, loader: memo } };
  }
  return { ...build, routes };
}

beforeAll(async () => {
  const dir = await ensureBuild();
  t = await createTestDatabase();
  // the build's getDb() (app/db.server.ts) takes the handle from globalThis; the render cache is off so that
  // the second request is rendered again
  (globalThis as { __pilotageDb?: unknown }).__pilotageDb = t.db;
  process.env.PILOTAGE_RENDER_CACHE_MB = "0";
  const build = (await import(/* @vite-ignore */ pathToFileURL(path.resolve(dir, "server/index.js")).href)) as ServerBuild;
  const { createRequestHandler } = await import("@remix-run/node");
  const handler = createRequestHandler(memoisedLoaders(build), "production");
  handle = (request) => handler(request, { cspNonce: NONCE } as never);
  const users = await t.db.selectFrom("app_user").select(["id", "email"]).where("email", "in", Object.values(IDENTITY_EMAILS)).execute();
  for (const [identity, email] of Object.entries(IDENTITY_EMAILS)) {
    const cookie = await createSession(t.db, users.find((u) => u.email === email)!.id);
    cookies[identity as Identity] = cookie.split(";")[0];
  }
}, 300_000);

afterAll(async () => {
  vi.useRealTimers();
  await t?.drop();
});

async function page(url: string, identity: Identity): Promise<{ status: number; html: string }> {
  const headers: Record<string, string> = {};
  if (cookies[identity]) headers.Cookie = cookies[identity]!;
  const r = await handle(new Request(`http://localhost${url}`, { headers, redirect: "manual" }));
  return { status: r.status, html: await r.text() };
}

describe("a page is a function of its URL and loader data", () => {
  it("every page of every role renders the same HTML at two different clocks", { timeout: 600_000 }, async () => {
    const fx = await tenantFixtures(t.db);
    const month = new Date().toISOString().slice(0, 7);
    const targets: { url: string; identity: Identity; expected: Row6[number] }[] = [];
    for (const route of listRoutes().filter((r) => !r.resource && r.hasLoader)) {
      const get = accessMatrix[route.id]?.get;
      expect(get, `${route.id} absent de la matrice d'accès`).toBeDefined();
      const kind = route.params.length ? resourceKindOf(route.pattern)! : null;
      const variants = kind
        ? (["A", "B", "draftA"] as const).flatMap((v) => {
            const id = (fx[kind] as Record<string, number | undefined>)[v];
            const row = (get as Record<string, Row6 | undefined>)[v];
            return id && row ? [{ path: route.pattern.replace(/:\w+/, String(id)), row }] : [];
          })
        : [{ path: route.pattern, row: get as Row6 }];
      for (const v of variants) IDENTITIES.forEach((identity, i) => targets.push({ url: v.path, identity, expected: v.row[i] }));
    }
    // pages whose form depends on their query: a month to declare, a product to order for, a page of the home
    targets.push({ url: `/declarations/nouvelle?commande=${fx.order.A}&mois=${month}`, identity: "contractorA", expected: 200 });
    targets.push({ url: `/commandes/nouveau?produit=${fx.product.A}`, identity: "correspondentA", expected: 200 });
    targets.push({ url: "/?page=2", identity: "dinum", expected: 200 });

    const compared: string[] = [];
    const failures: string[] = [];
    for (const { url, identity, expected } of targets) {
      vi.useRealTimers();
      const first = await page(url, identity);
      if (first.status !== 200) {
        // the access matrix says which answers are pages: a 200 there must be a 200 here, or nothing was compared
        if (expected === 200 || (Array.isArray(expected) && expected.length === 1 && expected[0] === 200))
          failures.push(`${url} en ${identity} : ${first.status} au lieu d'une page`);
        continue;
      }
      vi.useFakeTimers({ toFake: ["Date"], now: Date.now() + LATER_MS });
      const later = await page(url, identity);
      vi.useRealTimers();
      compared.push(`${identity} ${url}`);
      if (later.status !== 200 || later.html !== first.html) failures.push(`${url} en ${identity} : ${difference(first.html, later.html)}`);
    }
    expect(failures, "le rendu dépend de l'horloge (à mettre dans les données du loader)").toEqual([]);
    // every role's main pages were compared, not skipped
    for (const identity of IDENTITIES.filter((i) => i !== "anonymous"))
      expect(compared.filter((c) => c.startsWith(`${identity} `)).length, identity).toBeGreaterThan(5);
    expect(compared.length).toBeGreaterThan(60);
  });
});

function difference(a: string, b: string): string {
  let i = 0;
  while (i < a.length && a[i] === b[i]) i++;
  return `« …${a.slice(Math.max(0, i - 80), i + 80)}… » devient « …${b.slice(Math.max(0, i - 80), i + 80)}… »`;
}
