import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { itMaps } from "../../tests/helpers/cases";
import { Decimal } from "./decimal";
import { formatDate, formatDays, formatDecimal, formatEuros, formatMonth, formatPercent, formatQuantity } from "./format";

describe("French formats", () => {
  it("euros have U+202F between thousands and U+00A0 before €, like Intl", () => {
    expect(formatEuros("1234567.89")).toBe("1\u202f234\u202f567,89\u00a0€");
    expect(formatEuros("1234567.89")).toBe(new Intl.NumberFormat("fr-FR", { style: "currency", currency: "EUR" }).format(1234567.89));
    expect(formatEuros("0")).toBe("0,00\u00a0€");
    expect(formatEuros("-12.5")).toBe("-12,50\u00a0€");
    expect(formatEuros("0.005")).toBe("0,01\u00a0€");
  });
  itMaps("days", formatDays, [
    ["47.5", "47,5"],
    ["1200.0", "1\u202f200"],
  ]);
  itMaps("quantities", formatQuantity, [
    ["2.375", "2,375"],
    ["5.000", "5"],
    ["0.025", "0,025"],
  ]);
  itMaps("dates", formatDate, [["2026-05-01", "01/05/2026"]]);
  itMaps("months", formatMonth, [["2026-08-01", "août 2026"]]);
  itMaps("percents", formatPercent, [["0.8125", "81,3\u00a0%"]]);
});

describe("the string fast path of formatDecimal and formatDays", () => {
  it("gives exactly what the Decimal path gives, for any plain decimal string", () => {
    const plain = fc
      .tuple(fc.boolean(), fc.bigInt({ min: 0n, max: 10n ** 12n }), fc.option(fc.stringMatching(/^\d{0,6}$/)))
      .map(([negative, int, frac]) => `${negative ? "-" : ""}${int}${frac === null ? "" : `.${frac}`}`)
      .filter((s) => !s.endsWith("."));
    fc.assert(
      fc.property(plain, fc.integer({ min: 0, max: 4 }), (value, decimals) => {
        expect(formatDecimal(value, decimals)).toBe(formatDecimal(new Decimal(value), decimals));
        expect(formatDays(value)).toBe(formatDays(new Decimal(value)));
      }),
      { numRuns: 2000 },
    );
  });
});
