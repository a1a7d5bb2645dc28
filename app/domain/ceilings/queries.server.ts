// R17: per period of execution, the contract's and each capped lot's maximum, what the period has ordered
// (R13's counted ordered HT of its issued and closed orders, by issue date), what is left, the rate and the
// forecast date (forecast.ts). Contract-wide figures: DINUM's pages, the "Plafonds" sheet, /stats.
import { sql } from "kysely";
import type { Executor } from "../../../db/client";
import { addDays } from "../../lib/dates";
import { orderFiguresSql } from "../consumption/queries.server";
import { ceilingForecast, monthsBefore, PACE_WINDOW_MONTHS, type CeilingForecast } from "./forecast";
import { periodLabel } from "./services.server";

export interface CeilingStatus extends CeilingForecast {
  periodId: number;
  contractId: number;
  contractReference: string;
  periodNo: number;
  periodLabel: string;
  startDate: string;
  endDate: string;
  /** null: the contract's own maximum */
  lotId: number | null;
  lotNumber: number | null;
  lotTitle: string | null;
  maxHt: string;
  orderedHt: string;
}

interface Row {
  period_id: number;
  contract_id: number;
  reference: string;
  period_no: number;
  start_date: string;
  end_date: string;
  lot_id: number | null;
  lot_number: number | null;
  lot_title: string | null;
  max_ht: string;
  ordered_ht: string;
  window_ht: string;
}

/** Every ceiling (the contract's per period, then its capped lots), optionally of one contract, as of `today`. */
export async function ceilingStatuses(db: Executor, today: string, filters: { contractId?: number | null } = {}): Promise<CeilingStatus[]> {
  const f = orderFiguresSql("po");
  // the pace window's first day (forecast.ts paceWindow), clipped to the period's start in SQL
  const sixMonths = addDays(monthsBefore(today, PACE_WINDOW_MONTHS), 1);
  const contract = filters.contractId ?? null;
  const { rows } = await sql<Row>`
    WITH caps AS (
      SELECT ep.id AS period_id, ep.contract_id, ep.period_no, ep.start_date, ep.end_date,
        NULL::integer AS lot_id, NULL::integer AS lot_number, NULL::text AS lot_title, ep.max_ht
      FROM execution_period ep
      UNION ALL
      SELECT ep.id, ep.contract_id, ep.period_no, ep.start_date, ep.end_date, l.id, l.number, l.title, lc.max_ht
      FROM lot_ceiling lc JOIN execution_period ep ON ep.id = lc.period_id JOIN lot l ON l.id = lc.lot_id
    )
    SELECT c.period_id, c.contract_id, k.reference, c.period_no, c.start_date, c.end_date, c.lot_id, c.lot_number, c.lot_title, c.max_ht,
      coalesce(sum(f.ordered_ht), 0) AS ordered_ht,
      coalesce(sum(f.ordered_ht) FILTER (WHERE po.issued_on >= greatest(c.start_date, ${sixMonths}::date) AND po.issued_on <= ${today}::date), 0) AS window_ht
    FROM caps c
    JOIN contract k ON k.id = c.contract_id
    LEFT JOIN purchase_order po ON po.contract_id = c.contract_id AND po.status IN ('issued', 'closed')
      AND po.issued_on BETWEEN c.start_date AND c.end_date AND (c.lot_id IS NULL OR po.lot_id = c.lot_id)
    LEFT JOIN LATERAL ${f} f ON true
    WHERE (${contract}::integer IS NULL OR c.contract_id = ${contract}::integer)
    GROUP BY c.period_id, c.contract_id, k.reference, c.period_no, c.start_date, c.end_date, c.lot_id, c.lot_number, c.lot_title, c.max_ht
    ORDER BY k.reference, c.period_no, c.lot_number NULLS FIRST
  `.execute(db);
  return rows.map((r) => ({
    periodId: r.period_id,
    contractId: r.contract_id,
    contractReference: r.reference,
    periodNo: r.period_no,
    periodLabel: periodLabel(r.period_no),
    startDate: r.start_date,
    endDate: r.end_date,
    lotId: r.lot_id,
    lotNumber: r.lot_number,
    lotTitle: r.lot_title,
    maxHt: r.max_ht,
    orderedHt: r.ordered_ht,
    ...ceilingForecast({
      maxHt: r.max_ht,
      orderedHt: r.ordered_ht,
      windowOrderedHt: r.window_ht,
      periodStart: r.start_date,
      periodEnd: r.end_date,
      today,
    }),
  }));
}

/** The ceilings that call for attention today: the current period's at 80 % or more, or forecast to be reached before its end. */
export function ceilingWarnings(statuses: CeilingStatus[]): CeilingStatus[] {
  return statuses.filter((s) => s.current && (s.level !== "ok" || s.beforeEnd));
}
