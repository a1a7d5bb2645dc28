import { describe, expect, it } from "vitest";
import { countedFigures, orderFigures, sumOrderFigures } from "./figures";
import { ttcOf } from "../orders/amounts";

const stored = { ordered_days: "20", ordered_ht: "10.03", consumed_days: "10", consumed_ht: "5.02", pending_days: "1.5" };

describe("R13 figures", () => {
  it("remaining TTC = ordered TTC − consumed TTC, never the TTC of the remaining HT", () => {
    const f = orderFigures(stored, "issued", "0.2");
    expect([f.orderedTtc, f.consumedTtc, f.remainingTtc]).toEqual(["12.04", "6.02", "6.02"]); // 10.03 + 2.01, 5.02 + 1.00
    expect(ttcOf(f.remainingHt, "0.2")).toBe("6.01"); // 5.01 + 1.00: the figure that did not reconcile
    expect([f.remainingDays, f.remainingHt, f.releasedDays]).toEqual(["10.0", "5.01", "0.0"]);
  });

  it("a cancelled order counts 0 and releases what it ordered", () => {
    const f = orderFigures({ ...stored, consumed_days: "0", consumed_ht: "0", pending_days: "0" }, "cancelled", "0.2");
    expect([f.orderedDays, f.orderedHt, f.orderedTtc, f.remainingDays, f.remainingHt, f.remainingTtc]).toEqual(["0.0", "0.00", "0.00", "0.0", "0.00", "0.00"]);
    expect([f.releasedDays, f.releasedHt, f.releasedTtc]).toEqual(["20.0", "10.03", "12.04"]);
  });

  it("a closed order counts its consumption as ordered, remaining 0, and shows what it released", () => {
    const f = orderFigures({ ...stored, pending_days: "0" }, "closed", "0.2");
    expect([f.orderedDays, f.orderedHt, f.orderedTtc]).toEqual(["10.0", "5.02", "6.02"]);
    expect([f.remainingDays, f.remainingHt, f.remainingTtc]).toEqual(["0.0", "0.00", "0.00"]);
    expect([f.releasedDays, f.releasedHt, f.releasedTtc]).toEqual(["10.0", "5.01", "6.02"]); // 12.04 − 6.02
    expect(countedFigures({ ...stored, pending_days: "0" }, "closed").remainingDays).toBe("0.0");
  });

  it("above the order, figures are the sums of the orders' figures", () => {
    const a = orderFigures(stored, "issued", "0.2");
    const b = orderFigures({ ...stored, pending_days: "0" }, "closed", "0.055");
    const s = sumOrderFigures([a, b]);
    expect([s.orderedDays, s.orderedHt, s.orderedTtc, s.consumedTtc, s.remainingTtc]).toEqual(["30.0", "15.05", "17.34", "11.32", "6.02"]);
  });
});
