// SQL of the beneficiary follow-up, scoped through the consolidated workbook's order selection.
import { sql } from "kysely";
import type { Executor } from "../../db/client";
import type { SessionUser } from "../../app/auth/user";
import type { ResolvedFilters } from "../consolidated/filters";
import { reportedDeclarationLines, selectedOrders } from "../consolidated/queries.server";
import { orderFiguresSql, type ReportedFigures } from "../../app/domain/consumption/queries.server";
import type { ProductPhase, OrderStatus, DeclarationStatus } from "../../db/schema";
import { endedWithRemainingSql } from "../../app/domain/orders/ending.server";

/** Per order; the figures are R13 counted per the order's status (orderFiguresSql). */
export interface RawOrderFollowUp extends ReportedFigures {
  order_id: number;
  beneficiary: string;
  product_id: number;
  product: string;
  phase: ProductPhase | null;
  number: string | null;
  contractor: string;
  status: OrderStatus;
  period_start: string;
  period_end: string;
  /** R14 on the export's day (endedWithRemainingSql) */
  ended_with_remaining: boolean;
  last_month: string | null;
  last_activities: { work_unit: string; activities: string; remaining_comment: string; remaining_estimate_days: string | null }[] | null;
  /** R15: TTC of the order's invoices not rejected, and of those paid (what its order page's "Factures" shows) */
  invoiced_ttc: string;
  paid_ttc: string;
}

/** Per order in scope; `today` (the export's day in Paris) decides which are "échu avec reste" (R14). */
export async function orderFollowUp(db: Executor, user: SessionUser, f: ResolvedFilters, today: string): Promise<RawOrderFollowUp[]> {
  const orders = selectedOrders(db, user, f).select("po.id");
  const { rows } = await sql<RawOrderFollowUp>`
    WITH o AS (${orders}),
    latest AS (
      SELECT DISTINCT ON (d.order_id) d.order_id, d.id, d.month
      FROM declaration d WHERE d.order_id IN (SELECT id FROM o) AND d.status IN ('validated', 'submitted')
      ORDER BY d.order_id, d.month DESC, d.id DESC
    )
    SELECT po.id AS order_id, b.name AS beneficiary, p.id AS product_id, p.name AS product,
      (SELECT ph.phase FROM product_phase ph WHERE ph.product_id = p.id ORDER BY ph.started_on DESC, ph.id DESC LIMIT 1) AS phase,
      po.number, k.name AS contractor, po.status, po.period_start, po.period_end,
      f.ordered_days, f.ordered_ht, f.ordered_ttc, f.consumed_days, f.consumed_ht, f.consumed_ttc, f.pending_days,
      f.released_days, f.released_ht, f.released_ttc,
      ${endedWithRemainingSql(today)} AS ended_with_remaining,
      latest.month AS last_month,
      (SELECT coalesce(sum(i.amount_ttc), 0) FROM invoice i WHERE i.order_id = po.id AND i.status <> 'rejected')::numeric(14, 2)::text AS invoiced_ttc,
      (SELECT coalesce(sum(i.amount_ttc), 0) FROM invoice i WHERE i.order_id = po.id AND i.status = 'paid')::numeric(14, 2)::text AS paid_ttc,
      (SELECT json_agg(json_build_object('work_unit', w.label, 'activities', dl.activities, 'remaining_comment', dl.remaining_comment,
         'remaining_estimate_days', dl.remaining_estimate_days) ORDER BY ol.line_no)
       FROM declaration_line dl JOIN order_line ol ON ol.id = dl.order_line_id JOIN work_unit_type w ON w.code = ol.work_unit_code
       WHERE dl.declaration_id = latest.id) AS last_activities
    FROM purchase_order po
    JOIN beneficiary b ON b.id = po.beneficiary_id
    JOIN product p ON p.id = po.product_id
    JOIN contractor k ON k.id = po.contractor_id
    LEFT JOIN LATERAL ${orderFiguresSql("po")} f ON true
    LEFT JOIN latest ON latest.order_id = po.id
    WHERE po.id IN (SELECT id FROM o)
    ORDER BY b.name, p.name, po.period_start, po.number`.execute(db);
  return rows;
}

export interface RawActivity {
  product: string;
  number: string | null;
  month: string;
  status: DeclarationStatus;
  work_unit: string;
  days: string;
  activities: string;
  remaining_estimate_days: string | null;
  remaining_comment: string;
}

export async function activityLines(db: Executor, user: SessionUser, f: ResolvedFilters): Promise<RawActivity[]> {
  const { rows } = await sql<RawActivity>`
    SELECT p.name AS product, po.number, d.month, d.status, w.label AS work_unit, dl.days, dl.activities,
      dl.remaining_estimate_days, dl.remaining_comment
    FROM declaration_line dl
    JOIN declaration d ON d.id = dl.declaration_id
    JOIN purchase_order po ON po.id = dl.order_id
    JOIN product p ON p.id = po.product_id
    JOIN order_line ol ON ol.id = dl.order_line_id
    JOIN work_unit_type w ON w.code = ol.work_unit_code
    WHERE ${reportedDeclarationLines(db, user, f)}
    ORDER BY p.name, po.number, d.month, d.id, ol.line_no`.execute(db);
  return rows;
}
