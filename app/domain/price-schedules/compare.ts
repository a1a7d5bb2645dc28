// R4/R5: what the price schedule screens show beside each unit price: the day rate (÷ 20) and the
// difference from the previous version. Pure, exact decimals.
import { dec, toCents } from "../../lib/decimal";
import { dayRate } from "../orders/amounts";

export interface PriceRow {
  code: string;
  unitPrice: string;
  /** unit price ÷ 20, exact (four places: a price in cents ÷ 20 has no more) */
  dayRate: string;
  previousPrice: string | null;
  /** unit price − previous price, null when there is no previous version or no previous price */
  difference: string | null;
  /** (difference ÷ previous price), as a ratio (0.03 = +3 %) with 4 decimals */
  differenceRatio: string | null;
}

export function comparePrices(current: Record<string, string>, previous: Record<string, string> | null, codes: readonly string[]): PriceRow[] {
  return codes
    .filter((c) => current[c] !== undefined)
    .map((code) => {
      const unitPrice = current[code];
      const prev = previous?.[code] ?? null;
      const difference = prev === null ? null : toCents(dec(unitPrice).minus(prev));
      return {
        code,
        unitPrice,
        dayRate: dayRate(unitPrice).toFixed(4),
        previousPrice: prev,
        difference,
        differenceRatio: prev === null ? null : dec(unitPrice).minus(prev).dividedBy(prev).toDecimalPlaces(4).toFixed(4),
      };
    });
}
