import { describe, expect, it } from "vitest";
import { ceilingForecast, ceilingLevel, monthsBefore, paceWindow } from "./forecast";

describe("R17 forecast of a ceiling", () => {
  it("six months back, clamped to the month's last day", () => {
    expect(monthsBefore("2026-09-15", 6)).toBe("2026-03-15");
    expect(monthsBefore("2026-08-31", 6)).toBe("2026-02-28");
    expect(monthsBefore("2026-03-01", 6)).toBe("2025-09-01");
  });

  it("the window runs from the day after six months ago to today, clipped to the period's start", () => {
    expect(paceWindow("2026-01-01", "2026-09-15")).toEqual({ start: "2026-03-16", days: 184 });
    expect(paceWindow("2026-09-01", "2026-09-15")).toEqual({ start: "2026-09-01", days: 15 });
  });

  it("reaches the maximum at the pace of the window, flagged when before the period's end", () => {
    // 55 000 € over 184 days; 15 000 € left → ⌈15 000 × 184 ÷ 55 000⌉ = ⌈50,18⌉ = 51 days
    const f = ceilingForecast({
      maxHt: "100000.00",
      orderedHt: "85000.00",
      windowOrderedHt: "55000.00",
      periodStart: "2026-01-01",
      periodEnd: "2026-12-31",
      today: "2026-09-15",
    });
    expect(f).toMatchObject({ leftHt: "15000.00", rate: "0.8500", level: "80", current: true, forecastDate: "2026-11-05", beforeEnd: true });
    const later = ceilingForecast({
      maxHt: "1000000.00",
      orderedHt: "85000.00",
      windowOrderedHt: "55000.00",
      periodStart: "2026-01-01",
      periodEnd: "2026-12-31",
      today: "2026-09-15",
    });
    expect(later.beforeEnd).toBe(false);
    expect(later.level).toBe("ok");
  });

  it("an exact quotient is not rounded up a day further", () => {
    // 10 000 € over 100 days = 100 €/day; 5 000 € left → exactly 50 days
    const f = ceilingForecast({
      maxHt: "15000",
      orderedHt: "10000",
      windowOrderedHt: "10000",
      periodStart: "2026-01-01",
      periodEnd: "2026-12-31",
      today: "2026-04-10",
    });
    expect(f.windowDays).toBe(100);
    expect(f.forecastDate).toBe("2026-05-30");
  });

  it("reached already: today; no order in the window: no date; outside the current period: no forecast", () => {
    const base = { periodStart: "2026-01-01", periodEnd: "2026-12-31", today: "2026-06-01" };
    expect(ceilingForecast({ ...base, maxHt: "100", orderedHt: "100", windowOrderedHt: "0" })).toMatchObject({
      forecastDate: "2026-06-01",
      level: "100",
      leftHt: "0.00",
    });
    expect(ceilingForecast({ ...base, maxHt: "100", orderedHt: "10", windowOrderedHt: "0" })).toMatchObject({ forecastDate: null, beforeEnd: false });
    expect(ceilingForecast({ ...base, today: "2027-01-02", maxHt: "100", orderedHt: "90", windowOrderedHt: "90" })).toMatchObject({
      current: false,
      forecastDate: null,
      level: "80",
    });
  });

  it("levels at 80 % and 100 %", () => {
    expect(ceilingLevel("0.7999")).toBe("ok");
    expect(ceilingLevel("0.8")).toBe("80");
    expect(ceilingLevel("1.0000")).toBe("100");
    expect(ceilingLevel("1.2")).toBe("100");
  });
});
