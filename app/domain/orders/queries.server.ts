// Order reads, always scoped (auth/scope.server.ts), with R10 figures computed in SQL.
import { sql } from "kysely";
import { dec, toCents } from "../../lib/decimal";
import type { Executor } from "../../../db/client";
import { orderScope } from "../../auth/scope.server";
import type { SessionUser } from "../../auth/user";
import { toFigures, type Figures } from "../consumption/figures";
import { lineFiguresQuery, orderFiguresLateral } from "../consumption/queries.server";

export const ORDER_PAGE_SIZE = 25;

export interface OrderListItem {
  id: number;
  number: string | null;
  status: "draft" | "issued" | "closed" | "cancelled";
  productName: string;
  beneficiaryName: string;
  contractorName: string;
  contractReference: string;
  periodStart: string;
  periodEnd: string;
  vatRate: string;
  totalTtc: string;
  figures: Figures;
}

export async function listOrders(db: Executor, user: SessionUser, options: { page?: number } = {}) {
  const page = Math.max(1, options.page ?? 1);
  const base = db.selectFrom("purchase_order as po").where(orderScope(user));
  const [{ count }] = await base.select((eb) => eb.fn.countAll<string>().as("count")).execute();
  const rows = await base
    .innerJoin("product as p", "p.id", "po.product_id")
    .innerJoin("beneficiary as b", "b.id", "po.beneficiary_id")
    .innerJoin("contractor as c", "c.id", "po.contractor_id")
    .innerJoin("contract as k", "k.id", "po.contract_id")
    .leftJoinLateral((eb) => orderFiguresLateral(eb), (j) => j.onTrue())
    .select([
      "po.id", "po.number", "po.status", "p.name as productName", "b.name as beneficiaryName",
      "c.name as contractorName", "k.reference as contractReference", "po.period_start", "po.period_end",
      "po.vat_rate", "po.total_ttc", "f.ordered_days", "f.ordered_ht", "f.consumed_days", "f.consumed_ht", "f.pending_days",
    ])
    .orderBy("po.created_at", "desc")
    .orderBy("po.id", "desc")
    .limit(ORDER_PAGE_SIZE)
    .offset((page - 1) * ORDER_PAGE_SIZE)
    .execute();
  const items: OrderListItem[] = rows.map((r) => ({
    id: r.id,
    number: r.number,
    status: r.status,
    productName: r.productName,
    beneficiaryName: r.beneficiaryName,
    contractorName: r.contractorName,
    contractReference: r.contractReference,
    periodStart: r.period_start,
    periodEnd: r.period_end,
    vatRate: r.vat_rate,
    totalTtc: r.total_ttc,
    figures: toFigures(r),
  }));
  return { items, total: Number(count), page, pageSize: ORDER_PAGE_SIZE };
}

/** One order with its lines and figures, or null when it does not exist or is out of scope. */
export async function getOrder(db: Executor, user: SessionUser, id: number) {
  const order = await db
    .selectFrom("purchase_order as po")
    .innerJoin("product as p", "p.id", "po.product_id")
    .innerJoin("beneficiary as b", "b.id", "po.beneficiary_id")
    .innerJoin("contractor as c", "c.id", "po.contractor_id")
    .innerJoin("contract as k", "k.id", "po.contract_id")
    .innerJoin("lot as l", "l.id", "po.lot_id")
    .where("po.id", "=", id)
    .where(orderScope(user))
    .selectAll("po")
    .select([
      "p.name as productName", "p.kind as productKind", "b.name as beneficiaryName", "c.name as contractorName",
      "k.reference as contractReference", "k.title as contractTitle", "l.number as lotNumber", "l.title as lotTitle",
    ])
    .executeTakeFirst();
  if (!order) return null;
  const lines = await lineFiguresQuery(db)
    .innerJoin("work_unit_type as w", "w.code", "ol.work_unit_code")
    .where("ol.order_id", "=", id)
    .select(["ol.line_no", "ol.work_unit_code", "w.label as workUnitLabel", "ol.quantity", "ol.unit_price"])
    .orderBy("ol.line_no")
    .execute();
  return {
    order,
    lines: lines.map((l) => ({
      id: l.order_line_id,
      lineNo: l.line_no,
      workUnitCode: l.work_unit_code,
      workUnitLabel: l.workUnitLabel,
      quantity: l.quantity,
      unitPrice: l.unit_price,
      figures: toFigures(l),
    })),
  };
}

/** Totals over the user's scope: issued and closed orders (remaining only on issued ones). */
export async function scopeTotals(db: Executor, user: SessionUser) {
  const row = await db
    .selectFrom("purchase_order as po")
    .where(orderScope(user))
    .where("po.status", "in", ["issued", "closed"])
    .leftJoinLateral((eb) => orderFiguresLateral(eb), (j) => j.onTrue())
    .select((eb) => [
      eb.fn.countAll<string>().as("orders"),
      sql<string>`coalesce(sum(f.ordered_days), 0)`.as("ordered_days"),
      sql<string>`coalesce(sum(f.ordered_ht), 0)`.as("ordered_ht"),
      sql<string>`coalesce(sum(f.consumed_days), 0)`.as("consumed_days"),
      sql<string>`coalesce(sum(f.consumed_ht), 0)`.as("consumed_ht"),
      sql<string>`coalesce(sum(f.pending_days), 0)`.as("pending_days"),
      sql<string>`coalesce(sum(f.ordered_days - f.consumed_days) FILTER (WHERE po.status = 'issued'), 0)`.as("open_remaining_days"),
      sql<string>`coalesce(sum(f.ordered_ht - f.consumed_ht) FILTER (WHERE po.status = 'issued'), 0)`.as("open_remaining_ht"),
    ])
    .executeTakeFirstOrThrow();
  return {
    orders: Number(row.orders),
    figures: toFigures(row),
    openRemainingDays: dec(row.open_remaining_days).toFixed(1),
    openRemainingHt: toCents(dec(row.open_remaining_ht)),
  };
}
