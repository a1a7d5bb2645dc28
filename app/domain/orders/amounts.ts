// R1 and R5: quantities, days and amounts, exact. Pure functions, shared by forms, services, seeds and reports.
import { Decimal, dec, sum, toCents, type DecimalInput } from "../../lib/decimal";
import { formatDecimal } from "../../lib/format";

export const DAYS_PER_UO = 20;

/** Ordered days = quantity × 20 (R1). */
export function daysFromQuantity(quantity: DecimalInput): Decimal {
  return dec(quantity).times(DAYS_PER_UO);
}

/** Quantity in UO from days (half-days): days ÷ 20. */
export function quantityFromDays(days: DecimalInput): Decimal {
  return dec(days).dividedBy(DAYS_PER_UO);
}

/** R1: ordered days must be whole half-days, i.e. quantity a multiple of 0.025 UO. */
export function isHalfDayQuantity(quantity: DecimalInput): boolean {
  return dec(quantity)
    .times(DAYS_PER_UO * 2)
    .isInteger();
}

export function isHalfDay(days: DecimalInput): boolean {
  return dec(days).times(2).isInteger();
}

/** R5: line HT = quantity × unit price, rounded to the cent, half up. */
export function lineAmountHt(quantity: DecimalInput, unitPrice: DecimalInput): string {
  return toCents(dec(quantity).times(unitPrice));
}

/** R5: the day rate is unit price ÷ 20 (shown, not rounded before use). */
export function dayRate(unitPrice: DecimalInput): Decimal {
  return dec(unitPrice).dividedBy(DAYS_PER_UO);
}

/**
 * The day rate as shown (R13: it must explain the amounts): a price in cents ÷ 20 has at most four
 * decimals, so four places show it exactly ("555,5555 €" for 11 111,11 €), never a rounded 555,56 €.
 */
export function formatDayRate(unitPrice: DecimalInput): string {
  return `${formatDecimal(dayRate(unitPrice), 4)}\u00a0€`;
}

export interface OrderTotals {
  totalHt: string;
  totalVat: string;
  totalTtc: string;
}

/** R5: order HT = sum of (rounded) lines; VAT on the order total, rounded; TTC = HT + VAT. */
export function orderTotals(lines: { quantity: DecimalInput; unitPrice: DecimalInput }[], vatRate: DecimalInput): OrderTotals {
  const ht = sum(lines.map((l) => lineAmountHt(l.quantity, l.unitPrice)));
  const vat = dec(toCents(ht.times(vatRate)));
  return { totalHt: toCents(ht), totalVat: toCents(vat), totalTtc: toCents(ht.plus(vat)) };
}

/**
 * R5 puts VAT on the order total, not on its lines. To show VAT and TTC per line and still have the
 * lines of an order add up to the order's exact VAT, each line gets its own rounded VAT and the last line
 * absorbs the difference (the same "last one absorbs" rule as R10's consumed amounts).
 * Its SQL twin is lineVatSql (consumption/queries.server.ts), which the export uses over 30,000 lines;
 * this is the rule written out, which the database tests hold the SQL to.
 */
export function allocateVat(amountsHt: DecimalInput[], vatRate: DecimalInput): string[] {
  if (amountsHt.length === 0) return [];
  const perLine = amountsHt.map((h) => dec(toCents(dec(h).times(vatRate))));
  const orderVat = dec(toCents(sum(amountsHt).times(vatRate)));
  const last = perLine.length - 1;
  perLine[last] = perLine[last].plus(orderVat.minus(sum(perLine)));
  return perLine.map((v) => toCents(v));
}

/** TTC of an HT amount at the order's VAT rate (used for consumed and remaining TTC). */
export function ttcOf(ht: DecimalInput, vatRate: DecimalInput): string {
  const h = dec(ht);
  return toCents(h.plus(dec(toCents(h.times(vatRate)))));
}

/**
 * R10: the consumed amount of a declaration line is days × unit price ÷ 20, rounded to the cent; the
 * declaration that exhausts the line absorbs the rounding so the line's consumed amount equals its
 * ordered amount exactly.
 */
export function consumedAmount(params: {
  days: DecimalInput;
  unitPrice: DecimalInput;
  orderedDays: DecimalInput;
  orderedAmount: DecimalInput;
  alreadyConsumedDays: DecimalInput;
  alreadyConsumedAmount: DecimalInput;
}): string {
  const after = dec(params.alreadyConsumedDays).plus(params.days);
  if (after.equals(params.orderedDays)) return toCents(dec(params.orderedAmount).minus(params.alreadyConsumedAmount));
  return toCents(dec(params.days).times(params.unitPrice).dividedBy(DAYS_PER_UO));
}
