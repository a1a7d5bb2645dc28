// Section 3: declaration submissions per second under 16 concurrent transactions, with the caps of R9
// intact. Runs on a throw-away copy of the factor-1 database (CREATE DATABASE … TEMPLATE bench, dropped at
// the end) and calls the real use case: writeDraft + submitInTransaction in one transaction, as the
// declaration form does when the contractor clicks "Soumettre" (order row scope, declaration and order lines
// locked FOR UPDATE in id order, advisory lock per contractor and month for the person cap).
//   - baseline: a trivial single-row INSERT + COMMIT per transaction, same workers, same pool;
//   - spread: the month after the generated data (November 2026) declared on distinct open orders;
//   - contention: 16 workers racing on a few order lines near their cap, one month each.
// Afterwards an SQL recomputation over every order line and every person checks R9; the section throws if
// it is broken (correctness, not timing). Figures are printed, never asserted.
import { Refusal } from "../../app/lib/refusal";
import { sql } from "kysely";
import { createDb, type Db } from "../../db/client";
import type { SessionUser } from "../../app/auth/user";
import type { WorkUnitCode } from "../../db/schema";
import { submitInTransaction, validateDeclaration, writeDraft, type DraftLine } from "../../app/domain/declarations/services.server";
import { lineAmountHt, orderTotals } from "../../app/domain/orders/amounts";
import { monthsBetween } from "../../app/lib/dates";
import { workingDaysInMonth } from "../../app/lib/working-days";
import { dec } from "../../app/lib/decimal";
import { benchCopy, table, type BenchOptions } from "./lib";

const WORKERS = 16;
const COPY = "bench_submit";
/** the generated data declares up to October 2026: November is the month every open order still has to declare */
const MONTH = "2026-11-01";
const TODAY = "2026-11-20";
const CONTENDED_ORDERS = 4;
const HISTORY = monthsBetween("2023-01-01", "2023-12-01"); // 9 validated then 3 submitted months before the race
const RACE = monthsBetween("2024-01-01", MONTH); // 35 months per contended order, one submission each

interface Outcome {
  label: string;
  attempts: number;
  accepted: number;
  refused: number;
  errors: number;
  firstError: string | null;
  seconds: number;
  latencies: number[];
}

function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

/**
 * Runs tasks 0…count-1 on WORKERS concurrent workers until they are exhausted or `seconds` have passed. A
 * task that resolves is accepted, one that throws a Refusal refused; anything else is an error.
 */
async function race(label: string, count: number, task: (i: number) => Promise<unknown>, seconds: number | null, workers = WORKERS): Promise<Outcome> {
  const out: Outcome = { label, attempts: 0, accepted: 0, refused: 0, errors: 0, firstError: null, seconds: 0, latencies: [] };
  let next = 0;
  const started = performance.now();
  const deadline = seconds === null ? Infinity : started + seconds * 1000;
  await Promise.all(
    Array.from({ length: workers }, async () => {
      while (next < count && performance.now() < deadline) {
        const i = next++;
        const t0 = performance.now();
        try {
          await task(i);
          out.accepted++;
        } catch (e) {
          if (e instanceof Refusal) out.refused++;
          else {
            out.errors++;
            out.firstError ??= e instanceof Error ? e.message : String(e);
          }
        }
        out.latencies.push(performance.now() - t0);
        out.attempts++;
      }
    }),
  );
  out.seconds = (performance.now() - started) / 1000;
  out.latencies.sort((a, b) => a - b);
  return out;
}

export async function contractorUsers(db: Db): Promise<Map<number, SessionUser>> {
  const rows = await db
    .selectFrom("app_user as u")
    .innerJoin("contractor as c", "c.id", "u.contractor_id")
    .select(["u.id", "u.email", "u.name", "u.role", "u.contractor_id", "c.name as cn"])
    .where("u.role", "=", "contractor")
    .where("u.active", "=", true)
    .orderBy("u.id")
    .execute();
  const users = new Map<number, SessionUser>();
  for (const u of rows) {
    if (!users.has(u.contractor_id!)) {
      users.set(u.contractor_id!, {
        id: u.id,
        email: u.email,
        name: u.name,
        role: u.role,
        beneficiaryId: null,
        contractorId: u.contractor_id,
        organisation: u.cn,
      });
    }
  }
  return users;
}

/** One submission as the form's "Soumettre" button runs it: the draft and its submission in one transaction. */
function submitMonth(db: Db, user: SessionUser, orderId: number, month: string, lines: DraftLine[]) {
  return () =>
    db.transaction().execute(async (trx) => {
      const { id } = await writeDraft(trx, user, { orderId, month, lines }, TODAY);
      return submitInTransaction(trx, user, id, TODAY);
    });
}

export function draftLine(orderLineId: number, days: string, people: { name: string; days: string }[] = []): DraftLine {
  return { orderLineId, days, activities: "Développement, tests et mise en production", remainingEstimateDays: null, remainingComment: "", people };
}

// ---------------------------------------------------------------------------------------------------
// Scenario 2's fixture: a few orders over 2023-2026 whose lines are brought near their cap through the app

async function contendedOrders(db: Db, users: Map<number, SessionUser>) {
  const holders = await db
    .selectFrom("lot_holder as h")
    .innerJoin("lot as l", "l.id", "h.lot_id")
    .innerJoin("contract as c", "c.id", "l.contract_id")
    .select(["h.contractor_id", "l.id as lot_id", "c.id as contract_id"])
    .where("c.start_date", "<=", "2023-01-01")
    .where("c.end_date", ">=", "2026-12-31")
    .where("h.contractor_id", "in", [...users.keys()])
    .orderBy("h.contractor_id")
    .orderBy("l.id")
    .execute();
  const byContractor = [...new Map(holders.map((h) => [h.contractor_id, h])).values()].slice(0, CONTENDED_ORDERS);
  if (byContractor.length < CONTENDED_ORDERS) throw new Error("pas assez de titulaires sur un accord-cadre couvrant 2023-2026");
  const correspondents = await db
    .selectFrom("app_user as u")
    .innerJoin("product as p", "p.beneficiary_id", "u.beneficiary_id")
    .select(["u.id", "u.email", "u.name", "u.beneficiary_id", "p.id as product_id"])
    .where("u.role", "=", "correspondent")
    .orderBy("p.id")
    .limit(CONTENDED_ORDERS)
    .execute();
  // two lines: 20 days and 10 days; the history takes 12 and 6, the race declares 1 and 0.5 a month,
  // so both lines of an order reach their cap with the same (8th) accepted submission
  const spec: [WorkUnitCode, string, string, string, string][] = [
    ["DEVOPS_CONFIRME", "1", "12000.00", "1", "1"],
    ["PM", "0.5", "14000.00", "0.5", "0.5"],
  ];
  const orders: { id: number; user: SessionUser; correspondent: SessionUser; lines: number[] }[] = [];
  for (const [i, h] of byContractor.entries()) {
    const c = correspondents[i % correspondents.length];
    const totals = orderTotals(
      spec.map(([, quantity, unitPrice]) => ({ quantity, unitPrice })),
      "0.2",
    );
    const order = await db
      .insertInto("purchase_order")
      .values({
        contract_id: h.contract_id,
        lot_id: h.lot_id,
        beneficiary_id: c.beneficiary_id!,
        product_id: c.product_id,
        contractor_id: h.contractor_id,
        status: "issued",
        number: `BANC-SOUMISSIONS-${i + 1}`,
        number_year: 2000,
        number_seq: i + 1,
        period_start: "2023-01-01",
        period_end: "2026-12-31",
        vat_rate: "0.2000",
        total_ht: totals.totalHt,
        total_vat: totals.totalVat,
        total_ttc: totals.totalTtc,
        created_by: c.id,
        issued_by: c.id,
        issued_at: new Date("2022-12-15T10:00:00Z"),
        issued_on: "2022-12-15",
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    const lines: number[] = [];
    for (const [n, [code, quantity, unitPrice]] of spec.entries()) {
      const row = await db
        .insertInto("order_line")
        .values({ order_id: order.id, line_no: n + 1, work_unit_code: code, quantity, unit_price: unitPrice, amount_ht: lineAmountHt(quantity, unitPrice) })
        .returning("id")
        .executeTakeFirstOrThrow();
      lines.push(row.id);
    }
    const correspondent: SessionUser = {
      id: c.id,
      email: c.email,
      name: c.name,
      role: "correspondent",
      beneficiaryId: c.beneficiary_id,
      contractorId: null,
      organisation: "",
    };
    orders.push({ id: order.id, user: users.get(h.contractor_id)!, correspondent, lines });
  }
  // history through the use cases: 9 months validated, 3 submitted (both count against the cap)
  for (const o of orders) {
    for (const [m, month] of HISTORY.entries()) {
      const { id } = await submitMonth(
        db,
        o.user,
        o.id,
        month,
        o.lines.map((l, n) => draftLine(l, spec[n][3])),
      )();
      if (m < 9) await validateDeclaration(db, o.correspondent, id);
    }
  }
  return { orders, perMonth: spec.map((s) => s[4]) };
}

// ---------------------------------------------------------------------------------------------------
// The checks, recomputed from the declaration lines (not from the running totals they verify)

export async function checkCaps(db: Db) {
  const lines = (
    await sql<{ lines: string; over_cap: string; drift: string }>`
    WITH s AS (
      SELECT dl.order_line_id,
        coalesce(sum(dl.delta_days) FILTER (WHERE d.status = 'validated'), 0) AS consumed,
        coalesce(sum(dl.consumed_amount) FILTER (WHERE d.status = 'validated'), 0) AS consumed_ht,
        coalesce(sum(dl.delta_days) FILTER (WHERE d.status = 'submitted'), 0) AS pending,
        -- a pending correction that lowers a month frees nothing until validated
        coalesce(sum(greatest(dl.delta_days, 0)) FILTER (WHERE d.status = 'submitted'), 0) AS pending_up
      FROM declaration_line dl JOIN declaration d ON d.id = dl.declaration_id GROUP BY dl.order_line_id
    )
    SELECT count(*) AS lines,
      count(*) FILTER (WHERE coalesce(s.consumed, 0) + coalesce(s.pending_up, 0) > ol.quantity * 20) AS over_cap,
      count(*) FILTER (WHERE (ol.consumed_days, ol.consumed_ht, ol.pending_days)
        IS DISTINCT FROM (coalesce(s.consumed, 0), coalesce(s.consumed_ht, 0), coalesce(s.pending, 0))) AS drift
    FROM order_line ol LEFT JOIN s ON s.order_line_id = ol.id`.execute(db)
  ).rows[0];
  // person cap, as the service counts it: per order and month the latest validated and the latest submitted
  // declarations, the larger of the two for each person, summed over the contractor's orders
  const span = (await sql<{ lo: string; hi: string }>`SELECT min(month)::text AS lo, max(month)::text AS hi FROM declaration`.execute(db)).rows[0];
  const months = monthsBetween(span.lo, span.hi);
  const people = (
    await sql<{ pairs: string; over: string }>`
    WITH latest AS (
      SELECT DISTINCT ON (d.order_id, d.month, d.status) d.id, d.order_id, d.month FROM declaration d
      WHERE d.status IN ('submitted', 'validated') ORDER BY d.order_id, d.month, d.status, d.id DESC
    ), per_declaration AS (
      SELECT l.id, l.order_id, l.month, dp.person_id, sum(dp.days) AS days
      FROM latest l JOIN declaration_line dl ON dl.declaration_id = l.id JOIN declaration_person dp ON dp.declaration_line_id = dl.id
      GROUP BY l.id, l.order_id, l.month, dp.person_id
    ), per_order AS (
      SELECT order_id, month, person_id, max(days) AS days FROM per_declaration GROUP BY order_id, month, person_id
    ), per_person AS (
      SELECT person_id, month, sum(days) AS days FROM per_order GROUP BY person_id, month
    ), capacity AS (
      SELECT * FROM unnest(${months}::date[], ${months.map(workingDaysInMonth)}::int[]) AS c(month, working_days)
    )
    SELECT count(*) AS pairs, count(*) FILTER (WHERE p.days > c.working_days) AS over
    FROM per_person p JOIN capacity c ON c.month = p.month`.execute(db)
  ).rows[0];
  return {
    lines: Number(lines.lines),
    overCap: Number(lines.over_cap),
    drift: Number(lines.drift),
    personMonths: Number(people.pairs),
    personsOver: Number(people.over),
  };
}

// ---------------------------------------------------------------------------------------------------

export async function runSubmit(options: BenchOptions): Promise<void> {
  const f1 = await options.database(1);
  console.log(`\n## 3. Soumissions de déclarations sous ${WORKERS} transactions simultanées (facteur 1, plafonds R9)`);
  const copy = await benchCopy(f1.url, COPY);
  const db = createDb(copy.url, { max: WORKERS });
  try {
    const users = await contractorUsers(db);

    // -- scenario 1's plan: every open order's lines with room left, one person per line within the month
    const open = await db
      .selectFrom("purchase_order as po")
      .innerJoin("order_line as ol", "ol.order_id", "po.id")
      .select([
        "po.id as order_id",
        "po.contractor_id",
        "ol.id as line_id",
        sql<string>`ol.quantity * 20 - ol.consumed_days - greatest(ol.pending_days, 0)`.as("left"),
      ])
      .where("po.status", "=", "issued")
      .where("po.period_start", "<=", "2026-11-30")
      .where("po.period_end", ">=", MONTH)
      .where((eb) => eb.not(eb.exists(eb.selectFrom("declaration as d").select("d.id").whereRef("d.order_id", "=", "po.id").where("d.month", "=", MONTH))))
      .orderBy("po.id")
      .orderBy("ol.id")
      .execute();
    const team = new Map<number, string[]>();
    for (const p of await db
      .selectFrom("person")
      .select(["contractor_id", "full_name"])
      .where("full_name", "like", "Intervenant·e %")
      .orderBy("id")
      .execute()) {
      if (!team.has(p.contractor_id)) team.set(p.contractor_id, []);
      team.get(p.contractor_id)!.push(p.full_name);
    }
    const capacity = workingDaysInMonth(MONTH);
    const booked = new Map<string, number>();
    const nextPerson = new Map<number, number>();
    const plan = new Map<number, { contractor: number; lines: DraftLine[] }>();
    for (const r of open) {
      const days = dec(r.left).lessThan(2 + (r.line_id % 3)) ? dec(r.left) : dec(2 + (r.line_id % 3));
      if (days.lessThanOrEqualTo(0) || !users.has(r.contractor_id)) continue;
      const names = team.get(r.contractor_id) ?? [];
      let person: { name: string; days: string }[] = [];
      for (let tries = 0; tries < names.length; tries++) {
        const k = (nextPerson.get(r.contractor_id) ?? 0) % names.length;
        nextPerson.set(r.contractor_id, k + 1);
        if ((booked.get(names[k]) ?? 0) + days.toNumber() <= capacity) {
          booked.set(names[k], (booked.get(names[k]) ?? 0) + days.toNumber());
          person = [{ name: names[k], days: days.toFixed(1) }];
          break;
        }
      }
      if (!plan.has(r.order_id)) plan.set(r.order_id, { contractor: r.contractor_id, lines: [] });
      plan.get(r.order_id)!.lines.push(draftLine(r.line_id, days.toFixed(1), person));
    }

    // -- scenario 2's fixture (through the app's use cases), before any timing
    const contended = await contendedOrders(db, users);
    const before = new Map(
      (
        await db
          .selectFrom("order_line")
          .select(["id", sql<string>`quantity * 20 - consumed_days - pending_days`.as("left")])
          .where(
            "id",
            "in",
            contended.orders.flatMap((o) => o.lines),
          )
          .execute()
      ).map((r) => [r.id, r.left]),
    );

    // -- baseline: a trivial transaction of the same shape (BEGIN, one INSERT, COMMIT) on the same pool
    await sql`CREATE TABLE bench_baseline (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, worker int NOT NULL, at timestamptz NOT NULL DEFAULT now())`.execute(
      db,
    );
    const baseline = await race(
      "référence : INSERT d'une ligne + COMMIT",
      Number.MAX_SAFE_INTEGER,
      (i) => db.transaction().execute((trx) => sql`INSERT INTO bench_baseline (worker) VALUES (${i % WORKERS})`.execute(trx)),
      options.seconds,
    );

    // -- scenario 1: spread over distinct orders (bounded in time), first by one worker alone (the cost of one
    // submission), then by the 16 workers
    const spreadPlan = [...plan.entries()];
    const submitPlanned = (i: number) => submitMonth(db, users.get(spreadPlan[i][1].contractor)!, spreadPlan[i][0], MONTH, spreadPlan[i][1].lines)();
    const alone = await race(`réparti, 1 seule transaction à la fois`, spreadPlan.length, submitPlanned, Math.min(options.seconds, 5), 1);
    const spread = await race(
      `réparti : BC distincts ouverts en ${MONTH.slice(0, 7)}`,
      spreadPlan.length - alone.attempts,
      (i) => submitPlanned(alone.attempts + i),
      options.seconds,
    );

    // -- scenario 2: contention, interleaved so that the workers hit every contended order at once (bounded in count)
    const contentionPlan = RACE.flatMap((month) => contended.orders.map((o) => ({ o, month })));
    const contention = await race(
      `concurrence : ${contended.orders.length} BC, ${contended.orders.length * 2} lignes près du plafond`,
      contentionPlan.length,
      (i) => {
        const { o, month } = contentionPlan[i];
        return submitMonth(
          db,
          o.user,
          o.id,
          month,
          o.lines.map((l, n) => draftLine(l, contended.perMonth[n])),
        )();
      },
      null,
    );

    const rate = (o: Outcome) => o.attempts / o.seconds;
    console.log(
      table(
        [baseline, alone, spread, contention].map((o) => [
          o.label,
          o.attempts,
          o.accepted,
          o.refused,
          o.errors,
          rate(o).toFixed(1),
          o.latencies.length ? percentile(o.latencies, 50).toFixed(1) : "-",
          percentile(o.latencies, 95).toFixed(1),
          percentile(o.latencies, 99).toFixed(1),
          `${((rate(o) / rate(baseline)) * 100).toFixed(1)} %`,
        ]),
        ["scénario", "tentatives", "acceptées", "refusées", "erreurs", "par s", "p50 ms", "p95 ms", "p99 ms", "débit / référence"],
      ),
    );
    for (const o of [baseline, alone, spread, contention]) if (o.firstError) console.log(`  première erreur (${o.label}) : ${o.firstError}`);

    // -- R9 after the run
    const caps = await checkCaps(db);
    const accepted = new Map(
      (
        await db
          .selectFrom("declaration_line as dl")
          .innerJoin("declaration as d", "d.id", "dl.declaration_id")
          .select(["dl.order_line_id", sql<string>`coalesce(sum(dl.delta_days), 0)`.as("days")])
          .where("dl.order_line_id", "in", [...before.keys()])
          .where("d.month", ">=", RACE[0])
          .where("d.status", "=", "submitted")
          .groupBy("dl.order_line_id")
          .execute()
      ).map((r) => [r.order_line_id, r.days]),
    );
    const exact = [...before.entries()].filter(([id, left]) => dec(accepted.get(id) ?? 0).equals(left));
    const leftAfter = await db
      .selectFrom("order_line")
      .select(["id", sql<string>`quantity * 20 - consumed_days - pending_days`.as("left")])
      .where("id", "in", [...before.keys()])
      .execute();
    console.log(`Contrôle R9 recalculé sur les ${caps.lines} lignes de commande :`);
    console.log(`  lignes au-delà du plafond (validé + soumis > commandé) : ${caps.overCap}`);
    console.log(`  lignes dont les totaux tenus par la base diffèrent du recalcul : ${caps.drift}`);
    console.log(`  intervenants au-delà des jours ouvrés du mois : ${caps.personsOver} (sur ${caps.personMonths} couples intervenant × mois)`);
    console.log(
      `  lignes disputées dont les jours acceptés égalent exactement le reste d'avant la course : ${exact.length} / ${before.size}` +
        ` (${[...before.entries()].map(([id, left]) => `${dec(accepted.get(id) ?? 0).toFixed(1)}/${dec(left).toFixed(1)} j`).join(", ")}) ;` +
        ` reste après : ${leftAfter.map((l) => dec(l.left).toFixed(1)).join(", ")} j`,
    );
    const expectedAccepted = contended.orders.length * Math.round(dec(before.get(contended.orders[0].lines[0])!).dividedBy(contended.perMonth[0]).toNumber());
    const broken =
      caps.overCap > 0 ||
      caps.drift > 0 ||
      caps.personsOver > 0 ||
      exact.length !== before.size ||
      leftAfter.some((l) => !dec(l.left).isZero()) ||
      contention.accepted !== expectedAccepted;
    if (broken)
      throw new Error(
        `Plafonds R9 non respectés après la course (voir les chiffres ci-dessus ; ${contention.accepted} soumissions acceptées sur les lignes disputées, ${expectedAccepted} attendues)`,
      );
  } finally {
    await db.destroy();
    await copy.drop();
  }
}
