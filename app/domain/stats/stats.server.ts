// Public aggregates of the tool itself (/stats, a beta.gouv standard): counts and days, never names,
// never amounts per company, no personal data.
import { sql } from "kysely";
import type { Executor } from "../../../db/client";
import type { ProductPhase } from "../../../db/schema";
import { countedLineSql, orderFiguresLateral } from "../consumption/queries.server";
import { ceilingStatuses } from "../ceilings/queries.server";
import { Decimal, sum, toCents } from "../../lib/decimal";
import { todayInParis } from "../../lib/dates";

export async function publicStats(db: Executor, today = todayInParis()) {
  const [counts, ordered, consumed, phases, workUnits, ceilings] = await Promise.all([
    db
      .selectNoFrom([
        sql<string>`(SELECT count(*) FROM contract)`.as("contracts"),
        sql<string>`(SELECT count(*) FROM beneficiary)`.as("beneficiaries"),
        sql<string>`(SELECT count(*) FROM product)`.as("products"),
        sql<string>`(SELECT count(*) FROM product WHERE source = 'registry')`.as("registryProducts"),
      ])
      .executeTakeFirstOrThrow(),
    // R13: issued and closed orders (a cancelled order counts 0), their counted days (a closed order's
    // are what it consumed), by year of issue; the headline counts are these tables' sums
    db
      .selectFrom("purchase_order as po")
      .leftJoinLateral(
        (eb) => orderFiguresLateral(eb),
        (j) => j.onTrue(),
      )
      .where("po.status", "in", ["issued", "closed"])
      .select([sql<number>`extract(year FROM po.issued_on)::int`.as("year"), sql<string>`count(*)`.as("orders"), sql<string>`sum(f.ordered_days)`.as("days")])
      .groupBy(sql`1`)
      .execute(),
    db
      .selectFrom("declaration as d")
      .leftJoin("declaration_line as dl", "dl.declaration_id", "d.id")
      .where("d.status", "=", "validated")
      .select([
        sql<number>`extract(year FROM d.month)::int`.as("year"),
        sql<string>`coalesce(sum(dl.delta_days), 0)`.as("days"),
        sql<string>`count(DISTINCT d.id)`.as("declarations"),
      ])
      .groupBy(sql`1`)
      .execute(),
    // products per current phase (R19: the latest started on or before today)
    db
      .selectFrom("product as p")
      .leftJoinLateral(
        (eb) =>
          eb
            .selectFrom("product_phase as ph")
            .whereRef("ph.product_id", "=", "p.id")
            .where("ph.started_on", "<=", sql<string>`(app_now() AT TIME ZONE 'Europe/Paris')::date`)
            .select("ph.phase")
            .orderBy("ph.started_on", "desc")
            .orderBy("ph.id", "desc")
            .limit(1)
            .as("cur"),
        (j) => j.onTrue(),
      )
      .select([sql<ProductPhase | null>`cur.phase`.as("phase"), sql<string>`count(*)`.as("products")])
      .groupBy(sql`1`)
      .execute(),
    db
      .selectFrom("order_line as ol")
      .innerJoin("purchase_order as po", "po.id", "ol.order_id")
      .innerJoin("work_unit_type as w", "w.code", "ol.work_unit_code")
      .where("po.status", "in", ["issued", "closed"])
      .select(["w.label", "w.sort_order", sql<string>`sum(${countedLineSql("ol", "po").orderedDays})`.as("days")])
      .groupBy(["w.label", "w.sort_order"])
      .orderBy("w.sort_order")
      .execute(),
    // R17: the contracts' maxima of their current periods, summed (no contract, lot or amount per company)
    ceilingStatuses(db, today),
  ]);
  const current = ceilings.filter((c) => c.current && c.lotNumber === null);
  const maxHt = sum(current.map((c) => c.maxHt));
  const orderedHt = sum(current.map((c) => c.orderedHt));
  const years = [...new Set([...ordered.map((r) => r.year), ...consumed.map((r) => r.year)])].sort();
  return {
    contracts: Number(counts.contracts),
    beneficiaries: Number(counts.beneficiaries),
    products: Number(counts.products),
    registryProducts: Number(counts.registryProducts),
    orders: ordered.reduce((n, r) => n + Number(r.orders), 0),
    validatedDeclarations: consumed.reduce((n, r) => n + Number(r.declarations), 0),
    years: years.map((year) => ({
      year,
      orders: Number(ordered.find((r) => r.year === year)?.orders ?? 0),
      orderedDays: ordered.find((r) => r.year === year)?.days ?? "0",
      consumedDays: consumed.find((r) => r.year === year)?.days ?? "0",
      declarations: Number(consumed.find((r) => r.year === year)?.declarations ?? 0),
    })),
    phases: phases.map((p) => ({ phase: p.phase, products: Number(p.products) })),
    workUnits: workUnits.map((w) => ({ label: w.label, days: w.days })),
    ceiling: {
      periods: current.length,
      maxHt: toCents(maxHt),
      orderedHt: toCents(orderedHt),
      rate: maxHt.isZero() ? "0.0000" : orderedHt.dividedBy(maxHt).toDecimalPlaces(4, Decimal.ROUND_HALF_UP).toFixed(4),
    },
  };
}
