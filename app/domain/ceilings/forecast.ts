// R17 forecast, pure: at the pace of the last six months of orders, the day the current period's maximum
// will be reached, flagged when it falls before the period's end; warning levels at 80 % and 100 %.
//
// Choices (README "Decisions"):
// - Pace = HT counted as ordered (R13: a closed order counts what it consumed, a cancelled one 0) by the
//   period's orders issued in the window, ÷ the window's days. The window is the six months before today
//   (today included), clipped to the period's start: orders of the previous period do not set this one's pace.
// - Forecast date = today + ⌈left ÷ pace⌉ days (the day it is reached, counting today as day 0); the maximum already reached: today; no order in the window: none.
// - Only the current period (today within it) gets a forecast.
import { Decimal, dec, toCents } from "../../lib/decimal";
import { addDays } from "../../lib/dates";

export const PACE_WINDOW_MONTHS = 6;

export type CeilingLevel = "ok" | "80" | "100";

export interface CeilingForecastInput {
  maxHt: string;
  /** the period's ordered total (issued and closed orders, counted as R13 counts them) */
  orderedHt: string;
  /** of it, what orders issued within the window ordered */
  windowOrderedHt: string;
  periodStart: string;
  periodEnd: string;
  today: string;
}

export interface CeilingForecast {
  leftHt: string;
  /** ordered ÷ maximum, 4 places */
  rate: string;
  level: CeilingLevel;
  current: boolean;
  /** first day of the pace window (inclusive) */
  windowStart: string | null;
  windowDays: number | null;
  /** HT per day, 2 places; null outside the current period */
  paceHtPerDay: string | null;
  forecastDate: string | null;
  /** the forecast falls on or before the period's end */
  beforeEnd: boolean;
}

/** The same day `n` months earlier (clamped to the month's last day), 'YYYY-MM-DD'. */
export function monthsBefore(date: string, n: number): string {
  const [y, m, d] = date.split("-").map(Number);
  const index = y * 12 + (m - 1) - n;
  const year = Math.floor(index / 12);
  const month = (index % 12) + 1;
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return `${year}-${String(month).padStart(2, "0")}-${String(Math.min(d, last)).padStart(2, "0")}`;
}

/** The pace window of a period on `today`: from the day after "six months ago" (or the period's start) to today. */
export function paceWindow(periodStart: string, today: string): { start: string; days: number } {
  const sixMonths = addDays(monthsBefore(today, PACE_WINDOW_MONTHS), 1);
  const start = sixMonths > periodStart ? sixMonths : periodStart;
  return { start, days: Math.round((Date.parse(`${today}T00:00:00Z`) - Date.parse(`${start}T00:00:00Z`)) / 86_400_000) + 1 };
}

export function ceilingLevel(rate: Decimal.Value): CeilingLevel {
  const r = dec(rate);
  return r.greaterThanOrEqualTo(1) ? "100" : r.greaterThanOrEqualTo("0.8") ? "80" : "ok";
}

export function ceilingForecast(input: CeilingForecastInput): CeilingForecast {
  const max = dec(input.maxHt);
  const ordered = dec(input.orderedHt);
  const left = max.minus(ordered);
  const rate = ordered.dividedBy(max).toDecimalPlaces(4, Decimal.ROUND_HALF_UP);
  const current = input.periodStart <= input.today && input.today <= input.periodEnd;
  const base = { leftHt: toCents(left), rate: rate.toFixed(4), level: ceilingLevel(rate), current };
  if (!current) return { ...base, windowStart: null, windowDays: null, paceHtPerDay: null, forecastDate: null, beforeEnd: false };
  const window = paceWindow(input.periodStart, input.today);
  const pace = dec(input.windowOrderedHt).dividedBy(window.days);
  const common = { ...base, windowStart: window.start, windowDays: window.days, paceHtPerDay: pace.toDecimalPlaces(2, Decimal.ROUND_HALF_UP).toFixed(2) };
  if (!left.greaterThan(0)) return { ...common, forecastDate: input.today, beforeEnd: true };
  if (!pace.greaterThan(0)) return { ...common, forecastDate: null, beforeEnd: false };
  // ⌈left ÷ (window HT ÷ window days)⌉ computed as ⌈left × days ÷ window HT⌉: exact when it is a whole number
  const forecastDate = addDays(input.today, left.times(window.days).dividedBy(input.windowOrderedHt).ceil().toNumber());
  return { ...common, forecastDate, beforeEnd: forecastDate <= input.periodEnd };
}
