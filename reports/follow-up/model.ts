// Pure model of the beneficiary follow-up: per order, then per product (sums of its orders).
import { Decimal, dec } from "../../app/lib/decimal";
import { sumOrderFigures, toOrderFigures, type OrderFigures } from "../../app/domain/consumption/figures";
import { declarationStatusLabels, phaseLabels } from "../labels";
import { orderStateLabel } from "../../app/domain/orders/ending";
import type { RawActivity, RawOrderFollowUp } from "./queries.server";
import type { ActivityRow, OrderFollowUpRow, ProductFollowUpRow } from "./tables";

const days = (v: Decimal.Value) => dec(v).toFixed(1);
const uniq = (xs: string[]) => [...new Set(xs.map((x) => x.trim()).filter(Boolean))];

/** R13: the figures of an order, or the sums of a product's orders */
function figureColumns(f: OrderFigures) {
  return {
    orderedDays: f.orderedDays,
    consumedDays: f.consumedDays,
    pendingDays: f.pendingDays,
    remainingDays: f.remainingDays,
    orderedHt: f.orderedHt,
    consumedHt: f.consumedHt,
    remainingHt: f.remainingHt,
    orderedTtc: f.orderedTtc,
    consumedTtc: f.consumedTtc,
    remainingTtc: f.remainingTtc,
    releasedDays: f.releasedDays,
    releasedHt: f.releasedHt,
    releasedTtc: f.releasedTtc,
    consumptionRate: f.consumptionRate,
  };
}

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
    ...figureColumns(toOrderFigures(r)),
    lastMonth: r.last_month,
    lastActivities: last
      .filter((l) => l.activities.trim())
      .map((l) => `${l.work_unit} : ${l.activities}`)
      .join(" | "),
    estimatedRemainingDays: estimates.length ? days(estimates.reduce((s, l) => s.plus(l.remaining_estimate_days!), new Decimal(0))) : null,
    remainingWork: uniq(last.map((l) => l.remaining_comment)).join(" | "),
    invoicedTtc: r.invoiced_ttc,
    paidTtc: r.paid_ttc,
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
    return {
      row: {
        beneficiary: raws[0].beneficiary,
        product: raws[0].product,
        phase: raws[0].phase ? phaseLabels[raws[0].phase] : "",
        orders: raws.length,
        ...figureColumns(sumOrderFigures(raws.map(toOrderFigures))),
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
