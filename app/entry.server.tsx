import { Writable } from "node:stream";
import type { AppLoadContext, EntryContext } from "@remix-run/node";
import { RemixServer } from "@remix-run/react";
import { renderToPipeableStream } from "react-dom/server";
import { NonceProvider } from "./lib/security/nonce";
import { NONCE_PLACEHOLDER, documentKey, documents, splitDocument, withNonce } from "./lib/render-cache.server";
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
