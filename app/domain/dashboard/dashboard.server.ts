// What each role's home page shows (issue 5 "Dashboards"), assembled from set-based queries.
import { sql } from "kysely";
import type { Db, Executor } from "../../../db/client";
import { can } from "../../auth/grants";
import type { SessionUser } from "../../auth/user";
import { orderScope, productScope, dataScope, scopeKey } from "../../auth/scope.server";
import { beneficiaryParts, versionedCache } from "../../lib/versioned-cache.server";
import { bucketedMerge, firstOfSorted, sumDecimals } from "../../lib/merge";
import {
  listOrders,
  listTotalsPerBeneficiary,
  scopeTotals,
  scopeTotalsPerBeneficiary,
  sumListTotals,
  type ListTotals,
  type ScopeTotals,
} from "../orders/queries.server";
import { dec, sum, toCents } from "../../lib/decimal";
import { sumOrderFigures } from "../consumption/figures";
import { forecast, mergeMonths, type Forecast } from "../forecast/forecast";
import { budgetByYear, type RawBudget } from "../budget/ae-cp.server";
import { NO_FILTERS } from "../orders/selection.server";
import { countedLineSql } from "../consumption/queries.server";
import { ceilingStatuses, ceilingWarnings } from "../ceilings/queries.server";
import { invoiceHome } from "../invoices/home.server";
import { compareEnvelopes, envelopesOf, type EnvelopeStatus } from "../envelopes/services.server";
import {
  contractorShares,
  figuresBy,
  figuresByEach,
  figuresPerBeneficiary,
  mergeGroups,
  mixShares,
  monthlyDays,
  openForecastsPerBeneficiary,
  orderForecasts,
  workUnitMix,
  workUnitMixRows,
  type BeneficiaryFigures,
  type GroupFigures,
  type MixRow,
  type OrderForecast,
} from "./queries.server";

export interface YearBudget {
  year: number;
  ae: string;
  cp: string;
}

/** AE and CP per year (R11): the same query as the workbook's "AE-CP" sheet, summed per year. */
export async function budgetPerYear(db: Executor, user: SessionUser): Promise<YearBudget[]> {
  return budgetYears(await budgetByYear(db, user, NO_FILTERS));
}

/** AE and CP per year from budgetByYear's rows (per year and beneficiary). */
export function budgetYears(rows: readonly RawBudget[]): YearBudget[] {
  const byYear = new Map<number, RawBudget[]>();
  for (const r of rows) {
    const list = byYear.get(r.year);
    if (list) list.push(r);
    else byYear.set(r.year, [r]);
  }
  return [...byYear.keys()].sort().map((year) => {
    const ofYear = byYear.get(year)!;
    return {
      year,
      ae: toCents(dec(sumDecimals(ofYear.flatMap((r) => [r.ae_issued, r.ae_amended, r.ae_cancelled, r.ae_released].map((x) => String(x ?? 0)))))),
      cp: toCents(dec(sumDecimals(ofYear.map((r) => String(r.cp ?? 0))))),
    };
  });
}

/** AE of `year` per beneficiary name (R11, the "AE-CP" sheet's rule), in the user's scope: what envelopes (R17) compare with. */
export async function aePerBeneficiary(db: Executor, user: SessionUser, year: number): Promise<Map<string, string>> {
  return aeOfYear(await budgetByYear(db, user, { ...NO_FILTERS, year, from: `${year}-01-01`, to: `${year}-12-31` }), year);
}

/** AE of `year` per beneficiary name from budgetByYear's rows (those of other years left out: the events are dated). */
export function aeOfYear(rows: readonly RawBudget[], year: number): Map<string, string> {
  const out = new Map<string, string>();
  for (const r of rows.filter((x) => x.year === year)) {
    out.set(r.beneficiary, toCents(sum([out.get(r.beneficiary) ?? "0", r.ae_issued, r.ae_amended, r.ae_cancelled, r.ae_released])));
  }
  return out;
}

/** R17: the envelopes of `year` in scope beside the year's AE (DINUM: every beneficiary's; a correspondent: its own). */
export async function envelopeStatuses(db: Executor, user: SessionUser, year: number): Promise<EnvelopeStatus[]> {
  const envelopes = await envelopesOf(db, user, year);
  return envelopes.length === 0 ? [] : compareEnvelopes(envelopes, await aePerBeneficiary(db, user, year));
}

/** DINUM sees the orders whose forecast is flagged, the most urgent first (not thousands of rows). */
export const DINUM_FLAGGED_LIMIT = 50;
/** The others see their open orders' forecasts, at most this many (the flagged first). */
export const OPEN_ORDERS_SHOWN = 50;

/** R14: an ended order with days left is flagged too (it is no longer forecast, it waits to be closed). */
const isFlagged = (f: OrderForecast) => f.forecast.overRun || f.forecast.underConsumption || f.forecast.endedWithRemaining;
/** ISO dates (YYYY-MM-DD) in calendar order: their byte order (localeCompare went through ICU, ~1 µs a call: issue 15). */
const byDate = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
/** The most urgent first: over-runs, then by exhaustion date (or end). */
const byUrgency = (a: OrderForecast, b: OrderForecast) =>
  Number(b.forecast.overRun) - Number(a.forecast.overRun) || byDate(a.forecast.exhaustionDate ?? a.periodEnd, b.forecast.exhaustionDate ?? b.periodEnd);

export async function loadDashboard(db: Executor, user: SessionUser, today: string) {
  const all = await orderForecasts(db, user, today, { openOnly: true });
  const flagged = all.filter(isFlagged);
  // the contract-wide view (DINUM) shows the flagged orders, most urgent first; the others all their open orders
  const national = can(user, "report:consolidated");
  const urgent = flagged.sort(byUrgency);
  // a correspondent or a contractor with many open orders (a national contractor has 1,200) reads the
  // flagged ones first, then the others by end date, OPEN_ORDERS_SHOWN of them; the order list has them all
  const urgentSet = new Set(urgent);
  const forecasts = national
    ? urgent.slice(0, DINUM_FLAGGED_LIMIT)
    : all.length <= OPEN_ORDERS_SHOWN
      ? all
      : [...urgent, ...all.filter((f) => !urgentSet.has(f))].slice(0, OPEN_ORDERS_SHOWN);
  const base = { today, forecasts, flaggedCount: flagged.length, openCount: all.length, flaggedOnly: national };
  const budget = can(user, "budget:read") ? budgetPerYear(db, user) : Promise.resolve(null);
  if (national) {
    const [{ contract: contracts, beneficiary: beneficiaries, contractor: contractors }, mix, perYear, ceilings, envelopeRows] = await Promise.all([
      figuresByEach(db, user, ["contract", "beneficiary", "contractor"]),
      workUnitMix(db, user),
      budget,
      can(user, "ceiling:read") ? ceilingStatuses(db, today).then(ceilingWarnings) : Promise.resolve(null),
      envelopeStatuses(db, user, Number(today.slice(0, 4))),
    ]);
    // R17: DINUM sees the beneficiaries beyond their envelope
    const envelopes = envelopeRows.filter((e) => e.over);
    return { ...base, contracts, beneficiaries, shares: contractorShares(contractors), mix, budget: perYear, products: null, ceilings, envelopes };
  }
  // a buyer (a correspondent) follows its products; a contractor its orders only
  const [products, perYear, envelopes] = await Promise.all([
    can(user, "budget:read") ? figuresBy(db, user, "product") : Promise.resolve(null),
    budget,
    // R17: a correspondent sees its own envelope of the year beside its AE
    can(user, "envelope:write") ? envelopeStatuses(db, user, Number(today.slice(0, 4))) : Promise.resolve([]),
  ]);
  return { ...base, contracts: null, beneficiaries: null, shares: null, mix: null, budget: perYear, products, ceilings: null, envelopes };
}

type HomeData = Awaited<ReturnType<typeof computeHome>>;
const homeCache = versionedCache<HomeData>({ maxEntries: 300 });

export async function computeHome(db: Executor, user: SessionUser, page: number, today: string) {
  const [orders, totals, dashboard, invoices] = await Promise.all([
    listOrders(db, user, { page }, today),
    scopeTotals(db, user),
    loadDashboard(db, user, today),
    invoiceHome(db, user, today),
  ]);
  return { orders, totals, dashboard, invoices };
}

/** One beneficiary's part of DINUM's home: what is summed or merged over beneficiaries. */
interface HomePart {
  figures: BeneficiaryFigures | null;
  mix: MixRow[];
  budget: RawBudget[];
  /** its open orders' flagged forecasts, the most urgent first, at most DINUM_FLAGGED_LIMIT */
  flagged: OrderForecast[];
  flaggedCount: number;
  openCount: number;
  list: ListTotals | null;
}
const homeParts = beneficiaryParts<HomePart>({ maxEntries: 5_000 });

async function computeHomeParts(db: Executor, user: SessionUser, today: string, ids: number[]): Promise<Map<number, HomePart>> {
  const [figures, mix, forecasts, list] = await Promise.all([
    figuresPerBeneficiary(db, user, ids),
    workUnitMixRows(db, user, ids),
    openForecastsPerBeneficiary(db, user, today, ids),
    listTotalsPerBeneficiary(db, user, ids),
  ]);
  // R11's AE/CP rows per beneficiary (by name: names are unique): after a write in one scope with its
  // filter, else the whole contract's at once
  const budgets = new Map<number, RawBudget[]>();
  if (ids.length === 1) budgets.set(ids[0], await budgetByYear(db, user, { ...NO_FILTERS, beneficiaryId: ids[0] }));
  else {
    const names = await db
      .selectFrom("beneficiary")
      .select(["id", "name"])
      .where("id", "=", sql<number>`ANY(${ids}::int[])`)
      .execute();
    const idOf = new Map(names.map((r) => [r.name, r.id]));
    for (const r of await budgetByYear(db, user, NO_FILTERS)) {
      const id = idOf.get(r.beneficiary);
      if (id !== undefined) budgets.set(id, [...(budgets.get(id) ?? []), r]);
    }
  }
  const out = new Map<number, HomePart>();
  for (const id of ids) {
    const budget = budgets.get(id) ?? [];
    const open = forecasts.get(id) ?? [];
    const flagged = open.filter(isFlagged).sort(byUrgency);
    out.set(id, {
      figures: figures.get(id) ?? null,
      mix: mix.filter((r) => r.b === id),
      budget,
      flagged: flagged.slice(0, DINUM_FLAGGED_LIMIT),
      flaggedCount: flagged.length,
      openCount: open.length,
      list: list.get(id) ?? null,
    });
  }
  return out;
}

// per grouping, the merged groups of each bucket of parts (bucketedMerge): a write changes one part, so at factor 2
// one bucket of 11 parts and the 11 buckets are merged again, not 120 parts × 40 contractors' figures
const groupMemos = { contract: new WeakMap(), contractor: new WeakMap() } as Record<
  "contract" | "contractor",
  WeakMap<HomePart, { parts: readonly HomePart[]; value: GroupFigures[] }>
>;

/** mergeGroups of every part's groups of `by`, in the order of `order`, bucket by bucket. */
function mergeGroupsOfParts(parts: readonly HomePart[], by: "contract" | "contractor", order: { id: number }[]): GroupFigures[] {
  const ids = order.map((r) => r.id);
  return bucketedMerge(
    parts,
    (bucket) =>
      mergeGroups(
        bucket.flatMap((p) => p.figures?.[by] ?? []),
        ids,
      ),
    (merged) => mergeGroups(merged.flat(), ids),
    groupMemos[by],
  );
}

/**
 * DINUM's home (page 1), equal to computeHome's (tests/integration/dashboard-parts.test.ts), from its
 * beneficiaries' parts (issue 15): a write in one beneficiary's scope recomputes that beneficiary's figures,
 * forecasts, UO mix, AE/CP and list totals, not the whole contract's; what is contract-wide and small (the
 * maxima, the envelopes, the invoices' payment figures, the page of 25 orders) is read each time.
 */
async function computeNationalHome(db: Executor, user: SessionUser, today: string) {
  const [parts, contracts, contractors, beneficiaries] = await Promise.all([
    homeParts.get(db, `${scopeKey(user)}|${today}`, (ids) => computeHomeParts(db, user, today, ids), {
      figures: null,
      mix: [],
      budget: [],
      flagged: [],
      flaggedCount: 0,
      openCount: 0,
      list: null,
    }),
    db.selectFrom("contract").select("id").orderBy("reference").orderBy("id").execute(),
    db.selectFrom("contractor").select("id").orderBy("name").orderBy("id").execute(),
    db.selectFrom("beneficiary").select("id").orderBy("name").orderBy("id").execute(),
  ]);
  // by beneficiary id: the same buckets from one computation to the next (bucketedMerge)
  const list = [...parts.entries()].sort((a, b) => a[0] - b[0]).map(([, p]) => p);
  const own = list.flatMap((p) => (p.figures ? [p.figures.own] : []));
  const listTotals = sumListTotals(list.flatMap((p) => (p.list ? [p.list] : [])));
  const [orders, invoices, ceilings, envelopes] = await Promise.all([
    listOrders(db, user, { page: 1 }, today, listTotals),
    invoiceHome(db, user, today),
    can(user, "ceiling:read") ? ceilingStatuses(db, today).then(ceilingWarnings) : Promise.resolve(null),
    envelopesOf(db, user, Number(today.slice(0, 4))),
  ]);
  // R17: the year's AE per beneficiary from the parts' AE/CP rows (the same events, dated in the year)
  const envelopeRows =
    envelopes.length === 0
      ? []
      : compareEnvelopes(
          envelopes,
          aeOfYear(
            list.flatMap((p) => p.budget),
            Number(today.slice(0, 4)),
          ),
        );
  // as loadDashboard: ties in urgency in the order of the query (period end, then id)
  // each part's flagged are in that order already (sorted stably from the query's order)
  const flagged = firstOfSorted(
    list.map((p) => p.flagged),
    (a, b) => byUrgency(a, b) || byDate(a.periodEnd, b.periodEnd) || a.id - b.id,
    DINUM_FLAGGED_LIMIT,
  );
  const dashboard = {
    today,
    forecasts: flagged,
    flaggedCount: list.reduce((n, p) => n + p.flaggedCount, 0),
    openCount: list.reduce((n, p) => n + p.openCount, 0),
    flaggedOnly: true,
    contracts: mergeGroupsOfParts(list, "contract", contracts),
    beneficiaries: mergeGroups(
      own,
      beneficiaries.map((r) => r.id),
    ),
    shares: contractorShares(mergeGroupsOfParts(list, "contractor", contractors)),
    mix: mixShares(list.flatMap((p) => p.mix)),
    budget: can(user, "budget:read") ? budgetYears(list.flatMap((p) => p.budget)) : null,
    products: null,
    ceilings,
    // R17: DINUM sees the beneficiaries beyond their envelope
    envelopes: envelopeRows.filter((e) => e.over),
  };
  const totals = { orders: own.reduce((n, g) => n + g.orders, 0), figures: sumOrderFigures(own.map((g) => g.figures)) };
  return { orders, totals, dashboard, invoices };
}

/** One beneficiary's part of a contractor's home: its orders there, summed, and their forecasts' firsts. */
interface ContractorHomePart {
  totals: ScopeTotals | null;
  list: ListTotals | null;
  /** its open orders' flagged forecasts, the most urgent first, at most OPEN_ORDERS_SHOWN */
  flagged: OrderForecast[];
  flaggedCount: number;
  /** its first OPEN_ORDERS_SHOWN open orders, and not flagged ones, in the query's order (period end, then id) */
  open: OrderForecast[];
  others: OrderForecast[];
  openCount: number;
}
const contractorHomeParts = beneficiaryParts<ContractorHomePart>({ maxEntries: 20_000 });
const EMPTY_CONTRACTOR_PART: ContractorHomePart = { totals: null, list: null, flagged: [], flaggedCount: 0, open: [], others: [], openCount: 0 };
/** The query's order of the forecasts (period end, then id). */
const byEnd = (a: OrderForecast, b: OrderForecast) => byDate(a.periodEnd, b.periodEnd) || a.id - b.id;

/**
 * A contractor's home (page 1), equal to computeHome's (tests/integration/contractor-parts.test.ts), from one part
 * per beneficiary it has orders in (issue 15: the national contractor has orders in most beneficiaries, so nearly
 * every write anywhere made its home sum and forecast its 1,800 orders again; now the part of the beneficiary
 * written to). A part is kept with the beneficiary's version (global + `b:<id>`), which moves with every write to
 * the contractor's orders there. The page of 25 orders (an index) and the invoices (a few rows) are read each time.
 */
async function computeContractorHome(db: Executor, user: SessionUser, today: string) {
  const parts = [
    ...(
      await contractorHomeParts.get(
        db,
        `${scopeKey(user)}|${today}`,
        async (ids) => {
          const [totals, list, forecasts] = await Promise.all([
            scopeTotalsPerBeneficiary(db, user, ids),
            listTotalsPerBeneficiary(db, user, ids),
            openForecastsPerBeneficiary(db, user, today, ids),
          ]);
          const out = new Map<number, ContractorHomePart>();
          for (const id of new Set([...totals.keys(), ...list.keys(), ...forecasts.keys()])) {
            const open = forecasts.get(id) ?? [];
            const flagged = open.filter(isFlagged);
            out.set(id, {
              totals: totals.get(id) ?? null,
              list: list.get(id) ?? null,
              flagged: flagged.sort(byUrgency).slice(0, OPEN_ORDERS_SHOWN),
              flaggedCount: flagged.length,
              open: open.slice(0, OPEN_ORDERS_SHOWN),
              others: open.filter((f) => !isFlagged(f)).slice(0, OPEN_ORDERS_SHOWN),
              openCount: open.length,
            });
          }
          return out;
        },
        EMPTY_CONTRACTOR_PART,
      )
    ).values(),
  ];
  const own = parts.flatMap((p) => p.totals ?? []);
  const [orders, invoices] = await Promise.all([
    listOrders(db, user, { page: 1 }, today, sumListTotals(parts.flatMap((p) => p.list ?? []))),
    invoiceHome(db, user, today),
  ]);
  const openCount = parts.reduce((n, p) => n + p.openCount, 0);
  // as loadDashboard: all its open orders if few, else the flagged first (ties in the query's order), then the others
  const urgent = firstOfSorted(
    parts.map((p) => p.flagged),
    (a, b) => byUrgency(a, b) || byEnd(a, b),
    OPEN_ORDERS_SHOWN,
  );
  const forecasts =
    openCount <= OPEN_ORDERS_SHOWN
      ? firstOfSorted(
          parts.map((p) => p.open),
          byEnd,
          OPEN_ORDERS_SHOWN,
        )
      : [
          ...urgent,
          ...firstOfSorted(
            parts.map((p) => p.others),
            byEnd,
            OPEN_ORDERS_SHOWN - urgent.length,
          ),
        ];
  const dashboard = {
    today,
    forecasts,
    flaggedCount: parts.reduce((n, p) => n + p.flaggedCount, 0),
    openCount,
    flaggedOnly: false,
    contracts: null,
    beneficiaries: null,
    shares: null,
    mix: null,
    budget: null,
    products: null,
    ceilings: null,
    envelopes: [] as EnvelopeStatus[],
  };
  const totals = { orders: own.reduce((n, g) => n + g.orders, 0), figures: sumOrderFigures(own.map((g) => g.figures)) };
  return { orders, totals, dashboard, invoices };
}

/**
 * Everything the home page shows: the dashboard, the scope's totals and a page of orders. The DINUM's
 * aggregates cover the whole contract (about a second at national scale): computed once per scope, day
 * and data version, then served from memory until a write lands (app/lib/versioned-cache.server.ts).
 */
export function homeData(db: Db, user: SessionUser, page: number, today: string): Promise<HomeData> {
  // DINUM's (no scope: everything) from its beneficiaries' parts
  const national = dataScope(user) === null && page === 1 && can(user, "report:consolidated");
  // a contractor's (orders in many beneficiaries: its own counter moves with nearly every write) from one part per beneficiary
  const contractor = user.contractorId != null && page === 1 && !can(user, "budget:read") && !can(user, "envelope:write");
  return homeCache.get(
    db,
    `${scopeKey(user)}|${today}|${page}`,
    (snapshot) =>
      national
        ? computeNationalHome(snapshot, user, today)
        : contractor
          ? computeContractorHome(snapshot, user, today)
          : computeHome(snapshot, user, page, today),
    dataScope(user),
  );
}

export interface BurnDownData {
  title: string;
  forecast: Forecast;
  periodStart: string;
  periodEnd: string;
}

/** One order's burn-down, or null when it is not in scope (or a draft/cancelled order). */
export async function orderBurnDown(
  db: Executor,
  user: SessionUser,
  orderId: number,
  today: string,
): Promise<(BurnDownData & { productId: number; productName: string; number: string }) | null> {
  const o = await db
    .selectFrom("purchase_order as po")
    .innerJoin("product as p", "p.id", "po.product_id")
    .where("po.id", "=", orderId)
    .where(orderScope(user))
    .where("po.status", "in", ["issued", "closed"])
    .select(["po.id", "po.number", "po.status", "po.period_start", "po.period_end", "p.id as productId", "p.name as productName"])
    .select(sql<string>`(SELECT ${countedLineSql("t", "po").orderedDays} FROM order_totals t WHERE t.order_id = po.id)`.as("ordered_days"))
    .executeTakeFirst();
  if (!o) return null;
  const months = (await monthlyDays(db, [o.id])).get(o.id) ?? [];
  return {
    title: `Bon de commande ${o.number}`,
    number: o.number ?? "",
    productId: o.productId,
    productName: o.productName,
    periodStart: o.period_start,
    periodEnd: o.period_end,
    forecast: forecast({
      orderedDays: String(o.ordered_days ?? "0"),
      periodStart: o.period_start,
      periodEnd: o.period_end,
      months,
      today,
      open: o.status === "issued",
    }),
  };
}

/** A product's burn-down: its issued and closed orders in scope, summed month by month. */
export async function productBurnDown(db: Executor, user: SessionUser, productId: number, today: string) {
  const product = await db
    .selectFrom("product as p")
    .innerJoin("beneficiary as b", "b.id", "p.beneficiary_id")
    .where("p.id", "=", productId)
    .where(productScope(user))
    .select(["p.id", "p.name", "b.name as beneficiary"])
    .executeTakeFirst();
  if (!product) return null;
  const orders = await orderForecasts(db, user, today, { productId });
  if (orders.length === 0) return { product, orders, burnDown: null };
  const monthly = await monthlyDays(
    db,
    orders.map((o) => o.id),
  );
  const periodStart = orders.map((o) => o.periodStart).sort()[0];
  const periodEnd = orders
    .map((o) => o.periodEnd)
    .sort()
    .at(-1)!;
  const burnDown: BurnDownData = {
    title: `Produit ${product.name}`,
    periodStart,
    periodEnd,
    forecast: forecast({
      orderedDays: sum(orders.map((o) => o.orderedDays)).toFixed(1),
      periodStart,
      periodEnd,
      today,
      months: mergeMonths(orders.map((o) => monthly.get(o.id) ?? [])),
      open: orders.some((o) => o.status === "issued"),
    }),
  };
  return { product, orders, burnDown };
}
