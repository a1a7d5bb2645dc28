// Section 5 (`--only mixed`, issue 15): every main page of every role while the data changes. On a
// throw-away copy of each factor's database (CREATE DATABASE bench_mixed TEMPLATE bench, dropped at the
// end), the built server (one HTTP process) is measured under 16 connections, page by page, beside the
// trivial route of the same run:
//   - with no writes;
//   - with 2 writes per second through the app's use cases (alternately a month submitted by its
//     contractor — writeDraft + submitInTransaction, as "Soumettre" — and a submitted month validated by
//     its correspondent — validateDeclaration), on orders of every beneficiary and contractor;
//   - cold: a single request right after a write in the page's scope (an order of the measured
//     correspondent's beneficiary with the measured contractor), median of 3: what a page costs when
//     nothing is cached for it.
// Then factor 2 beside factor 1, and after each run the R9 caps and the R13 figures recomputed from the
// declaration lines (the section throws if they do not hold). Figures are printed, never asserted.
import os from "node:os";
import { sql } from "kysely";
import { createDb, type Db } from "../../db/client";
import type { SessionUser } from "../../app/auth/user";
import { submitInTransaction, validateDeclaration, writeDraft } from "../../app/domain/declarations/services.server";
import { scopeTotals } from "../../app/domain/orders/queries.server";
import { todayInParis, firstOfMonth, addMonths } from "../../app/lib/dates";
import { Refusal } from "../../app/lib/refusal";
import { dec } from "../../app/lib/decimal";
import {
  benchCopy,
  busiestIssuedOrder,
  latestValidatedDeclaration,
  load,
  signInCookie,
  startAppServer,
  table,
  type BenchOptions,
  type LoadResult,
} from "./lib";
import { checkCaps, contractorUsers, draftLine } from "./submit";
import { demoAccounts } from "../../seeds/accounts";

const COPY = "bench_mixed";
const WRITES_PER_SECOND = 2;
const COLD_SAMPLES = 3;
const CORRESPONDENT = demoAccounts.correspondentA;

interface PageResult {
  label: string;
  quiet: LoadResult;
  busy: LoadResult;
  coldMs: number;
}

interface FactorResult {
  factor: number;
  pages: PageResult[];
  writes: { done: number; refused: number; errors: number; seconds: number; firstError: string | null };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const pct = (x: number) => `${(x * 100).toFixed(0)} %`;

export async function runMixed(options: BenchOptions): Promise<void> {
  console.log(`\n## 5. Pages de chaque rôle pendant que les données changent (16 connexions, 1 processus HTTP, ${WRITES_PER_SECOND} écritures/s réelles)`);
  const results: FactorResult[] = [];
  for (const factor of options.factors) results.push(await runFactor(options, factor));
  if (results.length < 2) return;
  const [a, b] = results;
  console.log(`\nCroissance facteur ${b.factor} ÷ facteur ${a.factor} (p95 sans puis avec écritures, première requête après une écriture) :`);
  console.log(
    table(
      a.pages.map((p, i) => {
        const q = b.pages[i];
        return [
          p.label,
          p.quiet.p95.toFixed(1),
          q.quiet.p95.toFixed(1),
          `${(q.quiet.p95 / p.quiet.p95).toFixed(2)}×`,
          p.busy.p95.toFixed(1),
          q.busy.p95.toFixed(1),
          `${(q.busy.p95 / p.busy.p95).toFixed(2)}×`,
          p.coldMs.toFixed(0),
          q.coldMs.toFixed(0),
          `${(q.coldMs / p.coldMs).toFixed(2)}×`,
        ];
      }),
      [
        "page",
        `p95 f${a.factor}`,
        `p95 f${b.factor}`,
        "×",
        `p95 écr. f${a.factor}`,
        `p95 écr. f${b.factor}`,
        "×",
        `à froid f${a.factor} ms`,
        `à froid f${b.factor} ms`,
        "×",
      ],
    ),
  );
}

async function runFactor(options: BenchOptions, factor: number): Promise<FactorResult> {
  const base = await options.database(factor);
  const copy = await benchCopy(base.url, COPY);
  const url = copy.url;
  const db = createDb(url, { max: 4 });
  const app = await startAppServer(url, options.appPort, 1);
  try {
    const today = todayInParis();
    const ids = await fixtures(db);
    const writer = await writes(db, today, ids);
    const cookie = {
      dinum: await signInCookie(app.base, demoAccounts.dinum),
      corr: await signInCookie(app.base, CORRESPONDENT),
      ctr: await signInCookie(app.base, ids.contractor.email),
    };
    const pages: [string, string, string, Scope][] = [
      ["route triviale /healthz", "/healthz", "", "any"],
      ["DINUM : accueil /", "/", cookie.dinum, "any"],
      ["DINUM : liste des BC /commandes", "/commandes", cookie.dinum, "any"],
      ["DINUM : alertes /alertes", "/alertes", cookie.dinum, "any"],
      ["DINUM : journal /journal", "/journal", cookie.dinum, "any"],
      ["DINUM : référentiel bénéficiaires", "/referentiel/beneficiaires", cookie.dinum, "any"],
      ["DINUM : référentiel contrats", "/referentiel/contrats", cookie.dinum, "any"],
      ["DINUM : référentiel titulaires", "/referentiel/titulaires", cookie.dinum, "any"],
      ["correspondant : accueil /", "/", cookie.corr, "beneficiary"],
      ["correspondant : liste des BC", "/commandes", cookie.corr, "beneficiary"],
      ["correspondant : page d'un BC", `/commandes/${ids.order}`, cookie.corr, "beneficiary"],
      ["correspondant : déclarations", "/declarations", cookie.corr, "beneficiary"],
      ["correspondant : page d'une déclaration", `/declarations/${ids.declaration}`, cookie.corr, "beneficiary"],
      ["correspondant : alertes", "/alertes", cookie.corr, "beneficiary"],
      ["correspondant : journal", "/journal", cookie.corr, "beneficiary"],
      [`titulaire national : accueil / (${ids.contractor.orders} BC)`, "/", cookie.ctr, "contractor"],
      ["titulaire national : déclarations", "/declarations", cookie.ctr, "contractor"],
    ];
    // BENCH_MIXED_PAGES (a regular expression on the labels) measures some pages only, beside the trivial route
    const only = process.env.BENCH_MIXED_PAGES ? new RegExp(process.env.BENCH_MIXED_PAGES) : null;
    if (only) pages.splice(0, pages.length, ...pages.filter(([label], i) => i === 0 || only.test(label)));
    const get = async (path: string, c: string) => {
      const t0 = performance.now();
      const r = await fetch(`${app.base}${path}`, { headers: c ? { cookie: c } : {} });
      await r.arrayBuffer();
      if (!r.ok) throw new Error(`${path} : HTTP ${r.status}`);
      return performance.now() - t0;
    };
    for (const [, path, c] of pages) await get(path, c); // every page answers, and is warm

    // cold: the first request after a write in the page's scope
    const cold: number[] = [];
    for (const [, path, c, scope] of pages) {
      const samples: number[] = [];
      for (let i = 0; i < COLD_SAMPLES; i++) {
        await writer.inScope(scope);
        samples.push(await get(path, c));
      }
      cold.push(median(samples));
    }
    for (const [, path, c] of pages) await get(path, c); // warm again after the last write

    // autocannon stops at the end of its run, but the server still works through the requests it had
    // accepted (seconds of CPU for a page computed afresh): wait until it answers the trivial route at once
    // again, so that no page is measured behind the previous one's backlog
    const drain = async () => {
      for (let i = 0; i < 240; i++) if ((await get("/healthz", "")) < 50) return;
    };
    const measure = async (label: string, path: string, c: string) => {
      await drain();
      const r = await load(label, `${app.base}${path}`, c || null, { seconds: options.seconds });
      app.check(); // a server that died (out of memory, a crash) shows as resets: say why instead
      return r;
    };
    console.log(`\n### Facteur ${factor}`);
    // the machine may be shared: its load (1-minute average, as uptime prints it) beside the figures
    const load1 = () => os.loadavg()[0].toFixed(1);
    const loads = { cold: load1(), quiet: "", busy: "", end: "" };
    loads.quiet = load1();
    const quiet: LoadResult[] = [];
    for (const [label, path, c] of pages) quiet.push(await measure(label, path, c));
    loads.busy = load1();
    const loop = writer.start();
    const busy: LoadResult[] = [];
    for (const [label, path, c] of pages) busy.push(await measure(label, path, c));
    const w = await loop.stop();
    loads.end = load1();

    const trivialQuiet = quiet[0].rps;
    const trivialBusy = busy[0].rps;
    console.log(
      table(
        pages.map(([label], i) => [
          label,
          quiet[i].p50.toFixed(1),
          quiet[i].p95.toFixed(1),
          quiet[i].p99.toFixed(1),
          quiet[i].rps.toFixed(0),
          pct(quiet[i].rps / trivialQuiet),
          busy[i].p50.toFixed(1),
          busy[i].p95.toFixed(1),
          busy[i].p99.toFixed(1),
          busy[i].rps.toFixed(0),
          pct(busy[i].rps / trivialBusy),
          cold[i].toFixed(0),
          quiet[i].errors + quiet[i].non2xx + busy[i].errors + busy[i].non2xx,
        ]),
        ["page", "p50", "p95", "p99", "req/s", "÷ triviale", "p50 (écr.)", "p95 (écr.)", "p99 (écr.)", "req/s (écr.)", "÷ triviale", "à froid ms", "erreurs"],
      ),
    );
    console.log(
      `Écritures pendant la charge : ${w.done} en ${w.seconds.toFixed(0)} s (${(w.done / w.seconds).toFixed(2)}/s : soumissions et validations alternées), ` +
        `${w.refused} refusées, ${w.errors} erreurs${w.firstError ? ` (première : ${w.firstError})` : ""}. ` +
        `Mémoire maximale du processus HTTP : ${app.peakRssMb()?.toFixed(0) ?? "?"} Mo. ` +
        `Charge de la machine (moyenne sur 1 min, ${os.cpus().length} cœurs) : ${loads.cold} après les requêtes à froid, ${loads.quiet} avant les mesures sans écritures, ` +
        `${loads.busy} avant celles avec écritures, ${loads.end} à la fin.`,
    );
    await checkAfter(db);
    return { factor, pages: pages.map(([label], i) => ({ label, quiet: quiet[i], busy: busy[i], coldMs: cold[i] })), writes: w };
  } finally {
    await app.stop();
    await db.destroy();
    await copy.drop();
  }
}

/** The measured correspondent's beneficiary, the national contractor (the most orders), an order and a declaration to show. */
export async function fixtures(db: Db) {
  const corr = await db.selectFrom("app_user").select(["beneficiary_id"]).where("email", "=", CORRESPONDENT).executeTakeFirstOrThrow();
  const contractor = await db
    .selectFrom("app_user as u")
    .select(["u.email", "u.contractor_id", sql<string>`(SELECT count(*) FROM purchase_order po WHERE po.contractor_id = u.contractor_id)`.as("orders")])
    .where("u.role", "=", "contractor")
    .where("u.active", "=", true)
    .orderBy(sql`3`, "desc")
    .orderBy("u.id")
    .executeTakeFirstOrThrow();
  const order = await busiestIssuedOrder(db, corr.beneficiary_id!);
  const declaration = await latestValidatedDeclaration(db, corr.beneficiary_id!);
  return {
    beneficiaryId: corr.beneficiary_id!,
    contractor: { email: contractor.email, id: contractor.contractor_id!, orders: Number(contractor.orders) },
    order,
    declaration,
  };
}

/** Real writes through the use cases: submissions of the current month's previous month, validations of submitted months. */
export async function writes(db: Db, today: string, ids: Awaited<ReturnType<typeof fixtures>>) {
  const month = addMonths(firstOfMonth(today), -1);
  const contractors = await contractorUsers(db);
  const correspondents = new Map<number, SessionUser>();
  for (const u of await db
    .selectFrom("app_user as u")
    .innerJoin("beneficiary as b", "b.id", "u.beneficiary_id")
    .select(["u.id", "u.email", "u.name", "u.role", "u.beneficiary_id", "b.name as bn"])
    .where("u.role", "=", "correspondent")
    .where("u.active", "=", true)
    .orderBy("u.id")
    .execute()) {
    if (!correspondents.has(u.beneficiary_id!))
      correspondents.set(u.beneficiary_id!, {
        id: u.id,
        email: u.email,
        name: u.name,
        role: u.role,
        beneficiaryId: u.beneficiary_id,
        contractorId: null,
        organisation: u.bn,
      });
  }
  // open orders that have not declared `month`, with their first line that has a day left
  const toSubmit = await sql<{ order_id: number; line_id: number; beneficiary_id: number; contractor_id: number }>`
    SELECT DISTINCT ON (po.id) po.id AS order_id, ol.id AS line_id, po.beneficiary_id, po.contractor_id
    FROM purchase_order po JOIN order_line ol ON ol.order_id = po.id
    WHERE po.status = 'issued' AND po.period_start <= ${month}::date + interval '1 month' - interval '1 day' AND po.period_end >= ${month}::date
      AND ol.ordered_days - ol.consumed_days - greatest(ol.pending_days, 0) >= 1
      AND NOT EXISTS (SELECT 1 FROM declaration d WHERE d.order_id = po.id AND d.month = ${month}::date)
    ORDER BY po.id, ol.id`.execute(db);
  const toValidate = await sql<{ id: number; beneficiary_id: number; contractor_id: number }>`
    SELECT d.id, po.beneficiary_id, po.contractor_id FROM declaration d JOIN purchase_order po ON po.id = d.order_id
    WHERE d.status = 'submitted' AND po.status = 'issued' ORDER BY d.id`.execute(db);
  // spread over every scope (a fixed shuffle); the cold requests take theirs from the measured scopes
  type Row = { beneficiary_id: number; contractor_id: number };
  const ofScope: Record<Scope, (r: Row) => boolean> = {
    any: () => true,
    beneficiary: (r) => r.beneficiary_id === ids.beneficiaryId,
    contractor: (r) => r.contractor_id === ids.contractor.id,
  };
  const shuffle = <T extends { order_id?: number; id?: number }>(xs: T[]) => [...xs].sort((x, y) => hash(x.order_id ?? x.id!) - hash(y.order_id ?? y.id!));
  const taken = new Set<string>();
  const submitQueue = shuffle(toSubmit.rows);
  const validateQueue = shuffle(toValidate.rows);
  const stats = { done: 0, refused: 0, errors: 0, firstError: null as string | null };
  const submit = async (r: (typeof toSubmit.rows)[number]) => {
    const user = contractors.get(r.contractor_id)!;
    await db.transaction().execute(async (trx) => {
      const { id } = await writeDraft(trx, user, { orderId: r.order_id, month, lines: [draftLine(r.line_id, "1")] }, today);
      await submitInTransaction(trx, user, id, today);
    });
  };
  const validate = (r: (typeof toValidate.rows)[number]) => validateDeclaration(db, correspondents.get(r.beneficiary_id)!, r.id);
  let turn = 0;
  const one = async (scope: Scope) => {
    const validating = turn++ % 2 === 1;
    const queue: Row[] = validating ? validateQueue : submitQueue;
    const next = queue.find((r) => ofScope[scope](r) && !taken.has(key(r)));
    if (!next) throw new Error(`plus rien à ${validating ? "valider" : "soumettre"} (${scope})`);
    taken.add(key(next));
    try {
      if (validating) await validate(next as (typeof toValidate.rows)[number]);
      else await submit(next as (typeof toSubmit.rows)[number]);
      stats.done++;
    } catch (e) {
      if (e instanceof Refusal) stats.refused++;
      else {
        stats.errors++;
        stats.firstError ??= e instanceof Error ? e.message : String(e);
      }
    }
  };
  return {
    /** one write in a page's scope: the measured correspondent's beneficiary, the national contractor, anywhere (DINUM) */
    inScope: (scope: Scope) => one(scope),
    start() {
      let stopped = false;
      const t0 = performance.now();
      const before = { ...stats };
      const running = (async () => {
        while (!stopped) {
          const started = performance.now();
          await one("any");
          await new Promise((r) => setTimeout(r, Math.max(0, 1000 / WRITES_PER_SECOND - (performance.now() - started))));
        }
      })();
      return {
        async stop() {
          stopped = true;
          await running;
          return {
            done: stats.done - before.done,
            refused: stats.refused - before.refused,
            errors: stats.errors - before.errors,
            seconds: (performance.now() - t0) / 1000,
            firstError: stats.firstError,
          };
        },
      };
    },
  };
}

export type Scope = "any" | "beneficiary" | "contractor";
const key = (r: object) => JSON.stringify(r);

function hash(n: number): number {
  let x = Math.imul(n ^ 0x9e3779b9, 0x85ebca6b);
  x ^= x >>> 13;
  return Math.imul(x, 0xc2b2ae35) >>> 0;
}

/** R9 and R13 after the writes, recomputed from the declaration lines; throws if they do not hold. */
async function checkAfter(db: Db): Promise<void> {
  const caps = await checkCaps(db);
  const totals = (
    await sql<{ off: string }>`
    WITH lines AS (SELECT order_id, sum(quantity * 20) AS od, sum(amount_ht) AS oh FROM order_line GROUP BY order_id),
      declared AS (
        SELECT dl.order_id, sum(dl.delta_days) FILTER (WHERE d.status = 'validated') AS cd,
          sum(dl.consumed_amount) FILTER (WHERE d.status = 'validated') AS ch, sum(dl.delta_days) FILTER (WHERE d.status = 'submitted') AS pd
        FROM declaration_line dl JOIN declaration d ON d.id = dl.declaration_id GROUP BY dl.order_id)
    SELECT count(*) AS off FROM purchase_order po
      LEFT JOIN lines l ON l.order_id = po.id LEFT JOIN declared x ON x.order_id = po.id LEFT JOIN order_totals t ON t.order_id = po.id
    WHERE t.order_id IS NULL OR (t.ordered_days, t.amount_ht, t.consumed_days, t.consumed_ht, t.pending_days)
      IS DISTINCT FROM (coalesce(l.od, 0), coalesce(l.oh, 0), coalesce(x.cd, 0), coalesce(x.ch, 0), coalesce(x.pd, 0))`.execute(db)
  ).rows[0];
  // R13 over the whole contract, from the declaration lines: issued orders count what they ordered, closed
  // ones what they consumed, cancelled ones nothing; against the figures the home page shows
  const r13 = (
    await sql<{ od: string; oh: string; cd: string; ch: string; pd: string }>`
    WITH declared AS (
      SELECT dl.order_line_id, coalesce(sum(dl.delta_days) FILTER (WHERE d.status = 'validated'), 0) AS cd,
        coalesce(sum(dl.consumed_amount) FILTER (WHERE d.status = 'validated'), 0) AS ch,
        coalesce(sum(dl.delta_days) FILTER (WHERE d.status = 'submitted'), 0) AS pd
      FROM declaration_line dl JOIN declaration d ON d.id = dl.declaration_id GROUP BY dl.order_line_id)
    SELECT coalesce(sum(CASE po.status WHEN 'closed' THEN coalesce(x.cd, 0) ELSE ol.quantity * 20 END), 0) AS od,
      coalesce(sum(CASE po.status WHEN 'closed' THEN coalesce(x.ch, 0) ELSE ol.amount_ht END), 0) AS oh,
      coalesce(sum(x.cd), 0) AS cd, coalesce(sum(x.ch), 0) AS ch, coalesce(sum(x.pd), 0) AS pd
    FROM purchase_order po JOIN order_line ol ON ol.order_id = po.id LEFT JOIN declared x ON x.order_line_id = ol.id
    WHERE po.status IN ('issued', 'closed')`.execute(db)
  ).rows[0];
  const dinum = { id: 0, email: "", name: "", role: "dinum", beneficiaryId: null, contractorId: null, organisation: "DINUM" } satisfies SessionUser;
  const shown = (await scopeTotals(db, dinum)).figures;
  const same =
    dec(shown.orderedDays).equals(r13.od) &&
    dec(shown.orderedHt).equals(r13.oh) &&
    dec(shown.consumedDays).equals(r13.cd) &&
    dec(shown.consumedHt).equals(r13.ch) &&
    dec(shown.pendingDays).equals(r13.pd);
  console.log(
    `Après la charge, recalculé depuis les lignes de déclaration : R9 — ${caps.overCap} lignes au-delà du plafond, ${caps.drift} totaux de ligne ≠ recalcul ` +
      `(sur ${caps.lines}), ${caps.personsOver} intervenants au-delà des jours ouvrés ; order_totals ≠ recalcul : ${totals.off} BC ; ` +
      `R13 — totaux de l'accueil DINUM ${same ? "=" : "≠"} recalcul (${dec(shown.consumedDays).toFixed(1)} j consommés, ${dec(shown.consumedHt).toFixed(2)} € HT).`,
  );
  if (caps.overCap || caps.drift || caps.personsOver || Number(totals.off) || !same)
    throw new Error("R9 ou R13 ne tiennent plus après la charge (voir ci-dessus)");
}
