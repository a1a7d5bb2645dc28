// R10: ordered, consumed (validated), pending (submitted) and remaining, in days and euros. Pure.
import { Decimal, dec, toCents } from "../../lib/decimal";
import { ttcOf } from "../orders/amounts";

/** What the database sums (strings, exact). */
export interface RawFigures {
  ordered_days: string | null;
  ordered_ht: string | null;
  consumed_days: string | null;
  consumed_ht: string | null;
  pending_days: string | null;
}

export interface Figures {
  orderedDays: string;
  orderedHt: string;
  consumedDays: string;
  consumedHt: string;
  pendingDays: string;
  remainingDays: string;
  remainingHt: string;
  /** consumed days ÷ ordered days, 0..1, as a decimal string with 4 places */
  consumptionRate: string;
}

export function toFigures(raw: RawFigures): Figures {
  const orderedDays = dec(raw.ordered_days);
  const consumedDays = dec(raw.consumed_days);
  const orderedHt = dec(raw.ordered_ht);
  const consumedHt = dec(raw.consumed_ht);
  return {
    orderedDays: orderedDays.toFixed(1),
    orderedHt: toCents(orderedHt),
    consumedDays: consumedDays.toFixed(1),
    consumedHt: toCents(consumedHt),
    pendingDays: dec(raw.pending_days).toFixed(1),
    remainingDays: orderedDays.minus(consumedDays).toFixed(1),
    remainingHt: toCents(orderedHt.minus(consumedHt)),
    consumptionRate: orderedDays.isZero() ? "0.0000" : consumedDays.dividedBy(orderedDays).toDecimalPlaces(4, Decimal.ROUND_HALF_UP).toFixed(4),
  };
}

export function ttcFigures(f: Figures, vatRate: string) {
  return { orderedTtc: ttcOf(f.orderedHt, vatRate), consumedTtc: ttcOf(f.consumedHt, vatRate), remainingTtc: ttcOf(f.remainingHt, vatRate) };
}

export function addFigures(a: Figures, b: Figures): Figures {
  return toFigures({
    ordered_days: dec(a.orderedDays).plus(b.orderedDays).toString(),
    ordered_ht: dec(a.orderedHt).plus(b.orderedHt).toString(),
    consumed_days: dec(a.consumedDays).plus(b.consumedDays).toString(),
    consumed_ht: dec(a.consumedHt).plus(b.consumedHt).toString(),
    pending_days: dec(a.pendingDays).plus(b.pendingDays).toString(),
  });
}

export const ZERO_FIGURES: Figures = toFigures({ ordered_days: "0", ordered_ht: "0", consumed_days: "0", consumed_ht: "0", pending_days: "0" });
