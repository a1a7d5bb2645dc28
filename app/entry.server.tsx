import { Writable } from "node:stream";
import type { AppLoadContext, EntryContext } from "@remix-run/node";
import { RemixServer } from "@remix-run/react";
import { renderToPipeableStream } from "react-dom/server";
import { NonceProvider } from "./lib/security/nonce";
import { NONCE_PLACEHOLDER, PAGES_KEPT_BY_VERSION, documentKey, documents, pages, splitDocument, withNonce } from "./lib/render-cache.server";
import { requestState, trackedDatabases, withRequestState, type RequestState } from "./lib/request-state.server";
import { getSessionState } from "./auth/session.server";
import { getDb } from "./db.server";
import { todayInParis } from "./lib/dates";
import "./lib/security/load-context";

const ABORT_DELAY = 5_000;

/**
 * Renders the whole document, then answers it in one piece (with its length). Every loader has already
 * resolved when this runs (no deferred data in this app), so streaming the shell would only split the
 * page into many small socket writes: one buffer costs less CPU per page under load (issue 8).
 * A GET whose URL and loader data were rendered before is answered from the render cache
 * (app/lib/render-cache.server.ts) with this response's nonce.
 */
export default async function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  remixContext: EntryContext,
  loadContext: AppLoadContext,
) {
  // the Content-Security-Policy header (server.ts) allows only scripts and <style> carrying this nonce
  const nonce = loadContext?.cspNonce || undefined;
  const { loaderData, actionData, errors } = remixContext.staticHandlerContext;
  const key = documents.enabled ? documentKey({ method: request.method, url: request.url, status: responseStatusCode, loaderData, actionData, errors }) : null;
  let document = key ? documents.get(key) : undefined;
  let status = responseStatusCode;
  if (document) {
    // the hydration data is already in the stored document: stop encoding it again
    void remixContext.serverHandoffStream?.cancel().catch(() => undefined);
  } else {
    const rendered = await render(request, remixContext, documents.enabled ? NONCE_PLACEHOLDER : nonce);
    document = splitDocument(rendered.html);
    if (rendered.failed) status = 500;
    else if (key) documents.set(key, document);
  }
  responseHeaders.set("Content-Type", "text/html; charset=utf-8");
  // pages show personal and budget data: never kept by shared caches
  if (!responseHeaders.has("Cache-Control")) responseHeaders.set("Cache-Control", "private, no-store");
  // kept by data version when every read of its loaders came from a versioned cache (see servePage)
  const state = requestState();
  if (
    state?.pageKey &&
    key &&
    status === 200 &&
    state.uncachedReads === 0 &&
    !responseHeaders.has("Set-Cookie") &&
    remixContext.staticHandlerContext.matches.every((m) => PAGES_KEPT_BY_VERSION.has(m.route.id))
  )
    pages.set(state.pageKey, { documentKey: key, headers: [...responseHeaders.entries()] });
  const body = withNonce(document, nonce);
  responseHeaders.set("Content-Length", String(body.length));
  return new Response(body, { headers: responseHeaders, status });
}

function render(request: Request, remixContext: EntryContext, nonce: string | undefined) {
  return new Promise<{ html: Buffer; failed: boolean }>((resolve, reject) => {
    let failed = false;
    const chunks: Buffer[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        chunks.push(chunk);
        done();
      },
      final(done) {
        resolve({ html: Buffer.concat(chunks), failed });
        done();
      },
    });
    const { pipe, abort } = renderToPipeableStream(
      <NonceProvider value={nonce ?? ""}>
        <RemixServer context={remixContext} url={request.url} abortDelay={ABORT_DELAY} nonce={nonce} />
      </NonceProvider>,
      {
        nonce,
        onAllReady() {
          clearTimeout(timer);
          pipe(sink);
        },
        onShellError(error: unknown) {
          clearTimeout(timer);
          reject(error);
        },
        onError(error: unknown) {
          failed = true;
          console.error(error);
        },
      },
    );
    const timer = setTimeout(abort, ABORT_DELAY);
  });
}

/**
 * Every GET goes through here before Remix (app/lib/security/remix-handler.server.ts): the session, its user and
 * the data version of the user's scope are read in one statement; the loaders then take the user from there and
 * the versioned caches that version (one round trip, not one per cached value). A document request whose page
 * was kept for the same version, day, user and URL (app/lib/render-cache.server.ts `pages`) is answered from the
 * render cache at once, with this response's nonce: no loader runs, nothing is encoded or rendered. A write in the
 * user's scope moves the version, so the next request misses and computes the page again.
 */
export async function servePage(request: Request, nonce: string | undefined, run: () => Promise<Response>): Promise<Response> {
  if (request.method !== "GET") return run();
  const db = getDb();
  let session: Awaited<ReturnType<typeof getSessionState>>;
  try {
    session = await getSessionState(db, request);
  } catch {
    return run(); // the loaders look the session up themselves, and answer what they answer
  }
  const document = documents.enabled && trackedDatabases.has(db) && !new URL(request.url).pathname.endsWith(".data");
  const state: RequestState = {
    user: session?.user ?? null,
    scope: session?.scope ?? null,
    version: session?.version ?? null,
    uncachedReads: 0,
    pageKey: null,
  };
  if (document && session && state.version !== null) {
    state.pageKey = pages.key({ version: state.version, day: todayInParis(), user: session.user, url: request.url });
    const kept = pages.get(state.pageKey);
    if (kept) {
      const body = withNonce(kept.document, nonce);
      const headers = new Headers(kept.page.headers as [string, string][]);
      headers.set("Content-Length", String(body.length));
      return new Response(body, { status: 200, headers });
    }
  }
  return withRequestState(state, run);
}
