// decimal.js configured once for the whole app: R5 rounds half up.
import Decimal from "decimal.js";

Decimal.set({ precision: 40, rounding: Decimal.ROUND_HALF_UP });

export { Decimal };
export type DecimalInput = Decimal.Value;

export function dec(value: DecimalInput | null | undefined): Decimal {
  return new Decimal(value ?? 0);
}

/** Rounds to the cent, half up (R5), and returns the wire format ("1234.50"). */
export function toCents(value: Decimal): string {
  return value.toDecimalPlaces(2, Decimal.ROUND_HALF_UP).toFixed(2);
}

export function sum(values: Iterable<DecimalInput | null | undefined>): Decimal {
  let total = new Decimal(0);
  for (const v of values) total = total.plus(v ?? 0);
  return total;
}
