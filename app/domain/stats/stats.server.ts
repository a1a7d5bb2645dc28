// Public aggregates of the tool itself (/stats): counts and days, never names or amounts per company.
import { sql } from "kysely";
import type { Executor } from "../../../db/client";

export async function publicStats(db: Executor) {
  const [counts, ordered, consumed] = await Promise.all([
    db.selectNoFrom([
      sql<string>`(SELECT count(*) FROM contract)`.as("contracts"),
      sql<string>`(SELECT count(*) FROM beneficiary)`.as("beneficiaries"),
      sql<string>`(SELECT count(*) FROM purchase_order WHERE status <> 'draft')`.as("orders"),
    ]).executeTakeFirstOrThrow(),
    db.selectFrom("purchase_order as po").innerJoin("order_line as ol", "ol.order_id", "po.id")
      .where("po.status", "in", ["issued", "closed"])
      .select([sql<number>`extract(year FROM po.issued_on)::int`.as("year"), sql<string>`count(DISTINCT po.id)`.as("orders"), sql<string>`sum(ol.quantity * 20)`.as("days")])
      .groupBy(sql`1`).execute(),
    db.selectFrom("declaration as d").innerJoin("declaration_line as dl", "dl.declaration_id", "d.id")
      .where("d.status", "=", "validated")
      .select([sql<number>`extract(year FROM d.month)::int`.as("year"), sql<string>`sum(dl.delta_days)`.as("days")])
      .groupBy(sql`1`).execute(),
  ]);
  const years = [...new Set([...ordered.map((r) => r.year), ...consumed.map((r) => r.year)])].sort();
  return {
    contracts: Number(counts.contracts),
    beneficiaries: Number(counts.beneficiaries),
    orders: Number(counts.orders),
    years: years.map((year) => ({
      year,
      orders: Number(ordered.find((r) => r.year === year)?.orders ?? 0),
      orderedDays: ordered.find((r) => r.year === year)?.days ?? "0",
      consumedDays: consumed.find((r) => r.year === year)?.days ?? "0",
    })),
  };
}
