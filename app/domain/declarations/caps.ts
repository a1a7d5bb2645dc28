// R9 caps as pure checks: the services call them with figures read under row locks.
import { dec, type DecimalInput } from "../../lib/decimal";
import { firstOfMonth } from "../../lib/dates";
import { formatDays, formatMonth, formatDate } from "../../lib/format";
import { de } from "../../lib/french";

/** The month must be within the order's period and not after the current month (Europe/Paris). */
export function monthError(month: string, periodStart: string, periodEnd: string, today: string): string | null {
  if (month > firstOfMonth(today)) return `On ne peut pas déclarer ${formatMonth(month)} : ce mois n'est pas encore commencé.`;
  if (month < firstOfMonth(periodStart) || month > firstOfMonth(periodEnd)) {
    return `${capitalize(formatMonth(month))} est hors de la période d'exécution du bon de commande (du ${formatDate(periodStart)} au ${formatDate(periodEnd)}).`;
  }
  return null;
}

export interface CommittedDays {
  /** validated days (sum of validated deltas) */
  consumed: string;
  /** submitted raises awaiting validation */
  pending: string;
  /** a submitted correction lowers days on this line (it counts only once validated) */
  lowering: boolean;
  /** consumed + pending: what the line holds, the floor of an amendment and the `used` of the submit cap */
  committed: string;
}

/**
 * What counts against an order line, from the running totals the triggers keep on it: the validated days,
 * plus the submitted raises (a submitted lowering counts for nothing until validated: it may be rejected).
 * The submit cap (lineCapError's `used`) and the amendment floor both read it.
 */
export function committedDays(t: { consumed_days: DecimalInput; pending_days: DecimalInput; pending_raise_days: DecimalInput }): CommittedDays {
  const consumed = dec(t.consumed_days);
  const pending = dec(t.pending_raise_days);
  return {
    consumed: consumed.toFixed(1),
    pending: pending.toFixed(1),
    lowering: pending.greaterThan(t.pending_days),
    committed: consumed.plus(pending).toFixed(1),
  };
}

/**
 * Validated plus submitted days on a line never exceed its ordered days. `used` is what the other
 * declarations already hold (validated + submitted), `delta` what this one adds (negative for a lowering
 * correction, which is always accepted).
 */
export function lineCapError(params: { label: string; orderedDays: DecimalInput; used: DecimalInput; delta: DecimalInput }): string | null {
  const delta = dec(params.delta);
  if (delta.lessThanOrEqualTo(0)) return null;
  const left = dec(params.orderedDays).minus(params.used);
  if (dec(params.used).plus(delta).lessThanOrEqualTo(params.orderedDays)) return null;
  const remaining = left.lessThan(0) ? dec(0) : left;
  return `${params.label} : il reste ${formatDays(remaining)} j à déclarer sur cette ligne (${formatDays(params.orderedDays)} j commandés, ${formatDays(params.used)} j déjà validés ou soumis) ; cette déclaration en ajoute ${formatDays(delta)}.`;
}

/** One person never exceeds the working days of the month. */
export function personCapError(params: { name: string; month: string; other: DecimalInput; here: DecimalInput; workingDays: number }): string | null {
  const total = dec(params.other).plus(params.here);
  if (total.lessThanOrEqualTo(params.workingDays)) return null;
  const left = dec(params.workingDays).minus(params.other);
  return `${params.name} dépasserait les ${params.workingDays} jours ouvrés ${ofMonth(params.month)} : ${formatDays(total)} j au total, dont ${formatDays(params.other)} j déjà déclarés sur d'autres bons de commande ; il lui reste ${formatDays(left.lessThan(0) ? 0 : left)} j.`;
}

/**
 * When people are named on a line, their days are the line's days: they add up to exactly what the line
 * declares (no more — nobody worked days the line does not declare — and no fewer — days nobody did).
 */
export function peopleTotalError(label: string, lineDays: DecimalInput, peopleDays: DecimalInput[]): string | null {
  if (!peopleDays.length) return null;
  const total = peopleDays.reduce<ReturnType<typeof dec>>((s, d) => s.plus(d), dec(0));
  if (total.equals(lineDays)) return null;
  return `${label} : les intervenants totalisent ${formatDays(total)} j alors que la ligne déclare ${formatDays(lineDays)} j ; quand des intervenants sont nommés, leurs jours doivent faire exactement le total de la ligne.`;
}

/** "de mai 2026", "d'août 2026", "d'octobre 2026" (French elision before a vowel). */
export function ofMonth(month: string): string {
  return de(formatMonth(month));
}

function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
