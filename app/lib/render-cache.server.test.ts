import { describe, expect, it } from "vitest";
import { NONCE_PLACEHOLDER, documentKey, renderCache, splitDocument, withNonce } from "./render-cache.server";

const page = (loaderData: unknown, more: Partial<Parameters<typeof documentKey>[0]> = {}) =>
  documentKey({ method: "GET", url: "http://localhost/commandes?page=2", status: 200, loaderData, actionData: null, errors: null, ...more });

describe("documentKey", () => {
  const data = { root: { user: { id: 1, name: "Camille" }, alerts: 2 }, "routes/commandes": { items: [{ id: 7, total: "12.50" }] } };

  it("is the same for the same URL and equal loader data, and differs when either changes", () => {
    const key = page(data);
    expect(key).toBeTypeOf("string");
    expect(page(structuredClone(data))).toBe(key);
    expect(page(data, { url: "http://localhost/commandes?page=3" })).not.toBe(key);
    expect(page({ ...data, root: { ...data.root, alerts: 3 } })).not.toBe(key);
    expect(page({ ...data, "routes/commandes": { items: [{ id: 7, total: "12.5" }] } })).not.toBe(key);
  });

  it("tells a Date from its text, undefined from null, and an object's keys from its values", () => {
    const at = new Date("2026-11-23T10:00:00Z");
    expect(page({ d: at })).not.toBe(page({ d: at.toISOString() }));
    expect(page({ a: undefined })).not.toBe(page({ a: null }));
    expect(page({ a: "b" })).not.toBe(page({ b: "a" }));
    expect(page({ a: '","b":"' })).not.toBe(page({ a: "", b: "" }));
    expect(page({ n: -0 })).not.toBe(page({ n: 0 }));
    expect(page({ n: Number.NaN })).not.toBe(page({ n: null }));
  });

  it("renders every time what it cannot describe: other methods, statuses, action data, errors, Maps and class instances", () => {
    expect(page(data, { method: "POST" })).toBeNull();
    expect(page(data, { method: "HEAD" })).toBeNull();
    expect(page(data, { status: 404 })).toBeNull();
    expect(page(data, { actionData: { "routes/commandes": { error: "Quantité invalide" } } })).toBeNull();
    expect(page(data, { errors: { root: new Error("boom") } })).toBeNull();
    expect(page({ m: new Map([[1, 2]]) })).toBeNull();
    expect(page({ p: Promise.resolve(1) })).toBeNull();
    expect(page({ n: 1n })).toBeNull();
    class Money {
      constructor(readonly value: string) {}
    }
    expect(page({ m: new Money("1.00") })).toBeNull();
    const cyclic: Record<string, unknown> = { a: 1 };
    cyclic.self = cyclic;
    expect(page({ cyclic })).toBeNull();
  });
});

describe("stored documents", () => {
  it("put each response's own nonce where the placeholder was, and nowhere else", () => {
    const html = Buffer.from(`<script nonce="${NONCE_PLACEHOLDER}">a</script><p>x</p><script nonce="${NONCE_PLACEHOLDER}">b</script>`);
    const doc = splitDocument(html);
    const one = withNonce(doc, "Zm9vYmFyYmF6cXV4").toString();
    const two = withNonce(doc, "cXV4YmF6YmFyZm9v").toString();
    expect(one).toBe('<script nonce="Zm9vYmFyYmF6cXV4">a</script><p>x</p><script nonce="Zm9vYmFyYmF6cXV4">b</script>');
    expect(two).toBe('<script nonce="cXV4YmF6YmFyZm9v">a</script><p>x</p><script nonce="cXV4YmF6YmFyZm9v">b</script>');
    expect(withNonce(splitDocument(Buffer.from("<p>sans script</p>")), "n").toString()).toBe("<p>sans script</p>");
    // the stored document is never handed out: a caller writing into its body changes nothing stored
    withNonce(doc, "n").fill(0);
    expect(withNonce(doc, "Zm9vYmFyYmF6cXV4").toString()).toBe(one);
  });

  it("keep at most their byte budget, dropping the least recently used first", () => {
    const cache = renderCache(100);
    const doc = (n: number) => splitDocument(Buffer.alloc(n, 97));
    cache.set("a", doc(20));
    cache.set("b", doc(20));
    cache.set("c", doc(20));
    expect(cache.get("a")).toBeDefined(); // a is now the most recent
    cache.set("d", doc(25));
    cache.set("e", doc(25));
    expect(cache.bytes).toBeLessThanOrEqual(100);
    expect(cache.get("b")).toBeUndefined();
    expect(cache.get("a")).toBeDefined();
    expect(cache.get("e")).toBeDefined();
    cache.set("huge", doc(60)); // more than a quarter of the budget: not kept
    expect(cache.get("huge")).toBeUndefined();
    expect(renderCache(0).enabled).toBe(false);
  });

  it("count each document's bytes once, across its parts and when a key is stored again, and free several to make room", () => {
    const cache = renderCache(1000);
    const doc = (n: number) => splitDocument(Buffer.from(`${"a".repeat(n / 2)}${NONCE_PLACEHOLDER}${"b".repeat(n / 2)}`));
    for (const key of "abcdefghi") cache.set(key, doc(100)); // 100 bytes each: the placeholder is not stored
    expect(cache.size).toBe(9);
    expect(cache.bytes).toBe(900);
    cache.set("b", doc(100)); // the same page again: counted once, and now the most recent
    expect(cache.bytes).toBe(900);
    expect(cache.get("a")).toBeDefined(); // a is the most recent, c the least
    cache.set("big", doc(250)); // 1150 bytes: c then d go, in that order, until it fits
    expect([..."abcdefghi", "big"].filter((k) => cache.get(k) !== undefined)).toEqual(["a", "b", "e", "f", "g", "h", "i", "big"]);
    expect(cache.bytes).toBe(950);
    cache.clear();
    expect([cache.size, cache.bytes]).toEqual([0, 0]);
    const off = renderCache(0);
    off.set("a", doc(2));
    expect([off.get("a"), off.size, off.bytes]).toEqual([undefined, 0, 0]);
  });
});
