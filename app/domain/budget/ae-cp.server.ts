// R11: AE and CP, per year and beneficiary. The consolidated workbook's "AE-CP" sheet and the home page's
// budget per year read this one query.
import { sql } from "kysely";
import type { Executor } from "../../../db/client";
import type { SessionUser } from "../../auth/user";
import { orderFiguresSql } from "../consumption/queries.server";
import { selectedOrders, type ResolvedFilters } from "../orders/selection.server";

export interface RawBudget {
  year: number;
  beneficiary: string;
  ae_issued: string;
  ae_amended: string;
  ae_cancelled: string;
  ae_released: string;
  cp: string;
}

/**
 * R11, per year and beneficiary. AE: revision 0's TTC in the year the order was issued; each amendment's
 * TTC difference with the previous revision in the year it takes effect; a cancellation takes back the
 * last revision's TTC in the year it happens. CP (R15): TTC of the invoices paid in the year (payment date).
 * Orders: in scope and matching contract/beneficiary/contractor; the period filters the events' dates.
 */
export async function budgetByYear(db: Executor, user: SessionUser, f: ResolvedFilters): Promise<RawBudget[]> {
  const { rows } = await budgetQuery(db, user, f).execute(db);
  return rows;
}

export function budgetQuery(db: Executor, user: SessionUser, f: ResolvedFilters) {
  // the orders once, with what the events need: every event below joins them (hash joins), instead of
  // `IN (SELECT id FROM o)` followed by another read of purchase_order (780 → ~150 ms at national scale)
  const orders = selectedOrders(db, user, f, { statuses: ["issued", "closed", "cancelled"], period: false }).select([
    "po.id",
    "po.beneficiary_id",
    "po.vat_rate",
    "po.issued_on",
    "po.total_ttc",
    "po.status",
    "po.cancelled_at",
    "po.closed_at",
  ]);
  const from = f.from ?? "0001-01-01";
  const to = f.to ?? "9999-12-31";
  return sql<RawBudget>`
    WITH o AS MATERIALIZED (${orders}),
    rev AS (
      SELECT o.beneficiary_id, r.revision_no,
        CASE WHEN r.revision_no = 0 THEN coalesce(o.issued_on, r.effective_on) ELSE r.effective_on END AS on_date,
        r.total_ttc - coalesce(lag(r.total_ttc) OVER (PARTITION BY r.order_id ORDER BY r.revision_no), 0) AS amount
      FROM o JOIN order_revision r ON r.order_id = o.id
      UNION ALL
      -- an issued order without any revision row (should not happen): its current total at issue
      SELECT o.beneficiary_id, 0, o.issued_on, o.total_ttc FROM o
      WHERE o.issued_on IS NOT NULL AND NOT EXISTS (SELECT 1 FROM order_revision r WHERE r.order_id = o.id)
    ),
    cancel AS (
      SELECT o.beneficiary_id, (o.cancelled_at AT TIME ZONE 'Europe/Paris')::date AS on_date, -coalesce(last.total_ttc, o.total_ttc) AS amount
      FROM o LEFT JOIN LATERAL (SELECT r.total_ttc FROM order_revision r WHERE r.order_id = o.id ORDER BY r.revision_no DESC LIMIT 1) last ON true
      WHERE o.status = 'cancelled' AND o.cancelled_at IS NOT NULL
    ),
    -- R11/R13: closing releases what was left (its TTC, as the order figures count it) in the year it happens
    released AS (
      SELECT o.beneficiary_id, (o.closed_at AT TIME ZONE 'Europe/Paris')::date AS on_date, -f.released_ttc AS amount
      FROM o JOIN purchase_order po ON po.id = o.id CROSS JOIN LATERAL ${orderFiguresSql("po")} f
      WHERE o.status = 'closed' AND o.closed_at IS NOT NULL
    ),
    -- R11/R15: CP = TTC of the invoices paid in the year (payment date), whatever the state of their order
    cp AS (
      SELECT o.beneficiary_id, i.paid_on AS on_date, i.amount_ttc AS amount
      FROM o JOIN invoice i ON i.order_id = o.id
      WHERE i.status = 'paid'
    ),
    events AS (
      SELECT beneficiary_id, extract(year FROM on_date)::int AS year,
        CASE WHEN revision_no = 0 THEN amount ELSE 0 END AS ae_issued,
        CASE WHEN revision_no > 0 THEN amount ELSE 0 END AS ae_amended, 0 AS ae_cancelled, 0 AS ae_released, 0 AS cp
      FROM rev WHERE on_date BETWEEN ${from}::date AND ${to}::date
      UNION ALL
      SELECT beneficiary_id, extract(year FROM on_date)::int, 0, 0, amount, 0, 0 FROM cancel WHERE on_date BETWEEN ${from}::date AND ${to}::date
      UNION ALL
      SELECT beneficiary_id, extract(year FROM on_date)::int, 0, 0, 0, amount, 0 FROM released WHERE on_date BETWEEN ${from}::date AND ${to}::date
      UNION ALL
      SELECT beneficiary_id, extract(year FROM on_date)::int, 0, 0, 0, 0, amount FROM cp WHERE on_date BETWEEN ${from}::date AND ${to}::date
    )
    SELECT e.year, b.name AS beneficiary, sum(e.ae_issued) AS ae_issued, sum(e.ae_amended) AS ae_amended,
      sum(e.ae_cancelled) AS ae_cancelled, sum(e.ae_released) AS ae_released, sum(e.cp) AS cp
    FROM events e JOIN beneficiary b ON b.id = e.beneficiary_id
    GROUP BY e.year, b.name ORDER BY e.year, b.name`;
}
