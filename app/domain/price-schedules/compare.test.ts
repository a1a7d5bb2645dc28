import { describe, expect, it } from "vitest";
import { comparePrices } from "./compare";

describe("comparePrices", () => {
  it("gives the day rate (÷ 20, exact) and the difference from the previous version", () => {
    const rows = comparePrices({ PM: "13733.33", BIZDEV: "10423.60" }, { PM: "13333.33", BIZDEV: "10120.00" }, ["PM", "BIZDEV", "DEVOPS_JUNIOR"]);
    expect(rows).toEqual([
      { code: "PM", unitPrice: "13733.33", dayRate: "686.6665", previousPrice: "13333.33", difference: "400.00", differenceRatio: "0.0300" },
      { code: "BIZDEV", unitPrice: "10423.60", dayRate: "521.1800", previousPrice: "10120.00", difference: "303.60", differenceRatio: "0.0300" },
    ]);
  });

  it("has no difference for a first version", () => {
    const [row] = comparePrices({ PM: "12999.99" }, null, ["PM"]);
    expect(row.difference).toBeNull();
    expect(row.dayRate).toBe("649.9995"); // exact, not 650.00: 20 × 650,00 would not give the price
  });
});
