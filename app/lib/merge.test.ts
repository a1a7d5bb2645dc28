import { describe, expect, it } from "vitest";
import { Decimal } from "./decimal";
import { firstOfSorted, sumDecimals } from "./merge";

describe("sumDecimals", () => {
  it("adds like Decimal, exactly", () => {
    const cases = [["0"], [], ["1.5", "2.25", "-0.75"], ["-12.50", "12.5"], ["123456789012345678.91", "0.09"], ["-0.5", "-0.25"], ["10", "1e3"], ["7.0", "3"]];
    for (const xs of cases) expect(new Decimal(sumDecimals(xs)).equals(xs.reduce((a, x) => a.plus(x), new Decimal(0)))).toBe(true);
    expect(sumDecimals(["-0.5", "-0.25"])).toBe("-0.75");
    expect(sumDecimals(["0.05", "-0.10"])).toBe("-0.05");
  });
});

describe("firstOfSorted", () => {
  it("gives what a stable sort of the lists put together gives, cut at the limit", () => {
    const cmp = (a: { k: number }, b: { k: number }) => a.k - b.k;
    const lists = [
      [1, 3, 3, 9].map((k, i) => ({ k, from: `a${i}` })),
      [],
      [0, 3, 4].map((k, i) => ({ k, from: `b${i}` })),
      [3, 10].map((k, i) => ({ k, from: `c${i}` })),
    ];
    for (const limit of [0, 1, 4, 6, 100]) expect(firstOfSorted(lists, cmp, limit)).toEqual(lists.flat().sort(cmp).slice(0, limit));
  });
});
