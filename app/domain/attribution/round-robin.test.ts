import { describe, expect, it } from "vitest";
import { holderWhoseTurnItIs, rankHolders } from "./round-robin";

const h = (contractorId: number, name: string, orders: number, totalHt: string) => ({ contractorId, name, orders, totalHt });

describe("round-robin attribution", () => {
  it("proposes the holder with the fewest orders", () => {
    expect(holderWhoseTurnItIs([h(1, "Octopus", 3, "10.00"), h(2, "Faiseurs", 2, "99999.00")])?.contractorId).toBe(2);
  });
  it("breaks a tie by the lowest total HT, then by name", () => {
    expect(holderWhoseTurnItIs([h(1, "Octopus", 2, "100000.00"), h(2, "Faiseurs", 2, "99999.99")])?.contractorId).toBe(2);
    expect(rankHolders([h(1, "Octopus", 0, "0"), h(2, "Atelier", 0, "0.00")]).map((x) => x.name)).toEqual(["Atelier", "Octopus"]);
  });
  it("compares amounts exactly, not as text", () => {
    expect(holderWhoseTurnItIs([h(1, "A", 1, "9000.00"), h(2, "B", 1, "10000.00")])?.contractorId).toBe(1);
  });
  it("proposes nobody on a lot without holder", () => {
    expect(holderWhoseTurnItIs([])).toBeNull();
  });
});
