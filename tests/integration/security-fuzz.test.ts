// Bad input never hurts (issue 7): property-based fuzzing (fast-check) of every action, over real HTTP
// against the built server (tests/helpers/server-process.ts, its own port and embedded PostgreSQL).
// The forms are not listed by hand: each role crawls the app from "/" and every <form method="post"> it
// is shown is fuzzed field by field (missing fields, wrong types, huge strings, unicode, negative or NaN
// numbers, dates out of range, other tenants' ids), as its own role, as the other roles, and on other
// tenants' ids; then every field in turn gets out-of-range ids and huge numbers, every text field invalid
// UTF-8 bytes (a raw body), and every action's URL an id of 2³¹ and beyond (issue 13). Every answer must be
// < 500; every 4xx must say something in French and write nothing.
import fc from "fast-check";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb, type Db } from "../../db/client";
import { startServer, type ServerProcess } from "../helpers/server-process";
import { testPort } from "../helpers/ports";
import { DEMO_PASSWORD, demoAccounts } from "../../seeds/accounts";

const PORT = Number(process.env.FUZZ_PORT ?? testPort(3152));
const PG_PORT = Number(process.env.FUZZ_PG_PORT ?? testPort(55452));
const PASSWORD = DEMO_PASSWORD;
const ROLES = demoAccounts;
type Role = keyof typeof ROLES;
const RUNS = Number(process.env.FUZZ_RUNS ?? 8);

let server: ServerProcess;
let db: Db;
const cookies = {} as Record<Role, string>;

beforeAll(async () => {
  server = await startServer({ port: PORT, pgPort: PG_PORT });
  db = createDb(`postgres://postgres:pilotage@127.0.0.1:${PG_PORT}/pilotage`, { max: 2 });
  for (const role of Object.keys(ROLES) as Role[]) await signIn(role);
}, 240_000);

afterAll(async () => {
  await db?.destroy();
  await server?.stop();
});

// ---------------------------------------------------------------------------------------------------
// HTTP

interface Answer {
  status: number;
  text: string;
  location: string | null;
  type: string;
}

async function send(
  path: string,
  init: { method?: string; body?: BodyInit; cookie?: string; type?: string; headers?: Record<string, string> } = {},
): Promise<Answer> {
  const headers: Record<string, string> = { Origin: server.url, ...(init.headers ?? {}) };
  if (init.cookie) headers.Cookie = init.cookie;
  if (init.type) headers["Content-Type"] = init.type;
  const r = await fetch(`${server.url}${path}`, { method: init.method ?? "GET", body: init.body, headers, redirect: "manual" });
  return { status: r.status, text: await r.text(), location: r.headers.get("location"), type: r.headers.get("content-type") ?? "" };
}

async function signIn(role: Role) {
  await db.updateTable("app_user").set({ active: true, deactivated_at: null }).where("email", "=", ROLES[role]).execute();
  await db.deleteFrom("sign_in_attempt").execute();
  const r = await fetch(`${server.url}/connexion`, {
    method: "POST",
    headers: { Origin: server.url, "Content-Type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ email: ROLES[role], password: PASSWORD, redirectTo: "/" }),
    redirect: "manual",
  });
  expect(r.status, `connexion ${role}`).toBe(302);
  cookies[role] = r.headers
    .getSetCookie()
    .map((c) => c.split(";")[0])
    .join("; ");
}

/** Fuzzing may legitimately deactivate or re-scope a demo account: put it back and sign in again. */
async function ensureSignedIn(role: Role) {
  const r = await send("/", { cookie: cookies[role] });
  if (r.status === 302 && r.location?.startsWith("/connexion")) {
    await db.updateTable("app_user").set({ active: true, deactivated_at: null }).where("email", "in", Object.values(ROLES)).execute();
    await signIn(role);
  }
}

// ---------------------------------------------------------------------------------------------------
// What "nothing written" means: no row of any table (but the sign-in log and session bookkeeping) inserted,
// updated or deleted since a mark. Row counts catch deletions; a row version (xmin) that the mark's snapshot
// does not see catches insertions and updates (an update writes a new version), even one that rewrites the
// same values. No sort and no text conversion: cheap on the national-scale data of PILOTAGE_TEST_SCALE too,
// where an md5 of every table's sorted rows took a second per check. (Test clusters are fresh: xids are
// still in epoch 0, so a 32-bit xmin is its xid8.)

interface WriteMark {
  snapshot: string;
  counts: Record<string, string>;
}
let watched: string[] | undefined;
async function watchedTables(): Promise<string[]> {
  watched ??= (
    await sql<{ t: string }>`SELECT table_name AS t FROM information_schema.tables
      WHERE table_schema = 'public' AND table_type = 'BASE TABLE'
        AND table_name NOT IN ('sign_in_attempt', 'user_session', 'kysely_migration', 'kysely_migration_lock') ORDER BY 1`.execute(db)
  ).rows.map((r) => r.t);
  return watched;
}

async function writeMark(): Promise<WriteMark> {
  const tables = await watchedTables();
  // one statement, one snapshot: the counts are those the snapshot sees
  const r = await sql<
    Record<string, string>
  >`SELECT pg_current_snapshot()::text AS snapshot, ${sql.join(tables.map((t) => sql`(SELECT count(*) FROM ${sql.table(t)}) AS ${sql.ref(t)}`))}`.execute(db);
  const { snapshot, ...counts } = r.rows[0];
  return { snapshot, counts };
}

/** The tables written since the mark, e.g. ["declaration: 1 ligne(s) de plus ou réécrite(s)"]; [] when nothing was. */
async function written(mark: WriteMark): Promise<string[]> {
  const tables = await watchedTables();
  const since = sql`${mark.snapshot}::pg_snapshot`;
  const r = await sql<{ t: string; n: string; newer: string }>`${sql.join(
    tables.map(
      (t) => sql`
    SELECT ${t}::text AS t, count(*) AS n,
      count(*) FILTER (WHERE age(x.xmin) <= age(pg_snapshot_xmin(${since})::text::xid) AND NOT pg_visible_in_snapshot(x.xmin::text::xid8, ${since})) AS newer
    FROM ${sql.table(t)} x`,
    ),
    sql` UNION ALL `,
  )}`.execute(db);
  return r.rows
    .filter((row) => row.n !== mark.counts[row.t] || row.newer !== "0")
    .map((row) => `${row.t}: ${mark.counts[row.t]} → ${row.n} ligne(s), ${row.newer} version(s) de ligne écrite(s)`);
}

const FRENCH = /[àâçéèêëîïôûùœ]|\b(le|la|les|des|du|une?|est|pas|vous|votre|doit|ce|cette|saisissez|indiquez|choisissez)\b/i;
function visibleText(answer: Answer): string {
  return answer.text
    .replace(/<script[\s\S]*?<\/script>/g, " ")
    .replace(/<style[\s\S]*?<\/style>/g, " ")
    .replace(/<[^>]+>/g, " ");
}

function expectSafe(answer: Answer, label: string) {
  if (answer.status >= 500) {
    const log = server
      .output()
      .split("\n")
      .filter((l) => !/^\[postgres\]/.test(l))
      .slice(-25)
      .join("\n");
    expect.fail(`${label} → ${answer.status}\n${visibleText(answer).replace(/\s+/g, " ").slice(-300)}\n--- journal du serveur ---\n${log}`);
  }
  expect(answer.text, label).not.toMatch(/Unexpected Server Error|\n\s+at .+\(.+:\d+:\d+\)/);
  if (answer.status >= 400) expect(visibleText(answer), `${label}: message en français`).toMatch(FRENCH);
}

// ---------------------------------------------------------------------------------------------------
// Discovering the forms each role is shown

interface FoundForm {
  method?: "get" | "post";
  role: Role;
  page: string;
  action: string;
  multipart: boolean;
  fields: { name: string; value: string; kind: string }[];
  /** the submit buttons' name=value (intents) */
  submits: { name: string; value: string }[];
}

const attr = (tag: string, name: string) => {
  const m = new RegExp(`\\s${name}="([^"]*)"`).exec(tag);
  return m
    ? m[1]
        .replace(/&amp;/g, "&")
        .replace(/&quot;/g, '"')
        .replace(/&#x27;/g, "'")
        .replace(/&lt;/g, "<")
        .replace(/&gt;/g, ">")
    : null;
};

function parseForms(role: Role, page: string, html: string): FoundForm[] {
  const forms: FoundForm[] = [];
  for (const m of html.matchAll(/<form\b([^>]*)>([\s\S]*?)<\/form>/g)) {
    const [open, inner] = [m[1], m[2]];
    const method = (attr(open, "method") ?? "get").toLowerCase() === "post" ? "post" : "get";
    const actionAttr = attr(open, "action");
    const action = new URL(actionAttr ?? page, `${server.url}${page}`);
    if (action.origin !== server.url) continue;
    const fields: FoundForm["fields"] = [];
    const submits: FoundForm["submits"] = [];
    for (const t of inner.matchAll(/<(input|select|textarea|button)\b([^>]*)>/g)) {
      const [kind, tag] = [t[1], t[2]];
      const name = attr(tag, "name");
      if (!name) continue;
      if (kind === "button" || (kind === "input" && attr(tag, "type") === "submit")) {
        submits.push({ name, value: attr(tag, "value") ?? "" });
        continue;
      }
      let value = attr(tag, "value") ?? "";
      if (kind === "select") {
        const rest = inner.slice(inner.indexOf(t[0]));
        const opt = /<option\b([^>]*)>/.exec(rest.slice(0, rest.indexOf("</select>")));
        value = opt ? (attr(opt[1], "value") ?? "") : "";
      }
      if (kind === "textarea") value = "";
      fields.push({ name, value, kind: kind === "input" ? (attr(tag, "type") ?? "text") : kind });
    }
    forms.push({
      method,
      role,
      page,
      action: action.pathname + (method === "post" ? action.search : ""),
      multipart: /multipart\/form-data/.test(open),
      fields,
      submits,
    });
  }
  return forms;
}

async function crawl(role: Role, limit = 70): Promise<FoundForm[]> {
  const seen = new Set<string>();
  const queue = ["/"];
  const forms: FoundForm[] = [];
  const perPattern = new Map<string, number>();
  while (queue.length && seen.size < limit) {
    const page = queue.shift()!;
    if (seen.has(page)) continue;
    seen.add(page);
    const r = await send(page, { cookie: cookies[role] });
    expectSafe(r, `GET ${page} (${role})`);
    if (r.status !== 200 || !r.type.includes("text/html")) continue;
    forms.push(...parseForms(role, page, r.text));
    for (const l of r.text.matchAll(/<a\b[^>]*\shref="([^"#]+)"/g)) {
      const u = new URL(l[1].replace(/&amp;/g, "&"), `${server.url}${page}`);
      if (u.origin !== server.url || /\.(pdf|xlsx|csv)$|\/(deconnexion|connexion)/.test(u.pathname)) continue;
      // a few pages of each kind are enough (e.g. 3 orders, not 300)
      const pattern = u.pathname.replace(/\/\d+/g, "/:id");
      const n = perPattern.get(pattern) ?? 0;
      if (n >= 3 || seen.has(u.pathname + u.search)) continue;
      perPattern.set(pattern, n + 1);
      queue.push(u.pathname + (u.search.length < 60 ? u.search : ""));
    }
  }
  return forms;
}

// ---------------------------------------------------------------------------------------------------
// Bad values

let foreignIds: string[] = [];
/** the invoices each correspondent processes like DINUM (its beneficiary's orders' invoices, R15) */
const invoicesOf: Partial<Record<Role, Set<string>>> = {};
/** each contractor's own invoices: it sends the missing items of a suspended one ("resume", R15), whoever was shown the form */
const ownInvoicesOf: Partial<Record<Role, Set<string>>> = {};
const crawled: FoundForm[] = [];
/** one form per (role, action pattern, field names, intents), as the main fuzz run found them */
const fuzzedForms: FoundForm[] = [];
let crossChecks = 0;
const badValue = () =>
  fc.oneof(
    fc.constant(""),
    fc.string({ maxLength: 40 }),
    fc.string({ unit: "grapheme", maxLength: 30 }),
    fc.string({ unit: "binary", maxLength: 20 }),
    fc.constant("x".repeat(20_000)),
    fc.constantFrom(
      "-1",
      "0",
      "-0",
      "NaN",
      "Infinity",
      "-Infinity",
      "1e309",
      "1e-400",
      "0x1F",
      "12abc",
      "1,5",
      "1.0000000001",
      "0.0125",
      "99999999999999999999",
      "2147483648",
      "9999999999",
      "-2147483649",
      "null",
      "undefined",
      "true",
      "[]",
      "{}",
      "' OR '1'='1",
      "<script>alert(1)</script>",
      "\u0000",
      "a\u0000b",
      "\u202e\u2066",
      "🙂".repeat(50),
      "2026-02-30",
      "0000-00-00",
      "9999-12-31",
      "1899-12-31",
      "275760-09-13",
      "31/12/2026",
      "2026-13",
      "2026-1-1",
      " 2026-01-01 ",
      "../../etc/passwd",
      "%00",
      "\r\n=cmd|' /C calc'!A0",
    ),
    fc.integer().map(String),
    fc.double().map(String),
    fc.constantFrom(...(foreignIds.length ? foreignIds : ["999999"])),
  );

/** Out-of-range ids and huge numbers, put in every field in turn. */
const EXTREME_NUMBERS = ["2147483648", "9223372036854775808", "-1", "1e309", "1.5", "123456789012345678901234567890"];
const INVALID_UTF8 = Buffer.from([0xff, 0xfe, 0x41, 0xc3, 0x28, 0xed, 0xa0, 0x80, 0xf4, 0x90, 0x80, 0x80]); // not one valid UTF-8 sequence but "A"

/** The form as a raw body (urlencoded or multipart) whose text fields hold invalid UTF-8 bytes. */
function rawBody(form: FoundForm, submit: { name: string; value: string }): { body: BodyInit; type: string } {
  const fields: [string, Buffer][] = form.fields.map((f) => [f.name, f.kind === "hidden" || f.kind === "select" ? Buffer.from(f.value) : INVALID_UTF8]);
  if (submit.name) fields.push([submit.name, Buffer.from(submit.value)]);
  if (!form.multipart) {
    const parts = fields.map(([k, v]) =>
      Buffer.concat([Buffer.from(`${encodeURIComponent(k)}=`), v.equals(INVALID_UTF8) ? v : Buffer.from(encodeURIComponent(v.toString()))]),
    );
    return {
      body: new Uint8Array(Buffer.concat(parts.flatMap((p, i) => (i ? [Buffer.from("&"), p] : [p])))) as BodyInit,
      type: "application/x-www-form-urlencoded",
    };
  }
  const boundary = "----fuzz-utf8";
  const parts = fields.map(([k, v]) =>
    Buffer.concat([Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n`), v, Buffer.from("\r\n")]),
  );
  return { body: new Uint8Array(Buffer.concat([...parts, Buffer.from(`--${boundary}--\r\n`)])) as BodyInit, type: `multipart/form-data; boundary=${boundary}` };
}

async function fuzzForm(form: FoundForm, as: Role, runs: number) {
  const submits = form.submits.length ? form.submits : [{ name: "", value: "" }];
  await fc.assert(
    fc.asyncProperty(
      fc.constantFrom(...submits),
      fc.array(fc.tuple(fc.nat(Math.max(form.fields.length - 1, 0)), fc.oneof(fc.constant<null>(null), badValue())), { minLength: 1, maxLength: 4 }),
      fc.boolean(),
      async (submit, mutations, badIntent) => {
        const values = new Map(form.fields.map((f) => [f.name, f.value as string | null]));
        for (const [i, v] of mutations) if (form.fields[i]) values.set(form.fields[i].name, v);
        if (!form.fields.length || badIntent) values.set(submit.name || "intent", badIntent ? "n'importe-quoi" : submit.value);
        else if (submit.name) values.set(submit.name, submit.value);
        const body = form.multipart ? new FormData() : new URLSearchParams();
        for (const [k, v] of values) if (v !== null) body.append(k, v);
        const before = await writeMark();
        const r = await send(form.action, { method: "POST", body, cookie: cookies[as] });
        const label = `POST ${form.action} as ${as} (form of ${form.role} on ${form.page}) ${JSON.stringify([...values].map(([k, v]) => [k, v?.slice(0, 60)]))}`;
        expectSafe(r, label);
        if (r.status >= 400) expect(await written(before), `${label}: a 4xx wrote something`).toEqual([]);
        if (r.status < 400) await ensureSignedIn(as);
      },
    ),
    { numRuns: runs, endOnFailure: true },
  );
}

const roleType = (r: Role) => (r === "dinum" ? "dinum" : r.startsWith("correspondent") ? "correspondent" : "contractor");

/** May `as` legitimately write through the form another identity was shown? (grants.ts + tenancy) */
function mayWrite(as: Role, form: FoundForm): boolean {
  const invoice = /^\/factures\/(\d+)/.exec(form.action);
  if (invoice && form.role === "dinum" && invoicesOf[as]?.has(invoice[1])) return true; // its beneficiary's invoice: processed like DINUM does
  // the missing items of a suspended invoice ("resume", R15): its contractor, its beneficiary's correspondents and DINUM record them
  const resume = invoice && form.fields.some((f) => f.name === "intent" && f.value === "resume");
  if (resume && (as === "dinum" || ownInvoicesOf[as]?.has(invoice[1]) || invoicesOf[as]?.has(invoice[1]))) return true;
  if (/^\/compte(\?|#|$)/.test(form.action)) return true; // one's own account page: its e-mail choices are the signed-in user's
  // the year-end page's envelope form names no beneficiary: it sets the signed-in correspondent's own (envelope:write)
  if (/^\/annee-budgetaire(\?|#|$)/.test(form.action) && roleType(as) === "correspondent" && roleType(form.role) === "correspondent") return true;
  if (as === "dinum" && invoice && roleType(form.role) === "correspondent") return true; // invoice:any-beneficiary: DINUM processes every invoice
  if (as === "dinum") return /^\/(produits|referentiel|utilisateurs)/.test(form.action); // product:write, reference:write, user:admin
  if (roleType(as) !== roleType(form.role)) return false;
  // same role, other tenant: only a form that names no resource of the first tenant
  return /^\/produits\/nouveau/.test(form.action);
}

// ---------------------------------------------------------------------------------------------------

describe("fuzzing every action the roles are shown", () => {
  it("the write detector sees a write, even one that rewrites the same values, and nothing else", async () => {
    const mark = await writeMark();
    expect(await written(mark)).toEqual([]);
    await sql`UPDATE contract SET title = title WHERE id = (SELECT min(id) FROM contract)`.execute(db);
    expect(await written(mark)).toContainEqual(expect.stringMatching(/^contract: (\d+) → \1 ligne\(s\), 1 version/));
    const after = await writeMark();
    await sql`DELETE FROM product_risk WHERE id = (SELECT max(id) FROM product_risk)`.execute(db);
    expect(await written(after)).toContainEqual(expect.stringMatching(/^product_risk: (\d+) → (?!\1 )\d+ ligne/));
  });

  it("every form, every role: bad input gets a French 4xx, writes nothing, never a 500", { timeout: 1_500_000 }, async () => {
    // ids that belong to another tenant for correspondent A and contractor A
    const ordersOfB = await db
      .selectFrom("purchase_order")
      .select("id")
      .where("beneficiary_id", "=", (eb) => eb.selectFrom("app_user").select("beneficiary_id").where("email", "=", ROLES.correspondentB))
      .execute();
    const declarationsOfB = await db
      .selectFrom("declaration as d")
      .innerJoin("purchase_order as po", "po.id", "d.order_id")
      .select("d.id")
      .where("po.beneficiary_id", "=", (eb) => eb.selectFrom("app_user").select("beneficiary_id").where("email", "=", ROLES.correspondentB))
      .execute();
    foreignIds = [...ordersOfB, ...declarationsOfB].map((r) => String(r.id)).slice(0, 20);
    for (const role of ["correspondentA", "correspondentB"] as const) {
      const ids = await db
        .selectFrom("invoice as i")
        .innerJoin("purchase_order as po", "po.id", "i.order_id")
        .select("i.id")
        .where("po.beneficiary_id", "=", (eb) => eb.selectFrom("app_user").select("beneficiary_id").where("email", "=", ROLES[role]))
        .execute();
      invoicesOf[role] = new Set(ids.map((r) => String(r.id)));
    }
    for (const role of ["contractorA", "contractorB"] as const) {
      const ids = await db
        .selectFrom("invoice as i")
        .select("i.id")
        .where("i.contractor_id", "=", (eb) => eb.selectFrom("app_user").select("contractor_id").where("email", "=", ROLES[role]))
        .execute();
      ownInvoicesOf[role] = new Set(ids.map((r) => String(r.id)));
    }

    const all: FoundForm[] = [];
    for (const role of Object.keys(ROLES) as Role[]) all.push(...(await crawl(role)));
    crawled.push(...all);
    // one form per (action pattern, field names, intents): the same form on three orders is one form
    const unique = new Map<string, FoundForm>();
    for (const f of all) {
      if (f.action.startsWith("/deconnexion") || f.method === "get") continue;
      const key = `${f.role}|${f.action.replace(/\/\d+/g, "/:id")}|${f.fields.map((x) => x.name).sort()}|${f.submits.map((s) => s.value).sort()}`;
      if (!unique.has(key)) unique.set(key, f);
    }
    const forms = [...unique.values()];
    fuzzedForms.push(...forms);
    const actions = new Set(forms.map((f) => f.action.replace(/\/\d+/g, "/:id").replace(/\?.*$/, "")));
    console.log(`${forms.length} formulaires fuzzés, ${actions.size} actions : ${[...actions].sort().join(", ")}`);
    expect(forms.length).toBeGreaterThan(5);

    // users' forms last: they may deactivate the accounts the other fuzz runs use
    forms.sort((a, b) => Number(a.action.startsWith("/utilisateurs")) - Number(b.action.startsWith("/utilisateurs")));
    for (const form of forms) {
      await ensureSignedIn(form.role);
      await fuzzForm(form, form.role, RUNS);
      // the same submissions by every other role (and anonymous): refused, nothing written
      for (const other of Object.keys(ROLES) as Role[]) {
        if (other === form.role) continue;
        await ensureSignedIn(other);
        await fuzzForm(form, other, 2);
      }
      // the form exactly as shown (valid values, each button) sent by another identity: never a write
      // it is not entitled to (another tenant's resource, another role's action)
      for (const other of Object.keys(ROLES) as Role[]) {
        if (other === form.role || mayWrite(other, form)) continue;
        await ensureSignedIn(other);
        for (const submit of form.submits.length ? form.submits : [{ name: "", value: "" }]) {
          const body = form.multipart ? new FormData() : new URLSearchParams();
          for (const f of form.fields) body.append(f.name, f.value);
          if (submit.name) body.append(submit.name, submit.value);
          const before = await writeMark();
          const r = await send(form.action, { method: "POST", body, cookie: cookies[other] });
          const label = `POST ${form.action} [${submit.value}] as ${other} (form of ${form.role})`;
          expectSafe(r, label);
          expect(await written(before), `${label} → ${r.status}: wrote something`).toEqual([]);
          crossChecks++;
        }
      }
      const before = await writeMark();
      const anonymous = await send(form.action, { method: "POST", body: new URLSearchParams(form.fields.map((f) => [f.name, f.value])) });
      expectSafe(anonymous, `POST ${form.action} anonyme`);
      expect(anonymous.status === 302 ? anonymous.location : String(anonymous.status)).toMatch(/^\/connexion|^40[134]$/);
      expect(await written(before)).toEqual([]);
    }
    console.log(`${crossChecks} formulaires envoyés tels quels par une autre identité : aucune écriture`);
    expect(crossChecks).toBeGreaterThan(50);
  });

  it(
    "every field of every form, every role: out-of-range ids, huge numbers and invalid UTF-8 get a French 4xx, write nothing, never a 500",
    { timeout: 1_500_000 },
    async () => {
      if (!fuzzedForms.length) {
        // run alone (-t): crawl again
        for (const role of Object.keys(ROLES) as Role[]) crawled.push(...(await crawl(role)));
        const unique = new Map<string, FoundForm>();
        for (const f of crawled) {
          if (f.action.startsWith("/deconnexion") || f.method === "get") continue;
          unique.set(`${f.role}|${f.action.replace(/\/\d+/g, "/:id")}|${f.fields.map((x) => x.name).sort()}|${f.submits.map((s) => s.value).sort()}`, f);
        }
        fuzzedForms.push(...unique.values());
      }
      // users' forms last: they may deactivate the accounts the other runs use
      const forms = [...fuzzedForms].sort((a, b) => Number(a.action.startsWith("/utilisateurs")) - Number(b.action.startsWith("/utilisateurs")));
      let requests = 0;
      const statuses = new Map<number, number>();
      const check = async (form: FoundForm, body: BodyInit, type: string | undefined, label: string) => {
        const before = await writeMark();
        const r = await send(form.action, { method: "POST", body, type, cookie: cookies[form.role] });
        requests++;
        statuses.set(r.status, (statuses.get(r.status) ?? 0) + 1);
        expectSafe(r, label);
        if (r.status >= 400) expect(await written(before), `${label} → ${r.status}: a 4xx wrote something`).toEqual([]);
        else await ensureSignedIn(form.role);
      };
      for (const form of forms) {
        await ensureSignedIn(form.role);
        const submit = form.submits[0] ?? { name: "", value: "" };
        const build = (replace: (name: string, value: string) => string) => {
          const body = form.multipart ? new FormData() : new URLSearchParams();
          for (const f of form.fields) body.append(f.name, replace(f.name, f.value));
          if (submit.name) body.append(submit.name, submit.value);
          return body;
        };
        // each field in turn: 2³¹, 2⁶³, -1, 1e309, "1.5", a 30-digit number (ids, quantities, days, prices, dates…)
        for (const field of form.fields) {
          if (field.name === "intent" || field.name === "confirmed") continue;
          for (const v of EXTREME_NUMBERS) {
            await check(
              form,
              build((name, value) => (name === field.name ? v : value)),
              undefined,
              `POST ${form.action} as ${form.role} ${field.name}=${v}`,
            );
          }
        }
        // every text field holding invalid UTF-8, sent as raw bytes (no browser or JS string could send them)
        const raw = rawBody(form, submit);
        await check(form, raw.body, raw.type, `POST ${form.action} as ${form.role}, UTF-8 invalide (octets bruts)`);
        // and as percent-escapes of the same bytes
        if (!form.multipart) {
          const escaped = [
            ...form.fields.map((f) => [f.name, f.kind === "hidden" || f.kind === "select" ? f.value : "%FF%FE%C3%28%ED%A0%80"] as const),
            ...(submit.name ? [[submit.name, submit.value] as const] : []),
          ]
            .map(([k, v]) => `${encodeURIComponent(k)}=${v.startsWith("%FF") ? v : encodeURIComponent(v)}`)
            .join("&");
          await check(form, escaped, "application/x-www-form-urlencoded", `POST ${form.action} as ${form.role}, UTF-8 invalide (%FF%FE…)`);
        }
      }
      // ids of 2³¹ and more in the URL of every action
      const patterns = new Map<string, FoundForm>();
      for (const f of forms) if (/\/\d+/.test(f.action)) patterns.set(f.action.replace(/\/\d+/g, "/:id").replace(/\?.*$/, ""), f);
      for (const form of patterns.values()) {
        for (const v of EXTREME_NUMBERS) {
          const path = form.action.replace(/\/\d+/, `/${encodeURIComponent(v)}`);
          const before = await writeMark();
          const body = new URLSearchParams(form.fields.map((f) => [f.name, f.value]));
          if (form.submits[0]?.name) body.append(form.submits[0].name, form.submits[0].value);
          const r = await send(path, { method: "POST", body, cookie: cookies[form.role] });
          requests++;
          expectSafe(r, `POST ${path} as ${form.role}`);
          expect(r.status, `POST ${path} as ${form.role}`).toBeGreaterThanOrEqual(400);
          expect(await written(before)).toEqual([]);
          expectSafe(await send(path, { cookie: cookies[form.role] }), `GET ${path} as ${form.role}`);
        }
      }
      console.log(
        `${requests} envois de nombres extrêmes et d'UTF-8 invalide sur ${forms.length} formulaires : ${[...statuses]
          .sort()
          .map(([k, n]) => `${n} × ${k}`)
          .join(", ")}`,
      );
      expect(requests).toBeGreaterThan(forms.length * 3);
    },
  );

  it('a 500 keeps the signed-in user\'s header (no "Se connecter" to someone signed in)', { timeout: 120_000 }, async () => {
    // a real failure the app cannot turn into a refusal: the database raises an internal error on this write
    await sql`CREATE FUNCTION fuzz_internal_error() RETURNS trigger AS $$ BEGIN RAISE EXCEPTION 'panne simulée' USING ERRCODE = 'XX000'; END $$ LANGUAGE plpgsql`.execute(
      db,
    );
    await sql`CREATE TRIGGER fuzz_internal_error BEFORE INSERT ON product_risk FOR EACH ROW EXECUTE FUNCTION fuzz_internal_error()`.execute(db);
    try {
      await ensureSignedIn("correspondentA");
      const product = await db
        .selectFrom("product")
        .select("id")
        .where("beneficiary_id", "=", (eb) => eb.selectFrom("app_user").select("beneficiary_id").where("email", "=", ROLES.correspondentA))
        .orderBy("id")
        .executeTakeFirstOrThrow();
      const r = await send(`/produits/${product.id}`, {
        method: "POST",
        cookie: cookies.correspondentA,
        type: "application/x-www-form-urlencoded",
        body: new URLSearchParams({
          intent: "add-risk",
          title: "Risque de test",
          level: "moyen",
          status: "ouvert",
          identifiedOn: "2026-11-02",
          description: "",
        }),
      });
      expect(r.status).toBe(500);
      const name = (await db.selectFrom("app_user").select("name").where("email", "=", ROLES.correspondentA).executeTakeFirstOrThrow()).name;
      const header = visibleText({ ...r, text: r.text.slice(0, r.text.indexOf('id="contenu"')) });
      expect(header).toContain(name);
      expect(header).toContain("Se déconnecter");
      expect(header).not.toContain("Se connecter");
      expect(visibleText(r)).toContain("Erreur inattendue");
    } finally {
      await sql`DROP TRIGGER fuzz_internal_error ON product_risk`.execute(db);
      await sql`DROP FUNCTION fuzz_internal_error()`.execute(db);
    }
  });

  it("filters and query strings (GET forms, pagination, sort): junk never gives a 500", { timeout: 600_000 }, async () => {
    if (!crawled.length) for (const role of Object.keys(ROLES) as Role[]) crawled.push(...(await crawl(role))); // run alone (-t)
    const getForms = new Map<string, FoundForm>();
    for (const f of crawled) if (f.method === "get") getForms.set(`${f.role}|${f.action.replace(/\/\d+/g, "/:id")}|${f.fields.map((x) => x.name).sort()}`, f);
    const pages = new Map<string, Role>();
    for (const f of crawled) pages.set(f.page.replace(/\?.*$/, ""), f.role);
    const common = [
      "page",
      "tri",
      "ordre",
      "mois",
      "annee",
      "statut",
      "q",
      "contrat",
      "beneficiaire",
      "titulaire",
      "table",
      "commande",
      "produit",
      "format",
      "du",
      "au",
    ];
    let requests = 0;
    for (const [page, role] of [...pages, ...[...getForms.values()].map((f) => [f.action, f.role] as [string, Role])]) {
      const form = [...getForms.values()].find((f) => f.action === page);
      const names = [...new Set([...(form?.fields.map((f) => f.name) ?? []), ...common])];
      await fc.assert(
        fc.asyncProperty(fc.array(fc.tuple(fc.constantFrom(...names), badValue()), { minLength: 1, maxLength: 5 }), async (pairs) => {
          const q = new URLSearchParams(pairs.map(([k, v]) => [k, v.slice(0, 2000)]));
          const r = await send(`${page}?${q}`, { cookie: cookies[role] });
          requests++;
          expectSafe(r, `GET ${page}?${q.toString().slice(0, 200)} (${role})`);
        }),
        { numRuns: Math.max(3, Math.round(RUNS / 2)), endOnFailure: true },
      );
    }
    expect(requests).toBeGreaterThan(20);
  });

  it("other tenants' ids in the URL of every action: 403/404, nothing written", { timeout: 600_000 }, async () => {
    const checks: { role: Role; path: string }[] = [];
    const order = async (where: Role) =>
      (
        await db
          .selectFrom("purchase_order as po")
          .select("po.id")
          .where("po.beneficiary_id", "=", (eb) => eb.selectFrom("app_user").select("beneficiary_id").where("email", "=", ROLES[where]))
          .orderBy("po.id")
          .execute()
      ).map((r) => r.id);
    const decl = async (where: Role) =>
      (
        await db
          .selectFrom("declaration as d")
          .innerJoin("purchase_order as po", "po.id", "d.order_id")
          .select("d.id")
          .where("po.beneficiary_id", "=", (eb) => eb.selectFrom("app_user").select("beneficiary_id").where("email", "=", ROLES[where]))
          .orderBy("d.id")
          .execute()
      ).map((r) => r.id);
    const product = async (where: Role) =>
      (
        await db
          .selectFrom("product")
          .select("id")
          .where("beneficiary_id", "=", (eb) => eb.selectFrom("app_user").select("beneficiary_id").where("email", "=", ROLES[where]))
          .orderBy("id")
          .execute()
      ).map((r) => r.id);
    for (const id of (await order("correspondentB")).slice(0, 4)) {
      checks.push({ role: "correspondentA", path: `/commandes/${id}` }, { role: "correspondentA", path: `/commandes/${id}/modifier` });
    }
    for (const id of (await decl("correspondentB")).slice(0, 4)) {
      checks.push({ role: "correspondentA", path: `/declarations/${id}` }, { role: "correspondentA", path: `/declarations/${id}/modifier` });
    }
    for (const id of (await product("correspondentB")).slice(0, 3)) checks.push({ role: "correspondentA", path: `/produits/${id}` });
    const ordersOfContractorB = await db
      .selectFrom("purchase_order as po")
      .innerJoin("app_user as u", "u.contractor_id", "po.contractor_id")
      .select("po.id")
      .where("u.email", "=", ROLES.contractorB)
      .orderBy("po.id")
      .limit(4)
      .execute();
    for (const { id } of ordersOfContractorB) {
      checks.push({ role: "contractorA", path: `/commandes/${id}` });
      checks.push({ role: "contractorA", path: `/declarations/nouvelle?commande=${id}` });
    }
    const intents = ["issue", "cancel", "close", "delete", "amend", "submit", "validate", "reject", "correct", "save", "commitment", "deactivate", ""];
    for (const { role, path } of checks) {
      for (const intent of intents) {
        const before = await writeMark();
        const r = await send(path, {
          method: "POST",
          cookie: cookies[role],
          type: "application/x-www-form-urlencoded",
          body: new URLSearchParams({ intent, reason: "Motif de test suffisamment long", days: "1", month: "2026-10" }),
        });
        expectSafe(r, `POST ${path} intent=${intent} as ${role}`);
        expect(r.status, `POST ${path} intent=${intent} as ${role}`).toBeGreaterThanOrEqual(400);
        expect(await written(before), `POST ${path} intent=${intent} as ${role} wrote something`).toEqual([]);
      }
    }
    expect(checks.length).toBeGreaterThan(5);
  });

  it("sign-in: any junk gets a French 4xx, never a 500, and opens no session", { timeout: 300_000 }, async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          email: fc.option(badValue(), { nil: undefined }),
          password: fc.option(badValue(), { nil: undefined }),
          redirectTo: fc.option(badValue(), { nil: undefined }),
        }),
        async (fields) => {
          const body = new URLSearchParams();
          for (const [k, v] of Object.entries(fields)) if (v !== undefined) body.append(k, v);
          const r = await send("/connexion", { method: "POST", body, type: "application/x-www-form-urlencoded" });
          expectSafe(r, `POST /connexion ${JSON.stringify(fields).slice(0, 300)}`);
          expect([400, 401, 429]).toContain(r.status);
        },
      ),
      { numRuns: 60 },
    );
  });

  it("bodies no form could send: JSON, plain text, broken multipart, oversized or chunked floods", { timeout: 120_000 }, async () => {
    const cookie = cookies.correspondentA;
    const json = await send("/commandes/nouveau", { method: "POST", cookie, type: "application/json", body: JSON.stringify({ intent: "save" }) });
    expect(json.status).toBe(415);
    expect(json.text).toContain("Type de contenu non accepté");
    const text = await send("/connexion", { method: "POST", type: "text/plain", body: "email=x" });
    expect(text.status).toBe(415);
    const broken = await send("/commandes/nouveau", {
      method: "POST",
      cookie,
      type: "multipart/form-data; boundary=abc",
      body: '--abc\r\nContent-Disposition: form-data; name="x"\r\n\r\nsans fin',
    });
    expect(broken.status).toBe(400);
    expect(broken.text).toContain("Le formulaire envoyé est illisible");
    const noType = await send("/deconnexion", { method: "POST" }); // no body, no Content-Type: an empty form
    expect(noType.status).toBe(302);
    // 2 Mo of urlencoded form, sent chunked (no Content-Length): counted as it comes, refused
    const chunks = (async function* () {
      for (let i = 0; i < 40; i++) yield new TextEncoder().encode(`a${i}=${"x".repeat(50_000)}&`);
    })();
    const r = await fetch(`${server.url}/connexion`, {
      method: "POST",
      body: (ReadableStream as unknown as { from(x: unknown): BodyInit }).from(chunks),
      duplex: "half",
      headers: { Origin: server.url, "Content-Type": "application/x-www-form-urlencoded" },
    } as RequestInit).catch((e) => e as Error);
    if (!(r instanceof Error)) {
      expect(r.status).toBe(413);
      expect(await r.text()).toContain("Requête trop volumineuse");
    }
    for (const method of ["PUT", "PATCH", "DELETE"]) {
      const m = await send("/commandes/nouveau", { method, cookie, type: "application/x-www-form-urlencoded", body: "intent=save" });
      expectSafe(m, `${method} /commandes/nouveau`);
    }
    const stillUp = await send("/connexion");
    expect(stillUp.status).toBe(200);
  });
});
