// SQL of the consolidated workbook. Set-based: every figure is a SQL aggregate or a per-row expression, never
// a loop in JS. The two large tables (order lines, declaration lines) are ONE query each whose rows are
// the sheet's rows (aliases = the column keys of tables.ts, exact numeric/date values, French labels
// applied in SQL); they are read through a server-side cursor for the XLSX (db/streaming.ts) and handed
// to COPY for the CSV (reports/csv), so memory stays flat whatever the volume. Consumption per line comes
// from the running totals kept by the database (order_line.consumed_*, migration 0900). Scoping:
// orderScope/productScope from app/auth/scope.server.ts, applied once in the order selection that every
// query starts from.
import { sql } from "kysely";
import type { Executor } from "../../db/client";
import type { SessionUser } from "../../app/auth/user";
import { declarationVisible, productScope } from "../../app/auth/scope.server";
import { countedLineSql, lineVatSql, orderFiguresLateral, orderFiguresSql } from "../../app/domain/consumption/queries.server";
import type { ResolvedFilters } from "./filters";
import type { RawProduct, RawSummary, RawWorkUnit } from "./model";
import type { DeclarationRow, OrderLineRow } from "./tables";
import { declarationKindLabels, declarationStatusLabels, orderStatusLabels, phaseLabels } from "../labels";
import { ENDED_WITH_REMAINING_STATUS_LABEL } from "../../app/domain/orders/ending";
import { endedWithRemainingSql } from "../../app/domain/orders/ending.server";
import { selectedOrders } from "../../app/domain/orders/selection.server";

// the order selection and R11's AE/CP live in the domain (the home page's budget reads them too)
export { selectedOrders } from "../../app/domain/orders/selection.server";
export { budgetByYear, budgetQuery } from "../../app/domain/budget/ae-cp.server";

/**
 * The declaration lines a report shows (aliases `dl`, `d`): of the selected orders, submitted or validated
 * (only what was submitted is reported; who may see a draft is the scope's rule, applied here too), in the
 * period's months. The "Déclarations" sheet and the follow-up's activities read the same lines.
 */
export function reportedDeclarationLines(db: Executor, user: SessionUser, f: ResolvedFilters) {
  const orders = selectedOrders(db, user, f).select("po.id");
  return sql<boolean>`dl.order_id IN (${orders}) AND d.status IN ('validated', 'submitted') AND ${declarationVisible(user, "d")}
      ${f.from ? sql`AND d.month >= date_trunc('month', ${f.from}::date)::date` : sql``}
      ${f.to ? sql`AND d.month <= ${f.to}::date` : sql``}`;
}

/** Labels as a JSON object, looked up in SQL (`labels ->> code`): the JS maps of reports/labels.ts stay the one source. */
function labels(map: Record<string, string>) {
  return sql`${JSON.stringify(map)}::jsonb`;
}

export function summaryQuery(db: Executor, user: SessionUser, f: ResolvedFilters) {
  const orders = selectedOrders(db, user, f).select("po.id");
  return sql<RawSummary>`
    WITH o AS (
      SELECT po.beneficiary_id, f.* FROM purchase_order po LEFT JOIN LATERAL ${orderFiguresSql("po")} f ON true
      WHERE po.id IN (${orders})
    )
    SELECT b.name AS beneficiary, count(*) AS orders,
      sum(o.ordered_days) AS ordered_days, sum(o.ordered_ht) AS ordered_ht, sum(o.ordered_ttc) AS ordered_ttc,
      sum(o.consumed_days) AS consumed_days, sum(o.consumed_ht) AS consumed_ht, sum(o.consumed_ttc) AS consumed_ttc,
      sum(o.pending_days) AS pending_days,
      sum(o.released_days) AS released_days, sum(o.released_ht) AS released_ht, sum(o.released_ttc) AS released_ttc
    FROM o JOIN beneficiary b ON b.id = o.beneficiary_id
    GROUP BY b.name ORDER BY b.name`;
}

export async function summaryByBeneficiary(db: Executor, user: SessionUser, f: ResolvedFilters): Promise<RawSummary[]> {
  return (await summaryQuery(db, user, f).execute(db)).rows;
}

/** The names a sheet's row shows of its order `po`: its contract `k`, beneficiary `b`, product `p` and contractor `c`. */
const orderNames = sql`JOIN contract k ON k.id = po.contract_id
    JOIN beneficiary b ON b.id = po.beneficiary_id
    JOIN product p ON p.id = po.product_id
    JOIN contractor c ON c.id = po.contractor_id`;

/**
 * The "Lignes de BC" sheet, one row per order line, orders by number. Its status says "Émis, échu avec
 * reste" (R14) for an issued order past its end with days left on `today`, the export's day in Paris. R5 puts VAT on the order total:
 * each line gets its own rounded VAT and the order's last line absorbs the difference, so the lines add
 * up to the order's exact VAT (lineVatSql, the twin of amounts.ts allocateVat, checked against it in the tests); the
 * consumed TTC follows the same rule.
 */
export function orderLinesQuery(db: Executor, user: SessionUser, f: ResolvedFilters, today: string) {
  const orders = selectedOrders(db, user, f).select("po.id");
  // R13: each line counted per its order's status (a closed order's lines count what they consumed)
  const c = countedLineSql("ol", "po");
  return sql<OrderLineRow>`
    WITH o AS (${orders}),
    v AS (
      SELECT ol.id AS order_line_id, ${lineVatSql(c.orderedHt, sql`po.vat_rate`)} AS vat, ${lineVatSql(c.consumedHt, sql`po.vat_rate`)} AS consumed_vat
      FROM order_line ol JOIN purchase_order po ON po.id = ol.order_id
      WHERE ol.order_id IN (SELECT id FROM o)
    )
    SELECT k.reference AS "contract", l.number AS "lot", b.name AS "beneficiary", p.name AS "product",
      coalesce(${labels(phaseLabels)} ->> (SELECT ph.phase FROM product_phase ph WHERE ph.product_id = p.id ORDER BY ph.started_on DESC, ph.id DESC LIMIT 1), '') AS "phase",
      c.name AS "contractor", coalesce(po.number, '') AS "orderNumber", coalesce(po.ej_number, '') AS "ej",
      CASE WHEN ${endedWithRemainingSql(today)} THEN ${ENDED_WITH_REMAINING_STATUS_LABEL} ELSE ${labels(orderStatusLabels)} ->> po.status END AS "status",
      po.issued_on AS "issuedOn", po.period_start AS "periodStart", po.period_end AS "periodEnd",
      ol.line_no AS "lineNo", w.label AS "workUnit", round(ol.quantity, 3) AS "quantity",
      round(${c.orderedDays}, 1) AS "orderedDays", round(ol.unit_price, 2) AS "unitPrice", round(${c.orderedHt}, 2) AS "amountHt",
      v.vat AS "vat", ${c.orderedHt} + v.vat AS "amountTtc",
      ${c.consumedDays} AS "consumedDays", ${c.consumedHt} AS "consumedHt", ${c.consumedHt} + v.consumed_vat AS "consumedTtc",
      ${c.pendingDays} AS "pendingDays", round(${c.orderedDays} - ${c.consumedDays}, 1) AS "remainingDays",
      ${c.orderedHt} - ${c.consumedHt} AS "remainingHt", (${c.orderedHt} + v.vat) - (${c.consumedHt} + v.consumed_vat) AS "remainingTtc",
      round(${c.releasedDays}, 1) AS "releasedDays", round(${c.releasedHt}, 2) AS "releasedHt"
    FROM purchase_order po
    JOIN order_line ol ON ol.order_id = po.id
    JOIN v ON v.order_line_id = ol.id
    JOIN lot l ON l.id = po.lot_id
    ${orderNames}
    JOIN work_unit_type w ON w.code = ol.work_unit_code
    ORDER BY po.number, po.id, ol.line_no`;
}

/** The "Déclarations" sheet: one row per submitted or validated declaration line in the period. */
export function declarationLinesQuery(db: Executor, user: SessionUser, f: ResolvedFilters) {
  return sql<DeclarationRow>`
    SELECT k.reference AS "contract", b.name AS "beneficiary", p.name AS "product", c.name AS "contractor",
      coalesce(po.number, '') AS "orderNumber", coalesce(po.ej_number, '') AS "ej",
      d.month AS "month", extract(year FROM d.month)::int AS "year",
      coalesce(${labels(declarationKindLabels)} ->> d.kind, d.kind) AS "kind", ${labels(declarationStatusLabels)} ->> d.status AS "status",
      (d.validated_at AT TIME ZONE 'Europe/Paris')::date AS "validatedOn", ol.line_no AS "lineNo", w.label AS "workUnit",
      dl.days AS "declaredDays",
      CASE WHEN d.status = 'validated' THEN coalesce(dl.delta_days, 0) END AS "consumedDays",
      CASE WHEN d.status = 'submitted' THEN coalesce(dl.delta_days, 0) END AS "pendingDays",
      CASE WHEN d.status = 'validated' THEN coalesce(dl.consumed_amount, 0) END AS "consumedHt",
      dl.activities AS "activities", dl.remaining_estimate_days AS "remainingEstimateDays",
      dl.remaining_comment AS "remainingComment", coalesce(d.correction_reason, '') AS "correctionReason",
      coalesce(lc.names, lead.name) AS "companies", coalesce(lc.sirets, coalesce(lead.siret, '')) AS "companySirets"
    FROM declaration_line dl
    JOIN declaration d ON d.id = dl.declaration_id
    JOIN purchase_order po ON po.id = dl.order_id
    -- R18: the companies of the line's people as when it was written (the lead's when it names nobody)
    LEFT JOIN holder_company lh ON lh.contractor_id = po.contractor_id AND lh.role = 'lead'
    LEFT JOIN company lead ON lead.id = lh.company_id
    LEFT JOIN LATERAL (
      SELECT string_agg(x.name, ' ; ' ORDER BY x.name, x.id) AS names, string_agg(coalesce(x.siret, ''), ' ; ' ORDER BY x.name, x.id) AS sirets
      FROM (SELECT DISTINCT co.id, co.name, co.siret FROM declaration_person dp JOIN person pe ON pe.id = dp.person_id
            JOIN company co ON co.id = coalesce(dp.company_id, pe.company_id) WHERE dp.declaration_line_id = dl.id) x
    ) lc ON true
    JOIN order_line ol ON ol.id = dl.order_line_id
    JOIN work_unit_type w ON w.code = ol.work_unit_code
    ${orderNames}
    WHERE ${reportedDeclarationLines(db, user, f)}
    ORDER BY po.number, po.id, d.month, d.id, ol.line_no`;
}

export function workUnitsQuery(db: Executor, user: SessionUser, f: ResolvedFilters) {
  const orders = selectedOrders(db, user, f).select("po.id");
  const c = countedLineSql("ol", "po");
  return sql<RawWorkUnit>`
    SELECT b.name AS beneficiary, w.label AS work_unit, count(DISTINCT po.id) AS orders, sum(ol.quantity) AS quantity,
      sum(${c.orderedDays}) AS ordered_days, sum(${c.orderedHt}) AS ordered_ht,
      sum(${c.consumedDays}) AS consumed_days, sum(${c.consumedHt}) AS consumed_ht, sum(${c.pendingDays}) AS pending_days
    FROM purchase_order po
    JOIN order_line ol ON ol.order_id = po.id
    JOIN beneficiary b ON b.id = po.beneficiary_id
    JOIN work_unit_type w ON w.code = ol.work_unit_code
    WHERE po.id IN (${orders})
    GROUP BY b.name, w.label, w.sort_order
    ORDER BY b.name, w.sort_order`;
}

export async function workUnitsByBeneficiary(db: Executor, user: SessionUser, f: ResolvedFilters): Promise<RawWorkUnit[]> {
  return (await workUnitsQuery(db, user, f).execute(db)).rows;
}

export async function productsWithFigures(db: Executor, user: SessionUser, f: ResolvedFilters): Promise<RawProduct[]> {
  return (await productsQuery(db, user, f).execute(db)).rows;
}

export function productsQuery(db: Executor, user: SessionUser, f: ResolvedFilters) {
  const orders = selectedOrders(db, user, f)
    .leftJoinLateral(
      (eb) => orderFiguresLateral(eb),
      (j) => j.onTrue(),
    )
    .select(["po.product_id", "f.ordered_days", "f.ordered_ht", "f.consumed_days", "f.consumed_ht"]);
  // with an order-level filter, only the products those orders serve; otherwise every product in scope
  const onlyWithOrders = !!(f.contract || f.contractorId || f.from || f.to);
  const products = db.selectFrom("product as p").where(productScope(user)).select("p.id");
  const scoped = f.beneficiaryId ? products.where("p.beneficiary_id", "=", f.beneficiaryId) : products;
  return sql<RawProduct>`
    WITH o AS (${orders}),
    agg AS (
      SELECT product_id, count(*) AS orders, sum(ordered_days) AS ordered_days, sum(ordered_ht) AS ordered_ht,
        sum(consumed_days) AS consumed_days, sum(consumed_ht) AS consumed_ht
      FROM o GROUP BY product_id
    )
    SELECT b.name AS beneficiary, p.name AS product, p.registry_id, p.incubator, p.kind, ph.phase, ph.started_on AS phase_since, p.stats_url,
      (SELECT json_agg(json_build_object('title', r.title, 'level', r.level, 'status', r.status)
         ORDER BY CASE r.level WHEN 'critique' THEN 0 WHEN 'eleve' THEN 1 WHEN 'moyen' THEN 2 ELSE 3 END, r.identified_on DESC, r.id)
       FROM product_risk r WHERE r.product_id = p.id AND r.status <> 'clos') AS risks,
      coalesce(agg.orders, 0) AS orders, coalesce(agg.ordered_days, 0) AS ordered_days, coalesce(agg.ordered_ht, 0) AS ordered_ht,
      coalesce(agg.consumed_days, 0) AS consumed_days, coalesce(agg.consumed_ht, 0) AS consumed_ht
    FROM product p
    JOIN beneficiary b ON b.id = p.beneficiary_id
    -- R19: the current phase, the latest started on or before today (the transaction's clock)
    LEFT JOIN LATERAL (SELECT phase, started_on FROM product_phase WHERE product_id = p.id AND started_on <= (app_now() AT TIME ZONE 'Europe/Paris')::date
      ORDER BY started_on DESC, id DESC LIMIT 1) ph ON true
    ${onlyWithOrders ? sql`JOIN agg ON agg.product_id = p.id` : sql`LEFT JOIN agg ON agg.product_id = p.id`}
    WHERE p.id IN (${scoped})
    ORDER BY b.name, p.name`;
}

export async function filterNames(db: Executor, f: ResolvedFilters) {
  const [b, c] = await Promise.all([
    f.beneficiaryId ? db.selectFrom("beneficiary").select("name").where("id", "=", f.beneficiaryId).executeTakeFirst() : undefined,
    f.contractorId ? db.selectFrom("contractor").select("name").where("id", "=", f.contractorId).executeTakeFirst() : undefined,
  ]);
  return { beneficiaryName: b?.name ?? null, contractorName: c?.name ?? null };
}
