// R10 forecast, pure: burn rate over the last three months, forecast date of exhaustion, over-run and
// under-consumption flags, and the burn-down series (ordered vs cumulative consumed per month, with the
// projection). Works for one order or for a product (its orders summed).
//
// Choices (README "Decisions"):
// - The burn rate counts the days DECLARED (validated + submitted) in the three calendar months before
//   the current one: a month is declared early the next month and validated a few days later, so
//   counting only validated days would show a false slowdown every month-start.
// - Window clipped to the order's period (an order started two months ago averages over two months).
// - R14: an order past its period's end (échu) gets no projection at all: no exhaustion date, no flag;
//   it shows "échu avec reste" while days are left (app/domain/orders/ending.ts decides it).
// - Over-run: the forecast exhaustion falls more than OVERRUN_TOLERANCE_DAYS before the period end.
//   Under-consumption: at the current rate, more than UNDERUSE_SHARE of the ordered days (and at least
//   one day) would be left at the period end.
import { Decimal, dec } from "../../lib/decimal";
import { addDays, addMonths, firstOfMonth, lastDayOfMonth, monthsBetween } from "../../lib/dates";
import { isEnded, isEndedWithRemaining } from "../orders/ending";

export const BURN_WINDOW_MONTHS = 3;
export const OVERRUN_TOLERANCE_DAYS = 15;
export const UNDERUSE_SHARE = "0.05";

export interface MonthDays {
  month: string; // 'YYYY-MM-01'
  consumed: string; // validated days (delta) of that declaration month
  pending: string; // submitted days of that month
}

export interface ForecastInput {
  orderedDays: string;
  periodStart: string;
  periodEnd: string;
  months: MonthDays[];
  today: string;
  /** closed or cancelled orders get no projection */
  open: boolean;
  /** false: skip the month-by-month series (tables need only the figures; saves time on thousands of orders) */
  withSeries?: boolean;
  /**
   * Validated and submitted days of the whole order, when `months` holds only the burn window (tables of
   * thousands of orders read the totals kept on order lines instead of every month of every order).
   */
  totals?: { consumed: string; pending: string };
}

export interface BurnDownPoint {
  month: string;
  /** ordered days in force (constant over the period) */
  ordered: string;
  /** cumulative validated days at the end of the month; null for future months */
  consumed: string | null;
  /** projected cumulative days (from the current month on), capped at ordered */
  forecast: string | null;
}

export interface Forecast {
  consumedDays: string;
  pendingDays: string;
  remainingDays: string;
  /** days per month, one decimal; null when there is no month to average */
  burnRate: string | null;
  windowMonths: string[];
  /** the day the remaining days run out at the current rate; null if no rate or already exhausted */
  exhaustionDate: string | null;
  overRun: boolean;
  underConsumption: boolean;
  /** remaining days projected at the period end (negative = would need more days) */
  projectedLeftAtEnd: string | null;
  /** R14: still open but past its period's end: no projection */
  ended: boolean;
  /** R14: ended with days left ("échu avec reste") */
  endedWithRemaining: boolean;
  /** no open order (closed or cancelled): nothing is projected any more */
  closed: boolean;
  /** the period has not begun yet (its first day is after today) */
  notStarted: boolean;
  series: BurnDownPoint[];
}

function monthsDiff(fromMonth: string, toMonth: string): number {
  const [y1, m1] = fromMonth.split("-").map(Number);
  const [y2, m2] = toMonth.split("-").map(Number);
  return (y2 - y1) * 12 + (m2 - m1);
}

/** The date reached `months` (fractional) after the first day of `startMonth`. */
export function dateAfterMonths(startMonth: string, months: Decimal): string {
  const whole = months.floor().toNumber();
  const frac = months.minus(whole);
  const month = addMonths(startMonth, whole);
  if (frac.isZero()) return addDays(month, -1);
  const dim = Number(lastDayOfMonth(month).slice(8, 10));
  const day = frac.times(dim).ceil().toNumber();
  return addDays(month, day - 1);
}

export function forecast(input: ForecastInput): Forecast {
  const ordered = dec(input.orderedDays);
  const byMonth = new Map(input.months.map((m) => [m.month, m]));
  if (input.totals && input.withSeries !== false) throw new Error("forecast: a series needs every month, not totals");
  const consumed = input.totals ? dec(input.totals.consumed) : input.months.reduce((s, m) => s.plus(m.consumed), new Decimal(0));
  const pending = input.totals ? dec(input.totals.pending) : input.months.reduce((s, m) => s.plus(m.pending), new Decimal(0));
  const remaining = ordered.minus(consumed);
  const currentMonth = firstOfMonth(input.today);
  const state = { status: input.open ? ("issued" as const) : ("closed" as const), periodEnd: input.periodEnd, remainingDays: remaining };
  const ended = isEnded(state, input.today);
  // an ended order is projected no further (R14)
  const projecting = input.open && !ended;
  const startMonth = firstOfMonth(input.periodStart);
  const endMonth = firstOfMonth(input.periodEnd);

  const windowMonths: string[] = [];
  for (let i = BURN_WINDOW_MONTHS; i >= 1; i--) {
    const m = addMonths(currentMonth, -i);
    if (m >= startMonth && m <= endMonth) windowMonths.push(m);
  }
  const declaredIn = (m: string) => dec(byMonth.get(m)?.consumed).plus(byMonth.get(m)?.pending ?? 0);
  const rate = windowMonths.length ? windowMonths.reduce((s, m) => s.plus(declaredIn(m)), new Decimal(0)).dividedBy(windowMonths.length) : null;

  let exhaustionDate: string | null = null;
  let overRun = false;
  let underConsumption = false;
  let projectedLeftAtEnd: Decimal | null = null;
  const toDeclare = remaining.minus(pending);
  const started = currentMonth > startMonth || input.today >= input.periodStart;
  if (projecting && rate && started) {
    if (toDeclare.greaterThan(0) && rate.greaterThan(0)) {
      exhaustionDate = dateAfterMonths(currentMonth, toDeclare.dividedBy(rate));
      overRun = exhaustionDate < addDays(input.periodEnd, -OVERRUN_TOLERANCE_DAYS);
    }
    // months of work left from the current month to the period end, inclusive
    const monthsLeft = Math.max(0, monthsDiff(currentMonth, endMonth) + 1);
    if (input.periodEnd >= input.today) {
      projectedLeftAtEnd = toDeclare.minus(rate.times(monthsLeft));
      underConsumption = projectedLeftAtEnd.greaterThan(ordered.times(UNDERUSE_SHARE)) && projectedLeftAtEnd.greaterThanOrEqualTo(1);
    }
  }

  // burn-down series over the period (and past it if declarations exist later)
  const lastMonth = [endMonth, ...input.months.map((m) => m.month)].sort().at(-1)!;
  const series: BurnDownPoint[] = [];
  let cumulative = new Decimal(0);
  let projected: Decimal | null = null;
  for (const m of input.withSeries === false ? [] : monthsBetween(startMonth, lastMonth)) {
    const past = m < currentMonth;
    cumulative = cumulative.plus(byMonth.get(m)?.consumed ?? 0);
    let forecastValue: string | null = null;
    if (projecting && rate && m >= addMonths(currentMonth, -1)) {
      // the projection starts from what is declared at the end of last month
      if (projected === null) projected = consumed.plus(pending);
      else projected = Decimal.min(ordered, projected.plus(rate));
      forecastValue = projected.toFixed(1);
    }
    series.push({ month: m, ordered: ordered.toFixed(1), consumed: past || m === currentMonth ? cumulative.toFixed(1) : null, forecast: forecastValue });
  }

  return {
    consumedDays: consumed.toFixed(1),
    pendingDays: pending.toFixed(1),
    remainingDays: remaining.toFixed(1),
    burnRate: rate ? rate.toDecimalPlaces(1, Decimal.ROUND_HALF_UP).toFixed(1) : null,
    windowMonths,
    exhaustionDate,
    overRun,
    underConsumption,
    projectedLeftAtEnd: projectedLeftAtEnd ? projectedLeftAtEnd.toDecimalPlaces(1, Decimal.ROUND_HALF_UP).toFixed(1) : null,
    ended,
    endedWithRemaining: isEndedWithRemaining(state, input.today),
    closed: !input.open,
    notStarted: input.today < input.periodStart,
    series,
  };
}

/** Sums several orders' monthly days (a product's burn-down). */
export function mergeMonths(lists: MonthDays[][]): MonthDays[] {
  const acc = new Map<string, { consumed: Decimal; pending: Decimal }>();
  for (const list of lists)
    for (const m of list) {
      const a = acc.get(m.month) ?? { consumed: new Decimal(0), pending: new Decimal(0) };
      acc.set(m.month, { consumed: a.consumed.plus(m.consumed), pending: a.pending.plus(m.pending) });
    }
  return [...acc.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([month, v]) => ({ month, consumed: v.consumed.toFixed(1), pending: v.pending.toFixed(1) }));
}
