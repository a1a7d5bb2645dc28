// `--only profile` (issue 15): where a cold page's time goes, function by function. On each factor's
// database (read only), every function a main page's loader calls is timed alone, with no cache in the
// way (each called directly, outside the versioned caches), for DINUM, the measured correspondent and the
// national contractor: median of 5 after one warm-up call (PostgreSQL's buffers and the forecasts' LRU
// warm, as in a running server). A page's cold time is about the sum of its loader's functions run in
// parallel on one connection each, plus the header badge (countAlerts), plus rendering.
import { sql } from "kysely";
import { createDb, type Db, type Executor } from "../../db/client";
import type { SessionUser } from "../../app/auth/user";
import { demoAccounts } from "../../seeds/accounts";
import { toSessionUser } from "../../app/auth/users.server";
import { todayInParis } from "../../app/lib/dates";
import { countAlerts, alertGroups } from "../../app/domain/alerts/alerts.server";
import { loadDashboard, budgetPerYear, envelopeStatuses } from "../../app/domain/dashboard/dashboard.server";
import { figuresBy, figuresByEach, orderForecasts, workUnitMix } from "../../app/domain/dashboard/queries.server";
import { listOrders, orderFilterOptions, scopeTotals, getOrder, listRevisions } from "../../app/domain/orders/queries.server";
import { invoiceHome } from "../../app/domain/invoices/home.server";
import { ceilingStatuses } from "../../app/domain/ceilings/queries.server";
import { countToDeclare, listToDeclare, getDeclaration, orderDeclarationsSection } from "../../app/domain/declarations/queries.server";
import { listAuditEvents, auditFilterChoices } from "../../app/domain/audit/queries.server";
import { listBeneficiaries } from "../../app/domain/beneficiaries/services.server";
import { listContracts, listContractors } from "../../app/domain/contracts/services.server";
import { alertCount, alertsPage } from "../../app/domain/alerts/alerts.server";
import { homeData } from "../../app/domain/dashboard/dashboard.server";
import { orderListPage } from "../../app/domain/orders/queries.server";
import { declarationsPage } from "../../app/domain/declarations/queries.server";
import { benchCopy, latestValidatedDeclaration, table, type BenchOptions } from "./lib";
import { fixtures, writes, type Scope } from "./mixed";

const RUNS = 5;

async function user(db: Db, where: { email?: string; contractorId?: number }): Promise<SessionUser> {
  let q = db
    .selectFrom("app_user as u")
    .leftJoin("beneficiary as b", "b.id", "u.beneficiary_id")
    .leftJoin("contractor as c", "c.id", "u.contractor_id")
    .select(["u.id", "u.email", "u.name", "u.role", "u.beneficiary_id", "u.contractor_id", "b.name as beneficiaryName", "c.name as contractorName"])
    .where("u.active", "=", true);
  if (where.email) q = q.where("u.email", "=", where.email);
  if (where.contractorId) q = q.where("u.contractor_id", "=", where.contractorId).orderBy("u.id").limit(1);
  return toSessionUser(await q.executeTakeFirstOrThrow());
}

async function time(f: () => Promise<unknown>): Promise<number> {
  await f();
  const xs: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    await f();
    xs.push(performance.now() - t0);
  }
  return xs.sort((a, b) => a - b)[Math.floor(RUNS / 2)];
}

/** `skip`: roles left out (e.g. ["DINUM"] to time a correspondent's and a contractor's pages only). */
export async function profileFunctions(db: Db, skip: string[] = []): Promise<[string, string, number][]> {
  const today = todayInParis();
  const dinum = await user(db, { email: demoAccounts.dinum });
  const corr = await user(db, { email: demoAccounts.correspondentA });
  const national = await db
    .selectFrom("purchase_order")
    .select(["contractor_id", sql<string>`count(*)`.as("n")])
    .groupBy("contractor_id")
    .orderBy(sql`2`, "desc")
    .orderBy("contractor_id")
    .executeTakeFirstOrThrow();
  const ctr = await user(db, { contractorId: national.contractor_id });
  const order = await db
    .selectFrom("purchase_order")
    .select("id")
    .where("beneficiary_id", "=", corr.beneficiaryId!)
    .where("status", "=", "issued")
    .orderBy("id")
    .executeTakeFirstOrThrow();
  const declarationId = await latestValidatedDeclaration(db, corr.beneficiaryId!);
  const year = Number(today.slice(0, 4));
  const perRole = (u: SessionUser): [string, (db: Executor) => Promise<unknown>][] => [
    ["badge countAlerts", (x) => countAlerts(x, u, today)],
    ["home loadDashboard (all)", (x) => loadDashboard(x, u, today)],
    ["  orderForecasts (open)", (x) => orderForecasts(x, u, today, { openOnly: true })],
    ["  figuresByEach / figuresBy", (x) => (u.role === "dinum" ? figuresByEach(x, u, ["contract", "beneficiary", "contractor"]) : figuresBy(x, u, "product"))],
    ["  workUnitMix", (x) => workUnitMix(x, u)],
    ["  budgetPerYear", (x) => budgetPerYear(x, u)],
    ["  envelopeStatuses", (x) => envelopeStatuses(x, u, year)],
    ["  ceilingStatuses", (x) => ceilingStatuses(x, today)],
    ["home listOrders (page 1)", (x) => listOrders(x, u, { page: 1 }, today)],
    ["home scopeTotals", (x) => scopeTotals(x, u)],
    ["home invoiceHome", (x) => invoiceHome(x, u, today)],
    ["home listToDeclare (10)", (x) => listToDeclare(x, u, { today, limit: 10 })],
    ["home countToDeclare", (x) => countToDeclare(x, u, { today })],
    ["order list orderFilterOptions", (x) => orderFilterOptions(x, u)],
    ["alerts alertGroups", (x) => alertGroups(x, u, 20, today)],
    ["journal listAuditEvents", (x) => listAuditEvents(x, u, { page: 1 })],
    ["journal auditFilterChoices", (x) => auditFilterChoices(x, u)],
  ];
  const cases: [string, string, (db: Executor) => Promise<unknown>][] = [
    ...perRole(dinum).map(([n, f]) => ["DINUM", n, f] as [string, string, (db: Executor) => Promise<unknown>]),
    ...perRole(corr).map(([n, f]) => ["correspondant", n, f] as [string, string, (db: Executor) => Promise<unknown>]),
    ...perRole(ctr).map(([n, f]) => [`titulaire national (${national.n} BC)`, n, f] as [string, string, (db: Executor) => Promise<unknown>]),
    ["correspondant", "order page getOrder", (x) => getOrder(x, corr, order.id)],
    ["correspondant", "order page listRevisions", (x) => listRevisions(x, corr, order.id)],
    ["correspondant", "order page orderDeclarationsSection", (x) => orderDeclarationsSection(x, corr, order.id, today)],
    ["correspondant", "declaration page getDeclaration", (x) => getDeclaration(x, corr, declarationId)],
    ["DINUM", "reference listBeneficiaries", (x) => listBeneficiaries(x, {})],
    ["DINUM", "reference listContracts", (x) => listContracts(x, { today })],
    ["DINUM", "reference listContractors", (x) => listContractors(x)],
  ];
  const out: [string, string, number][] = [];
  for (const [who, name, f] of cases.filter(([who]) => !skip.includes(who))) {
    out.push([who, name, await time(() => f(db))]);
  }
  return out;
}

/**
 * What a page's data costs right after ONE write in its scope, as the server computes it (its caches and
 * parts on, warm before): the cold path of a page under writes, rendering left out. On a throw-away copy
 * (the writes are real: a submission or a validation through the use cases, alternately), median of 5,
 * each sample after its own write.
 */
export async function profileAfterWrite(db: Db): Promise<[string, string, number][]> {
  const today = todayInParis();
  const ids = await fixtures(db);
  const writer = await writes(db, today, ids);
  const dinum = await user(db, { email: demoAccounts.dinum });
  const corr = await user(db, { email: demoAccounts.correspondentA });
  const ctr = await user(db, { contractorId: ids.contractor.id });
  const pages = { declare: 1, validate: 1, recent: 1, size: 50 };
  const perRole = (u: SessionUser): [string, () => Promise<unknown>][] => [
    ["badge alertCount", () => alertCount(db, u, today)],
    ["home homeData", () => homeData(db, u, 1, today)],
    ...(u.role === "contractor"
      ? ([["home listToDeclare + countToDeclare", () => Promise.all([listToDeclare(db, u, { today, limit: 10 }), countToDeclare(db, u, { today })])]] as [
          string,
          () => Promise<unknown>,
        ][])
      : []),
    ["order list orderListPage", () => orderListPage(db, u, {}, today)],
    ["alerts alertsPage", () => alertsPage(db, u, 100, today)],
    ["declarations declarationsPage", () => declarationsPage(db, u, {}, null, pages, today)],
    ["journal listAuditEvents + auditFilterChoices", () => Promise.all([listAuditEvents(db, u, { page: 1 }), auditFilterChoices(db, u)])],
  ];
  const cases: [string, Scope, string, () => Promise<unknown>][] = [
    ...perRole(dinum).map(([n, f]) => ["DINUM", "any", n, f] as [string, Scope, string, () => Promise<unknown>]),
    ...perRole(corr).map(([n, f]) => ["correspondant", "beneficiary", n, f] as [string, Scope, string, () => Promise<unknown>]),
    ...perRole(ctr).map(
      ([n, f]) => [`titulaire national (${ids.contractor.orders} BC)`, "contractor", n, f] as [string, Scope, string, () => Promise<unknown>],
    ),
  ];
  const out: [string, string, number][] = [];
  for (const [who, scope, name, f] of cases) {
    await f();
    const xs: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      await writer.inScope(scope);
      const t0 = performance.now();
      await f();
      xs.push(performance.now() - t0);
    }
    out.push([who, name, xs.sort((a, b) => a - b)[Math.floor(RUNS / 2)]]);
  }
  return out;
}

export async function runProfile(options: BenchOptions): Promise<void> {
  // `--profile whole` or `--profile after-write`: one of the two tables only (both by default)
  const i = process.argv.indexOf("--profile");
  const parts = i >= 0 ? process.argv[i + 1].split(",") : ["whole", "after-write"];
  if (parts.includes("whole")) await profileWhole(options);
  if (parts.includes("after-write")) await profileAfterWrites(options);
}

async function profileWhole(options: BenchOptions): Promise<void> {
  console.log(`\n## Profil : chaque fonction des chargements de page, sans cache (médiane de ${RUNS}, ms)`);
  const byFactor: [string, string, number][][] = [];
  for (const factor of options.factors) {
    const base = await options.database(factor);
    const db = createDb(base.url, { max: 4 });
    try {
      byFactor.push(await profileFunctions(db));
    } finally {
      await db.destroy();
    }
  }
  console.log(
    table(
      byFactor[0].map(([who, name], i) => [who, name, ...byFactor.map((rows) => rows[i][2].toFixed(1))]),
      ["rôle", "fonction", ...options.factors.map((f) => `f${f} ms`)],
    ),
  );
}

async function profileAfterWrites(options: BenchOptions): Promise<void> {
  console.log(`\n## Profil : les données de chaque page juste après UNE écriture dans son périmètre, caches en place (médiane de ${RUNS}, ms)`);
  const afterWrite: [string, string, number][][] = [];
  for (const factor of options.factors) {
    const base = await options.database(factor);
    const copy = await benchCopy(base.url, "bench_profile");
    const db = createDb(copy.url, { max: 10 });
    try {
      afterWrite.push(await profileAfterWrite(db));
    } finally {
      await db.destroy();
      await copy.drop();
    }
  }
  console.log(
    table(
      afterWrite[0].map(([who, name], i) => [who, name, ...afterWrite.map((rows) => rows[i][2].toFixed(1))]),
      ["rôle", "fonction", ...options.factors.map((f) => `f${f} ms`)],
    ),
  );
}
