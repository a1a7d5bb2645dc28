// Pages kept by data version (issue 15, session 9; app/entry.server.tsx servePage): a page seen again while its
// data has not changed is answered from the render cache after one statement (the session, its user and the data
// version of the user's scope), without running a loader. Through the real Remix build, its entry and its database
// handle (the SQL it sends counted with PILOTAGE_LOG_QUERIES): never stale after a write in the user's scope, kept
// across a write elsewhere, never another user's page, never for a session that has ended, a new page the next day.
import path from "node:path";
import { pathToFileURL } from "node:url";
import type { ServerBuild } from "@remix-run/node";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createSession, revokeUserSessions } from "../../app/auth/session.server";
import { createTestDatabase, accounts, type TestDatabase } from "../helpers/db";
import { ensureBuild } from "../helpers/server-process";
import { buildDraftOrder } from "../../seeds/factories";

type ServePage = (request: Request, nonce: string | undefined, run: () => Promise<Response>) => Promise<Response>;

let t: TestDatabase;
let serve: (url: string, cookie: string | null, nonce?: string) => Promise<{ status: number; html: string; statements: number }>;
const cookies: Record<string, string> = {};
let statements = 0;

beforeAll(async () => {
  const dir = await ensureBuild();
  t = await createTestDatabase();
  // the build's getDb() opens this database itself (the handle whose reads are counted) and logs every statement
  process.env.DATABASE_URL = t.url;
  process.env.PILOTAGE_LOG_QUERIES = "1";
  const log = console.log;
  vi.spyOn(console, "log").mockImplementation((...args: unknown[]) => {
    if (typeof args[0] === "string" && args[0].startsWith("[sql ")) statements++;
    else log(...args);
  });
  const build = (await import(/* @vite-ignore */ pathToFileURL(path.resolve(dir, "server/index.js")).href)) as ServerBuild;
  // a build without the page cache answers every request through Remix
  const servePage: ServePage = (build.entry.module as { servePage?: ServePage }).servePage ?? ((_request, _nonce, run) => run());
  const { createRequestHandler } = await import("@remix-run/node");
  const handler = createRequestHandler(build, "production");
  serve = async (url, cookie, nonce = "nonce-1") => {
    const request = new Request(`http://localhost${url}`, { headers: cookie ? { Cookie: cookie } : {}, redirect: "manual" });
    const before = statements;
    const r = await servePage(request, nonce, () => handler(request, { cspNonce: nonce } as never));
    return { status: r.status, html: await r.text(), statements: statements - before };
  };
  for (const email of [accounts.correspondentA, accounts.correspondentB, accounts.dinum]) {
    const user = await t.db.selectFrom("app_user").select("id").where("email", "=", email).executeTakeFirstOrThrow();
    cookies[email] = (await createSession(t.db, user.id)).split(";")[0];
  }
}, 300_000);

afterAll(async () => {
  vi.restoreAllMocks();
  vi.useRealTimers();
  const holder = globalThis as unknown as { __pilotageDb?: { destroy(): Promise<void> } };
  await holder.__pilotageDb?.destroy();
  await t?.drop();
});

const A = () => cookies[accounts.correspondentA];

describe("pages kept by data version", () => {
  it("a page seen again with no write costs one statement, and is the same page", async () => {
    const first = await serve("/commandes", A());
    expect(first.status).toBe(200);
    const again = await serve("/commandes", A());
    expect(again.status).toBe(200);
    expect(again.html).toBe(first.html);
    expect(again.statements).toBe(1);
    // each response carries its own CSP nonce, also when the page is the kept one
    const other = await serve("/commandes", A(), "nonce-2");
    expect(other.statements).toBe(1);
    expect(other.html).toContain('nonce="nonce-2"');
    expect(other.html).not.toContain("nonce-1");
    expect(other.html).not.toContain("pilotage-nonce-");
    expect(other.html.replaceAll("nonce-2", "nonce-1")).toBe(first.html);
    // the main pages whose reads are all kept by version: a correspondent's, DINUM's reference lists
    const order = await t.db
      .selectFrom("purchase_order")
      .select("id")
      .where(
        "beneficiary_id",
        "=",
        (await t.db.selectFrom("app_user").select("beneficiary_id").where("email", "=", accounts.correspondentA).executeTakeFirstOrThrow()).beneficiary_id!,
      )
      .where("status", "=", "issued")
      .orderBy("id")
      .executeTakeFirstOrThrow();
    const declaration = await t.db
      .selectFrom("declaration")
      .select("id")
      .where("order_id", "=", order.id)
      .where("status", "=", "validated")
      .orderBy("id")
      .executeTakeFirstOrThrow();
    const pagesOf: [string, string][] = [
      ...["/", "/alertes", "/declarations", `/commandes/${order.id}`, `/declarations/${declaration.id}`].map((url): [string, string] => [url, A()]),
      ...["/", "/referentiel/beneficiaires", "/referentiel/contrats", "/referentiel/titulaires"].map((url): [string, string] => [url, cookies[accounts.dinum]]),
    ];
    for (const [url, cookie] of pagesOf) {
      const seen = await serve(url, cookie);
      expect(seen.status, url).toBe(200);
      const kept = await serve(url, cookie);
      expect(kept.html, url).toBe(seen.html);
      expect(kept.statements, url).toBe(1);
    }
  });

  it("a reference list kept for DINUM shows a renamed contractor at once", async () => {
    const dinum = cookies[accounts.dinum];
    await serve("/referentiel/titulaires", dinum);
    expect((await serve("/referentiel/titulaires", dinum)).statements).toBe(1);
    await t.db.updateTable("contractor").set({ name: "Titulaire Renommé SAS" }).where("name", "=", "Coopérative Les Faiseurs").execute();
    const renamed = await serve("/referentiel/titulaires", dinum);
    expect(renamed.html).toContain("Titulaire Renommé SAS");
    expect(renamed.html).not.toContain("Coopérative Les Faiseurs");
  });

  it("a write in the user's scope shows at once; a write in another beneficiary's scope leaves the page kept", async () => {
    await serve("/commandes?statut=draft", A());
    const before = await serve("/commandes?statut=draft", A());
    expect(before.statements).toBe(1);
    // another ministry's draft: A's page is still the kept one
    await buildDraftOrder(t.db, { as: accounts.correspondentB });
    const elsewhere = await serve("/commandes?statut=draft", A());
    expect(elsewhere.statements).toBe(1);
    expect(elsewhere.html).toBe(before.html);
    // A's own new draft is on the very next page
    const draft = await buildDraftOrder(t.db, { as: accounts.correspondentA });
    const after = await serve("/commandes?statut=draft", A());
    expect(after.statements).toBeGreaterThan(1);
    expect(before.html).not.toContain(`href="/commandes/${draft.id}"`);
    expect(after.html).toContain(`href="/commandes/${draft.id}"`);
  });

  it("never another user's page, even at the same URL and version", async () => {
    const a = await serve("/", A());
    const b = await serve("/", cookies[accounts.correspondentB]);
    const dinum = await serve("/", cookies[accounts.dinum]);
    const names = await t.db
      .selectFrom("app_user")
      .select(["email", "name"])
      .where("email", "in", [accounts.correspondentA, accounts.correspondentB])
      .execute();
    const nameOf = (email: string) => names.find((n) => n.email === email)!.name;
    expect(a.html).toContain(nameOf(accounts.correspondentA));
    expect(b.html).toContain(nameOf(accounts.correspondentB));
    expect(b.html).not.toContain(nameOf(accounts.correspondentA));
    expect(dinum.html).not.toContain(nameOf(accounts.correspondentA));
    // a query string is another page
    const page2 = await serve("/commandes?page=2", A());
    expect(page2.statements).toBeGreaterThan(1);
  });

  it("a renamed user sees the new name at once; an ended session gets the sign-in page, not the kept one", async () => {
    await serve("/alertes", A());
    expect((await serve("/alertes", A())).statements).toBe(1);
    await t.db.updateTable("app_user").set({ name: "Camille Renommée" }).where("email", "=", accounts.correspondentA).execute();
    const renamed = await serve("/alertes", A());
    expect(renamed.html).toContain("Camille Renommée");
    const user = await t.db.selectFrom("app_user").select("id").where("email", "=", accounts.correspondentA).executeTakeFirstOrThrow();
    await revokeUserSessions(t.db, user.id);
    const ended = await serve("/alertes", A());
    expect(ended.status).toBe(302);
    expect(ended.html).not.toContain("Camille Renommée");
    cookies[accounts.correspondentA] = (await createSession(t.db, user.id)).split(";")[0];
  });

  it("the next day the page is computed again (what is late changes at midnight)", async () => {
    await serve("/", A());
    expect((await serve("/", A())).statements).toBe(1);
    vi.useFakeTimers({ toFake: ["Date"], now: Date.now() + 24 * 3600_000 });
    try {
      expect((await serve("/", A())).statements).toBeGreaterThan(1);
      expect((await serve("/", A())).statements).toBe(1);
    } finally {
      vi.useRealTimers();
    }
  });

  it("a page whose loader reads outside the versioned caches is computed on every request", async () => {
    // the journal's audit events move no data version: a new event must show without any other write
    await serve("/journal", cookies[accounts.dinum]);
    await sql`INSERT INTO audit_event (entity_type, entity_id, action, actor_label) VALUES ('order', '0', 'note', 'Test du cache')`.execute(t.db);
    const journal = await serve("/journal", cookies[accounts.dinum]);
    expect(journal.statements).toBeGreaterThan(1);
    expect(journal.html).toContain("Test du cache");
  });
});
