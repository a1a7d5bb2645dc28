// Test orders for the declaration tests, built by the factories (seeds/factories.ts) through the real use
// cases: a test contract held by the contractor with the unit prices the test asks for (one per price table
// and database), then a draft written and issued by the correspondent (and closed, for "closed").
import type { Db } from "../../db/client";
import type { WorkUnitCode } from "../../db/schema";
import { buildClosing, buildContract, buildDraftOrder, buildIssuedOrder } from "../../seeds/factories";
import { sessionUser, accounts } from "../helpers/db";

export interface TestOrder {
  id: number;
  number: string;
  lines: { id: number; lineNo: number }[];
  beneficiaryId: number;
  contractorId: number;
}

const contracts = new WeakMap<Db, Map<string, number>>();

/** A test contract (2020-2030) whose lot 1 the contractor holds, at these unit prices. */
async function contractWithPrices(db: Db, contractorId: number, prices: Partial<Record<WorkUnitCode, string>>): Promise<number> {
  const key = `${contractorId}:${JSON.stringify(Object.entries(prices).sort())}`;
  const known = contracts.get(db) ?? new Map<string, number>();
  contracts.set(db, known);
  if (!known.has(key)) known.set(key, (await buildContract(db, { holders: [{ contractor: contractorId, prices }] })).id);
  return known.get(key)!;
}

export async function makeOrder(
  db: Db,
  options: {
    contractor?: string;
    correspondent?: string;
    periodStart?: string;
    periodEnd?: string;
    status?: "issued" | "closed" | "draft";
    /** [work unit, quantity, unit price] */
    lines?: [WorkUnitCode, string, string][];
  } = {},
): Promise<TestOrder> {
  const contractor = await sessionUser(db, options.contractor ?? accounts.contractorA);
  const lines = options.lines ?? [["DEVOPS_CONFIRME", "0.5", "12000.00"]];
  const contract = await contractWithPrices(db, contractor.contractorId!, Object.fromEntries(lines.map(([code, , price]) => [code, price])));
  const o = {
    as: options.correspondent ?? accounts.correspondentA,
    contractor: contractor.contractorId!,
    contract,
    periodStart: options.periodStart ?? "2026-01-01",
    periodEnd: options.periodEnd ?? "2026-12-31",
    lines: lines.map(([code, quantity]) => [code, quantity] as [WorkUnitCode, string]),
  };
  const status = options.status ?? "issued";
  const order = status === "draft" ? await buildDraftOrder(db, o) : await buildIssuedOrder(db, o);
  if (status === "closed") await buildClosing(db, order.id, { as: o.as });
  return {
    id: order.id,
    number: order.number,
    lines: order.lines.map((l) => ({ id: l.id, lineNo: l.lineNo })),
    beneficiaryId: order.beneficiaryId,
    contractorId: order.contractorId,
  };
}

export function line(orderLineId: number, days: string, extra: { people?: { name: string; days: string }[]; activities?: string } = {}) {
  return { orderLineId, days, activities: extra.activities ?? "Développement", remainingEstimateDays: null, remainingComment: "", people: extra.people ?? [] };
}
