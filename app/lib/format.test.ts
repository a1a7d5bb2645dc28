import { describe, expect, it } from "vitest";
import { formatDate, formatDays, formatEuros, formatMonth, formatPercent, formatQuantity } from "./format";

describe("French formats", () => {
  it("euros have U+202F between thousands and U+00A0 before €, like Intl", () => {
    expect(formatEuros("1234567.89")).toBe("1\u202f234\u202f567,89\u00a0€");
    expect(formatEuros("1234567.89")).toBe(new Intl.NumberFormat("fr-FR", { style: "currency", currency: "EUR" }).format(1234567.89));
    expect(formatEuros("0")).toBe("0,00\u00a0€");
    expect(formatEuros("-12.5")).toBe("-12,50\u00a0€");
    expect(formatEuros("0.005")).toBe("0,01\u00a0€");
  });
  it("days and quantities", () => {
    expect(formatDays("47.5")).toBe("47,5");
    expect(formatDays("1200.0")).toBe("1\u202f200");
    expect(formatQuantity("2.375")).toBe("2,375");
    expect(formatQuantity("5.000")).toBe("5");
    expect(formatQuantity("0.025")).toBe("0,025");
  });
  it("dates, months and percents", () => {
    expect(formatDate("2026-05-01")).toBe("01/05/2026");
    expect(formatMonth("2026-08-01")).toBe("août 2026");
    expect(formatPercent("0.8125")).toBe("81,3\u00a0%");
  });
});
