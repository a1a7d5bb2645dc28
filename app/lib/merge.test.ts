import { describe, expect, it } from "vitest";
import { Decimal } from "./decimal";
import { bucketedMerge, firstOfSorted, sumDecimals } from "./merge";

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

describe("bucketedMerge", () => {
  it("merges as a whole, and merges again only the bucket whose part changed", () => {
    const parts = Array.from({ length: 10 }, (_, i) => ({ n: i }));
    const memo = new WeakMap();
    let merged = 0;
    const merge = (ps: readonly { n: number }[]) => {
      merged += ps.length;
      return ps.reduce((s, p) => s + p.n, 0);
    };
    const total = (xs: readonly number[]) => xs.reduce((s, x) => s + x, 0);
    expect(bucketedMerge(parts, merge, total, memo)).toBe(45);
    expect(merged).toBe(10);
    const changed = parts.map((p) => (p.n === 5 ? { n: 50 } : p));
    expect(bucketedMerge(changed, merge, total, memo)).toBe(90);
    expect(merged).toBe(10 + 4); // buckets of ⌈√10⌉ = 4: only the one holding the changed part
  });
});
