// Test orders for the declaration tests: issued straight in SQL (the orders feature has its own tests).
import type { Db } from "../../db/client";
import type { WorkUnitCode } from "../../db/schema";
import { lineAmountHt, orderTotals } from "../../app/domain/orders/amounts";
import { sessionUser, accounts } from "../helpers/db";

let seq = 0;

export interface TestOrder {
  id: number;
  number: string;
  lines: { id: number; lineNo: number }[];
  beneficiaryId: number;
  contractorId: number;
}

export async function makeOrder(db: Db, options: {
  contractor?: string;
  correspondent?: string;
  periodStart?: string;
  periodEnd?: string;
  status?: "issued" | "closed" | "draft";
  lines?: [WorkUnitCode, string, string][];
} = {}): Promise<TestOrder> {
  const contractor = await sessionUser(db, options.contractor ?? accounts.contractorA);
  const correspondent = await sessionUser(db, options.correspondent ?? accounts.correspondentA);
  const product = await db.selectFrom("product").select("id").where("beneficiary_id", "=", correspondent.beneficiaryId!).orderBy("id").executeTakeFirstOrThrow();
  const holder = await db.selectFrom("lot_holder as h").innerJoin("lot as l", "l.id", "h.lot_id").select(["l.id as lot_id", "l.contract_id"])
    .where("h.contractor_id", "=", contractor.contractorId!).orderBy("l.id", "desc").executeTakeFirstOrThrow();
  const lines = options.lines ?? [["DEVOPS_CONFIRME", "0.5", "12000.00"]];
  const totals = orderTotals(lines.map(([, quantity, unitPrice]) => ({ quantity, unitPrice })), "0.2");
  const status = options.status ?? "issued";
  seq++;
  const nseq = 5000 + seq + Math.floor(Math.random() * 1000) * 10;
  const number = status === "draft" ? null : `TEST-${process.pid}-${nseq}`;
  const order = await db.insertInto("purchase_order").values({
    contract_id: holder.contract_id, lot_id: holder.lot_id, beneficiary_id: correspondent.beneficiaryId!, product_id: product.id,
    contractor_id: contractor.contractorId!, status, number, number_year: number ? 2090 : null, number_seq: number ? nseq : null,
    period_start: options.periodStart ?? "2026-01-01", period_end: options.periodEnd ?? "2026-12-31", vat_rate: "0.2000",
    total_ht: totals.totalHt, total_vat: totals.totalVat, total_ttc: totals.totalTtc, created_by: correspondent.id,
    issued_by: number ? correspondent.id : null, issued_at: number ? new Date() : null, issued_on: number ? "2026-01-01" : null,
  }).returning("id").executeTakeFirstOrThrow();
  const out: TestOrder["lines"] = [];
  for (const [i, [code, quantity, unitPrice]] of lines.entries()) {
    const row = await db.insertInto("order_line").values({ order_id: order.id, line_no: i + 1, work_unit_code: code, quantity, unit_price: unitPrice,
      amount_ht: lineAmountHt(quantity, unitPrice) }).returning("id").executeTakeFirstOrThrow();
    out.push({ id: row.id, lineNo: i + 1 });
  }
  return { id: order.id, number: number ?? "", lines: out, beneficiaryId: correspondent.beneficiaryId!, contractorId: contractor.contractorId! };
}

export function line(orderLineId: number, days: string, extra: { people?: { name: string; days: string }[]; activities?: string } = {}) {
  return { orderLineId, days, activities: extra.activities ?? "Développement", remainingEstimateDays: null, remainingComment: "", people: extra.people ?? [] };
}
