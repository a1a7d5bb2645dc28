import { describe, expect, it } from "vitest";
import { isWorkingDay, nthWorkingDayOfMonth, workingDaysBefore, workingDaysInMonth } from "./working-days";
import { monthsBetween, todayInParis } from "./dates";

describe("working days (Monday–Friday less French public holidays)", () => {
  it("May 2026 has 17: four holidays fall on weekdays (1st, 8th, Ascension 14th, Whit Monday 25th)", () => {
    expect(workingDaysInMonth("2026-05-01")).toBe(17);
  });
  it("counts other months", () => {
    expect(workingDaysInMonth("2026-02-01")).toBe(20);
    expect(workingDaysInMonth("2026-11-01")).toBe(20); // 1st and 11th: Sunday and Wednesday
    expect(workingDaysInMonth("2026-12-01")).toBe(22); // Christmas on a Friday
    expect(workingDaysInMonth("2025-08-01")).toBe(20); // 15th on a Friday
  });
});

describe("working days for the reminders (issue 16)", () => {
  it("the 1st and 5th working days skip weekends and holidays", () => {
    expect(nthWorkingDayOfMonth("2026-05-01", 1)).toBe("2026-05-04"); // Friday 1st is Labour Day
    expect(nthWorkingDayOfMonth("2026-05-01", 5)).toBe("2026-05-11"); // Friday 8th is VE Day
    expect(nthWorkingDayOfMonth("2027-01-01", 1)).toBe("2027-01-04");
    expect(nthWorkingDayOfMonth("2026-12-01", 1)).toBe("2026-12-01");
    expect(nthWorkingDayOfMonth("2026-12-01", 5)).toBe("2026-12-07");
  });
  it("counts working days back", () => {
    expect(isWorkingDay("2026-11-11")).toBe(false);
    expect(workingDaysBefore("2026-11-16", 5)).toBe("2026-11-06"); // the 11th is Armistice Day
    expect(workingDaysBefore("2026-12-01", 5)).toBe("2026-11-24");
  });
});

describe("dates", () => {
  it("months between two dates, inclusive", () => {
    expect(monthsBetween("2025-11-15", "2026-02-01")).toEqual(["2025-11-01", "2025-12-01", "2026-01-01", "2026-02-01"]);
  });
  it("today is the day in Paris", () => {
    expect(todayInParis(new Date("2026-12-31T23:30:00Z"))).toBe("2027-01-01");
  });
});
