import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { dec, sum, toCents } from "../../lib/decimal";
import { allocateVat, consumedAmount, dayRate, daysFromQuantity, formatDayRate, isHalfDayQuantity, lineAmountHt, orderTotals, ttcOf } from "./amounts";

describe("R1 quantities and days", () => {
  it("one UO is 20 days, fractions down to the half-day", () => {
    expect(daysFromQuantity("1").toString()).toBe("20");
    expect(daysFromQuantity("0.025").toString()).toBe("0.5");
    expect(daysFromQuantity("2.375").toString()).toBe("47.5");
    expect(isHalfDayQuantity("0.025")).toBe(true);
    expect(isHalfDayQuantity("5.025")).toBe(true);
    expect(isHalfDayQuantity("0.01")).toBe(false);
    expect(isHalfDayQuantity("1.0125")).toBe(false);
  });
});

describe("R5 amounts", () => {
  it("rounds each line to the cent, half up", () => {
    expect(lineAmountHt("2.375", "12345.67")).toBe("29320.97"); // 29320.96625
    expect(lineAmountHt("0.025", "12345.67")).toBe("308.64"); // 308.64175
    expect(lineAmountHt("0.025", "9990.99")).toBe("249.77"); // 249.77475
    expect(lineAmountHt("0.5", "0.01")).toBe("0.01"); // 0.005 → half up
    expect(lineAmountHt("1", "13333.33")).toBe("13333.33");
  });

  it("sums rounded lines, then VAT on the order total", () => {
    // three lines whose unrounded sum would round differently
    const lines = [
      { quantity: "0.025", unitPrice: "12345.67" }, // 308.64175 → 308.64
      { quantity: "0.025", unitPrice: "12345.67" }, // 308.64
      { quantity: "0.025", unitPrice: "12345.67" }, // 308.64 ; unrounded sum 925.92525 → 925.93
    ];
    const t = orderTotals(lines, "0.20");
    expect(t.totalHt).toBe("925.92");
    expect(t.totalVat).toBe("185.18"); // 185.184
    expect(t.totalTtc).toBe("1111.10");
  });

  it("applies the VAT once on the total, not per line", () => {
    const lines = Array.from({ length: 7 }, () => ({ quantity: "0.025", unitPrice: "100.10" })); // 2.5025 → 2.50 each
    const t = orderTotals(lines, "0.2");
    expect(t.totalHt).toBe("17.50");
    expect(t.totalVat).toBe("3.50");
    expect(ttcOf("10.03", "0.2")).toBe("12.04"); // 10.03 + 2.01 (2.006 rounded)
    expect(ttcOf("10.02", "0.2")).toBe("12.02"); // 10.02 + 2.00 (2.004 rounded)
  });

  it("the day rate is unit price ÷ 20", () => {
    expect(dayRate("12345.67").toString()).toBe("617.2835");
  });
});

describe("R10 consumed amounts", () => {
  const line = { unitPrice: "13333.33", orderedDays: "30", orderedAmount: lineAmountHt("1.5", "13333.33") };
  it("is days × unit price ÷ 20, rounded to the cent", () => {
    expect(consumedAmount({ ...line, days: "7", alreadyConsumedDays: "0", alreadyConsumedAmount: "0" })).toBe("4666.67"); // 4666.6655
  });
  it("the declaration that exhausts the line absorbs the rounding", () => {
    const a = consumedAmount({ ...line, days: "7", alreadyConsumedDays: "0", alreadyConsumedAmount: "0" });
    const b = consumedAmount({ ...line, days: "7", alreadyConsumedDays: "7", alreadyConsumedAmount: a });
    const c = consumedAmount({ ...line, days: "7", alreadyConsumedDays: "14", alreadyConsumedAmount: "9333.34" });
    const last = consumedAmount({ ...line, days: "9", alreadyConsumedDays: "21", alreadyConsumedAmount: "14000.01" });
    expect([a, b, c]).toEqual(["4666.67", "4666.67", "4666.67"]);
    expect(last).toBe("5999.99"); // 19999.995 → 20000.00 ordered, minus 14000.01
    expect(line.orderedAmount).toBe("20000.00");
  });
});

describe("day rate as shown (R13)", () => {
  it("shows the exact day rate, to four places, so that days × rate gives the amounts", () => {
    expect(formatDayRate("11111.11")).toBe("555,5555\u00a0€"); // not 555,56 €: 0,5 j × 555,56 ≠ 277,78
    expect(formatDayRate("12345.67")).toBe("617,2835\u00a0€");
    expect(formatDayRate("13000")).toBe("650,0000\u00a0€");
    // a price in cents ÷ 20 never has more than four decimals: the shown rate is the rate
    for (const p of ["0.01", "0.03", "9249.41", "10700.55", "99999.99"]) expect(dayRate(p).decimalPlaces()).toBeLessThanOrEqual(4);
  });
});

describe("allocateVat", () => {
  it("the lines' VAT adds up to the order's VAT, the last line absorbing the rounding", () => {
    // 3 × 0.05 HT at 20 %: each line rounds to 0.01, the order's VAT is round(0.15 × 0.2) = 0.03
    expect(allocateVat(["0.05", "0.05", "0.05"], "0.2")).toEqual(["0.01", "0.01", "0.01"]);
    expect(allocateVat(["0.03", "0.03", "0.03"], "0.2")).toEqual(["0.01", "0.01", "0.00"]);
    expect(allocateVat([], "0.2")).toEqual([]);
  });

  it("holds for any lines and rate", () => {
    const cents = fc.integer({ min: 0, max: 10_000_000 }).map((c) => dec(c).dividedBy(100).toFixed(2));
    fc.assert(
      fc.property(fc.array(cents, { minLength: 1, maxLength: 8 }), fc.integer({ min: 0, max: 9999 }), (amounts, r) => {
        const rate = dec(r).dividedBy(10000).toFixed(4);
        const vat = allocateVat(amounts, rate);
        expect(sum(vat).toFixed(2)).toBe(toCents(sum(amounts).times(rate)));
      }),
    );
  });
});
