// R16, the payment deadline (délai global de paiement, CCP R2192-10 to R2192-36), as pure functions on
// 'YYYY-MM-DD' strings and Decimal: the due date, the days late and the late interest owed.
import { addDays } from "../../lib/dates";
import { dec, toCents, type DecimalInput } from "../../lib/decimal";

/** R2192-10: the State pays within 30 days. */
export const PAYMENT_DAYS = 30;
/** R2192-31: ECB main refinancing rate + 8 points. */
export const INTEREST_MARGIN_POINTS = "8";
/** D2192-35: the fixed indemnity for recovery costs, owed with any late payment. */
export const RECOVERY_INDEMNITY = "40.00";

export interface ClockInput {
  receivedOn: string;
  /** the latest validation date of the service fait the invoice covers */
  serviceFaitOn: string;
  suspendedOn: string | null;
  resumedOn: string | null;
  /** R18: a subcontractor's invoice, the day the holder approved it (explicitly, or by its silence after 15 days) */
  approvedOn?: string | null;
  /** R18: a subcontractor's invoice still awaiting the holder's approval: the clock has not started */
  awaitingHolder?: boolean;
}

/** Whole days from `from` to `to` (negative when `to` is before). */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/**
 * When the 30 days start (R2192-12: the receipt, or the service-fait date when later; for a subcontractor's invoice,
 * not before the holder's approval, R2193-12) and when they end (none while the holder has not approved).
 * A suspension (R2192-27) stops the clock: no due date until the missing items arrive; then a new period of
 * 30 days opens from that day, or what was left of the first if that is longer (R2192-29).
 */
export function dueDate(i: ClockInput): { startOn: string; dueOn: string | null } {
  // R18 (R2193-12): a subcontractor's invoice's period runs from the holder's approval
  const startOn = [i.receivedOn, i.serviceFaitOn, i.approvedOn ?? ""].reduce((a, b) => (b > a ? b : a));
  if (i.awaitingHolder) return { startOn, dueOn: null };
  if (!i.suspendedOn) return { startOn, dueOn: addDays(startOn, PAYMENT_DAYS) };
  if (!i.resumedOn) return { startOn, dueOn: null };
  const elapsed = Math.max(0, daysBetween(startOn, i.suspendedOn));
  const left = PAYMENT_DAYS - elapsed;
  return { startOn, dueOn: addDays(i.resumedOn, Math.max(PAYMENT_DAYS, left)) };
}

/** Days of delay: from the day after the due date to the payment (or `asOf` while unpaid), 0 if on time. */
export function daysLate(dueOn: string | null, paidOrAsOf: string): number {
  return dueOn ? Math.max(0, daysBetween(dueOn, paidOrAsOf)) : 0;
}

/** The first day of the calendar half-year holding `date` (1 January or 1 July). */
export function halfYearStart(date: string): string {
  return `${date.slice(0, 4)}-${Number(date.slice(5, 7)) <= 6 ? "01" : "07"}-01`;
}

/** "2025-07-01" → "2e semestre 2025". */
export function halfYearLabel(start: string): string {
  return `${start.slice(5, 7) === "01" ? "1er" : "2e"} semestre ${start.slice(0, 4)}`;
}

export type LateInterest =
  | { late: false; days: 0 }
  | { late: true; days: number; halfYear: string; rateMissing: true; ecbRate: null; rate: null; interest: null; indemnity: string; total: null }
  | { late: true; days: number; halfYear: string; rateMissing: false; ecbRate: string; rate: string; interest: string; indemnity: string; total: string };

/**
 * R16 (R2192-31, D2192-35): interest = TTC × (ECB rate + 8 points) × days late / 365, rounded to the cent once,
 * plus the 40 € indemnity. The rate is the ECB main refinancing rate in force on the first day of the
 * calendar half-year in which the delay began (the day after the due date), for every day of the delay,
 * as the article says ("au cours duquel les intérêts moratoires ont commencé à courir"). A half-year whose
 * rate is not in the table gives no interest figure ("taux manquant"): it is never guessed.
 * `ecbRates`: percent per half-year start ("2025-01-01" → "3.15").
 */
export function lateInterest(ttc: DecimalInput, dueOn: string | null, paidOrAsOf: string, ecbRates: ReadonlyMap<string, string>): LateInterest {
  const days = daysLate(dueOn, paidOrAsOf);
  if (days === 0 || !dueOn) return { late: false, days: 0 };
  const halfYear = halfYearStart(addDays(dueOn, 1));
  const ecbRate = ecbRates.get(halfYear);
  if (ecbRate === undefined) {
    return { late: true, days, halfYear, rateMissing: true, ecbRate: null, rate: null, interest: null, indemnity: RECOVERY_INDEMNITY, total: null };
  }
  const rate = dec(ecbRate).plus(INTEREST_MARGIN_POINTS);
  const interest = toCents(dec(ttc).times(rate).dividedBy(100).times(days).dividedBy(365));
  return {
    late: true,
    days,
    halfYear,
    rateMissing: false,
    ecbRate: dec(ecbRate).toFixed(2),
    rate: rate.toFixed(2),
    interest,
    indemnity: RECOVERY_INDEMNITY,
    total: toCents(dec(interest).plus(RECOVERY_INDEMNITY)),
  };
}

export interface ClockedInvoice extends ClockInput {
  status: "deposited" | "suspended" | "rejected" | "in_payment" | "paid";
  amountTtc: string;
  paidOn: string | null;
}

export interface InvoiceClock {
  startOn: string;
  /** null while suspended (the clock is stopped) or for a rejected invoice */
  dueOn: string | null;
  stopped: boolean;
  /** days late at the payment, or as of today while unpaid */
  daysLate: number;
  /** days left before the due date (unpaid, not late), else null */
  daysLeft: number | null;
  interest: LateInterest;
}

/** The R16 figures of one invoice as of `today`: what a page, an export or an alert shows. */
export function invoiceClock(i: ClockedInvoice, ecbRates: ReadonlyMap<string, string>, today: string): InvoiceClock {
  const { startOn, dueOn } = dueDate(i);
  if (i.status === "rejected") return { startOn, dueOn: null, stopped: false, daysLate: 0, daysLeft: null, interest: { late: false, days: 0 } };
  const end = i.paidOn ?? today;
  const interest = lateInterest(i.amountTtc, dueOn, end, ecbRates);
  const late = daysLate(dueOn, end);
  return {
    startOn,
    dueOn,
    stopped: i.status === "suspended",
    daysLate: late,
    daysLeft: dueOn && !i.paidOn && late === 0 ? daysBetween(today, dueOn) : null,
    interest,
  };
}

/**
 * R16: what a late invoice costs each day: TTC × (ECB rate of the half-year in which the delay begins + 8
 * points) / 365, to the cent (shown, never summed into the interest, which is rounded once). Null without a
 * due date or when the half-year's rate is missing.
 */
export function interestPerDay(ttc: DecimalInput, dueOn: string | null, ecbRates: ReadonlyMap<string, string>): string | null {
  if (!dueOn) return null;
  const ecbRate = ecbRates.get(halfYearStart(addDays(dueOn, 1)));
  if (ecbRate === undefined) return null;
  return toCents(dec(ttc).times(dec(ecbRate).plus(INTEREST_MARGIN_POINTS)).dividedBy(100).dividedBy(365));
}
