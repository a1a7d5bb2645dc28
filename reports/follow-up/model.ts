// Pure model of the beneficiary follow-up: per order, then per product (sums of its orders).
import { Decimal, dec, toCents } from "../../app/lib/decimal";
import { declarationStatusLabels, phaseLabels } from "../labels";
import { orderStateLabel } from "../../app/domain/orders/ending";
import type { RawActivity, RawOrderFollowUp } from "./queries.server";
import type { ActivityRow, OrderFollowUpRow, ProductFollowUpRow } from "./tables";

const days = (v: Decimal.Value) => dec(v).toFixed(1);
const rate = (c: Decimal.Value, o: Decimal.Value) => (dec(o).isZero() ? "0.0000" : dec(c).dividedBy(o).toDecimalPlaces(4, Decimal.ROUND_HALF_UP).toFixed(4));
const uniq = (xs: string[]) => [...new Set(xs.map((x) => x.trim()).filter(Boolean))];

export function toOrderFollowUp(r: RawOrderFollowUp): OrderFollowUpRow {
  const last = r.last_activities ?? [];
  const estimates = last.filter((l) => l.remaining_estimate_days !== null);
  return {
    product: r.product,
    orderNumber: r.number ?? "",
    contractor: r.contractor,
    status: orderStateLabel(r.status, r.ended_with_remaining),
    periodStart: r.period_start,
    periodEnd: r.period_end,
    orderedDays: days(r.ordered_days),
    consumedDays: days(r.consumed_days),
    pendingDays: days(r.pending_days),
    remainingDays: days(dec(r.ordered_days).minus(r.consumed_days)),
    remainingHt: toCents(dec(r.ordered_ht).minus(r.consumed_ht)),
    consumptionRate: rate(r.consumed_days, r.ordered_days),
    lastMonth: r.last_month,
    lastActivities: last.filter((l) => l.activities.trim()).map((l) => `${l.work_unit} : ${l.activities}`).join(" | "),
    estimatedRemainingDays: estimates.length ? days(estimates.reduce((s, l) => s.plus(l.remaining_estimate_days!), new Decimal(0))) : null,
    remainingWork: uniq(last.map((l) => l.remaining_comment)).join(" | "),
  };
}

export interface ProductGroup {
  row: ProductFollowUpRow;
  orders: OrderFollowUpRow[];
}

/** Groups the orders (sorted by beneficiary and product) per product, with the product's sums. */
export function groupByProduct(raw: RawOrderFollowUp[]): ProductGroup[] {
  const groups = new Map<string, { raws: RawOrderFollowUp[] }>();
  for (const r of raw) {
    const key = `${r.beneficiary}\u0000${r.product_id}`;
    const g = groups.get(key) ?? { raws: [] };
    g.raws.push(r);
    groups.set(key, g);
  }
  return [...groups.values()].map(({ raws }) => {
    const s = (k: keyof RawOrderFollowUp) => raws.reduce((acc, r) => acc.plus(r[k] as string), new Decimal(0));
    const od = s("ordered_days"), cd = s("consumed_days"), oh = s("ordered_ht"), ch = s("consumed_ht");
    return {
      row: {
        beneficiary: raws[0].beneficiary,
        product: raws[0].product,
        phase: raws[0].phase ? phaseLabels[raws[0].phase] : "",
        orders: raws.length,
        orderedDays: days(od),
        consumedDays: days(cd),
        pendingDays: days(s("pending_days")),
        remainingDays: days(od.minus(cd)),
        orderedHt: toCents(oh),
        consumedHt: toCents(ch),
        remainingHt: toCents(oh.minus(ch)),
        consumptionRate: rate(cd, od),
      },
      orders: raws.map(toOrderFollowUp),
    };
  });
}

export function toActivityRow(r: RawActivity): ActivityRow {
  return {
    product: r.product,
    orderNumber: r.number ?? "",
    month: r.month,
    status: declarationStatusLabels[r.status],
    workUnit: r.work_unit,
    declaredDays: days(r.days),
    activities: r.activities,
    estimatedRemainingDays: r.remaining_estimate_days === null ? null : days(r.remaining_estimate_days),
    remainingWork: r.remaining_comment,
  };
}
