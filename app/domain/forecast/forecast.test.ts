import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { dec } from "../../lib/decimal";
import { dateAfterMonths, forecast, mergeMonths, type MonthDays } from "./forecast";

const m = (month: string, consumed: string, pending = "0"): MonthDays => ({ month, consumed, pending });

describe("forecast (R10)", () => {
  it("burn rate is the average declared over the three months before the current one", () => {
    const f = forecast({
      orderedDays: "200",
      periodStart: "2026-01-01",
      periodEnd: "2026-12-31",
      today: "2026-11-23",
      open: true,
      months: [m("2026-07-01", "40"), m("2026-08-01", "10"), m("2026-09-01", "12.5"), m("2026-10-01", "0", "15")],
    });
    expect(f.windowMonths).toEqual(["2026-08-01", "2026-09-01", "2026-10-01"]);
    expect(f.burnRate).toBe("12.5");
    expect(f.consumedDays).toBe("62.5");
    expect(f.pendingDays).toBe("15.0");
    expect(f.remainingDays).toBe("137.5");
    // 122.5 days to declare at 12.5/month = 9.8 months from 1 Nov 2026 → August 2027
    expect(f.exhaustionDate).toBe("2027-08-25");
    expect(f.overRun).toBe(false);
    // 122.5 - 12.5 × 2 months (Nov, Dec) = 97.5 days left at the end → under-consumption
    expect(f.projectedLeftAtEnd).toBe("97.5");
    expect(f.underConsumption).toBe(true);
  });

  it("flags an over-run when the days run out well before the end", () => {
    const f = forecast({
      orderedDays: "60",
      periodStart: "2026-06-01",
      periodEnd: "2027-05-31",
      today: "2026-11-10",
      open: true,
      months: [m("2026-08-01", "15"), m("2026-09-01", "15"), m("2026-10-01", "15")],
    });
    expect(f.burnRate).toBe("15.0");
    expect(f.exhaustionDate).toBe("2026-11-30");
    expect(f.overRun).toBe(true);
    expect(f.underConsumption).toBe(false);
  });

  it("an order on track has no flag", () => {
    const f = forecast({
      orderedDays: "120",
      periodStart: "2026-07-01",
      periodEnd: "2026-12-31",
      today: "2026-11-05",
      open: true,
      months: [m("2026-07-01", "20"), m("2026-08-01", "20"), m("2026-09-01", "20"), m("2026-10-01", "20")],
    });
    expect(f.exhaustionDate).toBe("2026-12-31");
    expect(f.overRun).toBe(false);
    expect(f.underConsumption).toBe(false);
  });

  it("a young order averages over the months it has; a future order has no rate", () => {
    const young = forecast({
      orderedDays: "40",
      periodStart: "2026-10-01",
      periodEnd: "2027-03-31",
      today: "2026-11-23",
      open: true,
      months: [m("2026-10-01", "4")],
    });
    expect(young.windowMonths).toEqual(["2026-10-01"]);
    expect(young.burnRate).toBe("4.0");
    const future = forecast({ orderedDays: "40", periodStart: "2027-01-01", periodEnd: "2027-03-31", today: "2026-11-23", open: true, months: [] });
    expect(future.burnRate).toBeNull();
    expect(future.exhaustionDate).toBeNull();
    expect(future.overRun || future.underConsumption).toBe(false);
  });

  it("a closed or exhausted order gets no projection", () => {
    const closed = forecast({
      orderedDays: "40",
      periodStart: "2026-01-01",
      periodEnd: "2026-12-31",
      today: "2026-11-23",
      open: false,
      months: [m("2026-09-01", "10")],
    });
    expect(closed.exhaustionDate).toBeNull();
    expect(closed.series.every((p) => p.forecast === null)).toBe(true);
    const done = forecast({
      orderedDays: "30",
      periodStart: "2026-08-01",
      periodEnd: "2026-12-31",
      today: "2026-11-23",
      open: true,
      months: [m("2026-08-01", "10"), m("2026-09-01", "10"), m("2026-10-01", "10")],
    });
    expect(done.remainingDays).toBe("0.0");
    expect(done.exhaustionDate).toBeNull();
  });

  it('R14: an order past its end has no exhaustion forecast, only "échu avec reste" while days are left', () => {
    // Mano 0007 of the demo: 90 days ordered, 01/04 – 30/09/2026, 75.5 validated, September 13.5
    const input = {
      orderedDays: "90",
      periodStart: "2026-04-01",
      periodEnd: "2026-09-30",
      open: true,
      months: [m("2026-04-01", "12"), m("2026-05-01", "12.5"), m("2026-06-01", "13"), m("2026-07-01", "11.5"), m("2026-08-01", "13"), m("2026-09-01", "13.5")],
    };
    const onLastDay = forecast({ ...input, today: "2026-09-30" });
    expect(onLastDay.ended).toBe(false);
    expect(onLastDay.exhaustionDate).not.toBeNull();
    const after = forecast({ ...input, today: "2026-12-01" });
    expect(after.remainingDays).toBe("14.5");
    expect(after.ended).toBe(true);
    expect(after.endedWithRemaining).toBe(true);
    expect(after.exhaustionDate).toBeNull();
    expect(after.overRun).toBe(false);
    expect(after.underConsumption).toBe(false);
    expect(after.projectedLeftAtEnd).toBeNull();
    expect(after.series.every((p) => p.forecast === null)).toBe(true);
    const exhausted = forecast({ ...input, orderedDays: "75.5", today: "2026-12-01" });
    expect(exhausted.ended).toBe(true);
    expect(exhausted.endedWithRemaining).toBe(false);
    const closed = forecast({ ...input, open: false, today: "2026-12-01" });
    expect(closed.ended).toBe(false);
    expect(closed.endedWithRemaining).toBe(false);
  });

  it("the burn-down series is cumulative, then projected and capped at the ordered days", () => {
    const f = forecast({
      orderedDays: "50",
      periodStart: "2026-08-01",
      periodEnd: "2027-01-31",
      today: "2026-11-23",
      open: true,
      months: [m("2026-08-01", "10"), m("2026-09-01", "10.5"), m("2026-10-01", "9.5")],
    });
    expect(f.series.map((p) => p.consumed)).toEqual(["10.0", "20.5", "30.0", "30.0", null, null]);
    expect(f.series.map((p) => p.forecast)).toEqual([null, null, "30.0", "40.0", "50.0", "50.0"]);
    expect(f.series.every((p) => p.ordered === "50.0")).toBe(true);
  });

  it("dateAfterMonths lands inside the right month", () => {
    expect(dateAfterMonths("2026-11-01", dec(1))).toBe("2026-11-30");
    expect(dateAfterMonths("2026-11-01", dec("0.5"))).toBe("2026-11-15");
    expect(dateAfterMonths("2026-12-01", dec("2.01"))).toBe("2027-02-01");
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 600 }), (tenths) => {
        const d = dateAfterMonths("2026-01-01", dec(tenths).dividedBy(10));
        expect(d >= "2026-01-01" && d <= "2076-01-01").toBe(true);
      }),
    );
  });

  it("mergeMonths adds orders month by month", () => {
    expect(mergeMonths([[m("2026-01-01", "1.5")], [m("2026-01-01", "2", "1"), m("2026-02-01", "3")]])).toEqual([
      m("2026-01-01", "3.5", "1.0"),
      m("2026-02-01", "3.0", "0.0"),
    ]);
  });
});
