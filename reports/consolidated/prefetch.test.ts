import { describe, expect, it } from "vitest";
import { chunks, prefetched } from "./queries.server";

describe("prefetched chunks", () => {
  it("yields every row in order, one fetch per chunk, the next fetch started early", async () => {
    const ids = Array.from({ length: 1000 }, (_, i) => i + 1);
    const calls: number[] = [];
    const out: number[] = [];
    for await (const v of prefetched(ids, async (c) => { calls.push(c[0]); return c.map((x) => x * 10); })) {
      out.push(v);
      if (out.length === 1) expect(calls.length).toBe(2); // chunk 2 already requested while chunk 1 is consumed
    }
    expect(out).toEqual(ids.map((x) => x * 10));
    expect(calls.length).toBe(chunks(ids).length);
  });

  it("an abandoned export leaves no unhandled rejection behind", async () => {
    const ids = Array.from({ length: 1000 }, (_, i) => i + 1);
    let n = 0;
    const gen = prefetched(ids, async (c) => { n++; if (n > 1) throw new Error("connexion perdue"); return c; });
    for await (const _ of gen) break;
    await new Promise((r) => setTimeout(r, 20));
    expect(n).toBe(2);
  });

  it("no ids, no fetch", async () => {
    const out = [];
    for await (const v of prefetched([], async () => { throw new Error("never"); })) out.push(v);
    expect(out).toEqual([]);
  });
});
