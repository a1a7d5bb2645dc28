// Rendered documents, kept per URL and loader data (GET, status 200). A page is a pure function of those
// and of the response's CSP nonce, so the same data renders the same HTML: React's rendering of the layout and the
// tables, most of a page's CPU once its data is cached (issue 8), is done once per change of the data.
// The nonce is rendered as a per-process random placeholder, replaced by the response's own nonce.
// Anything the key cannot describe faithfully (a Map, a Promise, an action's data, an error) is not cached.
import { createHash, randomBytes } from "node:crypto";
import { LRUCache } from "lru-cache";
import { env } from "./env.server";
import { isDeeplyFrozen } from "./versioned-cache.server";

/** Rendered in place of the nonce; random per process, so no stored text can contain it. */
export const NONCE_PLACEHOLDER = `pilotage-nonce-${randomBytes(16).toString("hex")}`;

class Uncacheable extends Error {}

// The loader data as JSON, with Dates and undefined tagged so that a Date and its ISO string, or undefined
// and null, never share a key. Types JSON cannot describe (Map, Set, bigint, functions, promises of
// deferred data) make the document uncacheable. The encoding of a value of the versioned cache (deeply
// frozen, the same object on every request) is computed once.
const encoded = new WeakMap<object, string>();

function encode(value: unknown): string {
  switch (typeof value) {
    case "string":
    case "boolean":
      return JSON.stringify(value);
    case "number":
      return Number.isFinite(value) && !Object.is(value, -0) ? String(value) : `{"$number":"${Object.is(value, -0) ? "-0" : value}"}`;
    case "undefined":
      return '{"$undefined":true}';
    case "object": {
      if (value === null) return "null";
      if (value instanceof Date) return `{"$date":${Number.isNaN(value.getTime()) ? "null" : JSON.stringify(value.toISOString())}}`;
      const memo = encoded.get(value);
      if (memo !== undefined) return memo;
      let text: string;
      if (Array.isArray(value)) text = `[${value.map(encode).join(",")}]`;
      else if (Object.getPrototypeOf(value) === Object.prototype || Object.getPrototypeOf(value) === null) {
        const record = value as Record<string, unknown>;
        text = `{${Object.keys(record)
          .map((k) => `${JSON.stringify(k)}:${encode(record[k])}`)
          .join(",")}}`;
      } else throw new Uncacheable(); // Map, Set, Promise, class instances: rendered every time
      if (isDeeplyFrozen(value)) encoded.set(value, text);
      return text;
    }
    default:
      throw new Uncacheable();
  }
}

/** The key of a document, or null when it must be rendered every time. */
export function documentKey(input: { method: string; url: string; status: number; loaderData: unknown; actionData: unknown; errors: unknown }): string | null {
  if (input.method !== "GET" || input.status !== 200 || input.actionData || input.errors) return null;
  try {
    const data = encode(input.loaderData);
    return createHash("sha256").update(input.url).update("\n").update(data).digest("base64url");
  } catch {
    // uncacheable types, or anything unexpected (a cycle): when in doubt, render
    return null;
  }
}

/** A document split around its nonce placeholders. */
export type RenderedDocument = readonly Buffer[];

export function splitDocument(html: Buffer): RenderedDocument {
  const marker = Buffer.from(NONCE_PLACEHOLDER);
  const parts: Buffer[] = [];
  let from = 0;
  for (let at = html.indexOf(marker, from); at >= 0; at = html.indexOf(marker, from)) {
    parts.push(html.subarray(from, at));
    from = at + marker.length;
  }
  parts.push(html.subarray(from));
  return parts;
}

/** The document with the response's nonce: a new buffer, the stored one is never handed out. */
export function withNonce(document: RenderedDocument, nonce: string | undefined) {
  const value = Buffer.from(nonce ?? "");
  const pieces: Buffer[] = [];
  document.forEach((part, i) => {
    if (i > 0) pieces.push(value);
    pieces.push(part);
  });
  return Buffer.concat(pieces);
}

/**
 * Least recently used documents, bounded in bytes (lru-cache's `maxSize`, each document counted by its
 * length); a document over a quarter of the budget is not kept, so one page cannot empty the cache.
 * A budget under 4 bytes (0 in practice) turns the cache off.
 */
export function renderCache(maxBytes: number) {
  const budget = Math.floor(maxBytes);
  const lru =
    budget >= 4
      ? new LRUCache<string, RenderedDocument>({
          maxSize: budget,
          maxEntrySize: Math.floor(budget / 4),
          // lru-cache wants a positive size: an empty document counts for one byte
          sizeCalculation: (d) =>
            Math.max(
              1,
              d.reduce((n, part) => n + part.length, 0),
            ),
        })
      : null;
  return {
    get enabled() {
      return lru !== null;
    },
    get bytes() {
      return lru?.calculatedSize ?? 0;
    },
    get size() {
      return lru?.size ?? 0;
    },
    get(key: string): RenderedDocument | undefined {
      return lru?.get(key);
    },
    set(key: string, document: RenderedDocument) {
      lru?.set(key, document);
    },
    clear() {
      lru?.clear();
    },
  };
}

/**
 * The process's documents: PILOTAGE_RENDER_CACHE_MB (64 by default, 0 turns it off). Off under Vite's
 * development server, where components change without the data changing.
 */
export const documents = renderCache(import.meta.env.PROD ? env().PILOTAGE_RENDER_CACHE_MB * 1024 * 1024 : 0);

/**
 * The pages whose document may be kept by data version (issue 15, session 9): the main pages of every role,
 * whose loaders read the signed-in user, the URL, the day and values of the versioned caches — and, on each
 * request, nothing else (checked: a document is kept only if its loaders sent no query outside a versioned
 * cache, app/lib/request-state.server.ts). Every route of the match must be listed. Not the journal: audit events
 * move no data version.
 */
export const PAGES_KEPT_BY_VERSION: ReadonlySet<string> = new Set([
  "root",
  "routes/_index",
  "routes/commandes._index",
  "routes/commandes.$id",
  "routes/declarations._index",
  "routes/declarations.$id",
  "routes/alertes",
  "routes/referentiel.beneficiaires._index",
  "routes/referentiel.contrats._index",
  "routes/referentiel.titulaires",
]);

/** What a page kept by version answers: its document in the render cache (by its key there) and its headers. */
export interface KeptPage {
  documentKey: string;
  headers: readonly (readonly [string, string])[];
}

/**
 * Pages by (data version of the user's scope, day, signed-in user, URL): the key of their document in the render
 * cache, so that a request whose data has not changed is answered without running a loader, encoding its data or
 * rendering. The document itself stays in the render cache (bounded in bytes): evicted there, the page is computed again.
 */
export function pageIndex(maxEntries: number) {
  const lru = maxEntries > 0 ? new LRUCache<string, KeptPage>({ max: maxEntries }) : null;
  return {
    get size() {
      return lru?.size ?? 0;
    },
    /** the key of a page, from what its document depends on */
    key(input: { version: bigint; day: string; user: object; url: string }) {
      return `${input.version}\n${input.day}\n${JSON.stringify(input.user)}\n${input.url}`;
    },
    /** the kept page and its document, if both are still there */
    get(key: string, store = documents): { page: KeptPage; document: RenderedDocument } | undefined {
      const page = lru?.get(key);
      const document = page && store.get(page.documentKey);
      return page && document ? { page, document } : undefined;
    },
    set(key: string, page: KeptPage) {
      lru?.set(key, page);
    },
    clear() {
      lru?.clear();
    },
  };
}

export const pages = pageIndex(documents.enabled ? 20_000 : 0);
