// The express → Remix bridge (same as @remix-run/express's), with one guard added for every mutation:
// its body is read first, within a size limit (chunked bodies included), and must be a readable form
// (urlencoded or multipart). A body no route could read gets a 4xx with a French message here, so no
// action ever fails with a 500 on `request.formData()`.
import type { AppLoadContext, ServerBuild } from "@remix-run/node";
import { createReadableStreamFromReadable, createRequestHandler as createRemixHandler, writeReadableStreamToWritable } from "@remix-run/node";
import type { NextFunction, Request as ExpressRequest, Response as ExpressResponse } from "express";
import { Readable } from "node:stream";
import { MAX_BODY_BYTES } from "./middleware.server";

export const BODY_UNREADABLE = "Le formulaire envoyé est illisible. Rechargez la page et réessayez.";
export const BODY_INVALID_CHARACTER = "Le formulaire contient un caractère invalide (caractère nul). Corrigez la saisie et réessayez.";
export const BODY_UNSUPPORTED = "Type de contenu non accepté : envoyez le formulaire depuis les pages de Pilotage UO.";

type Refusal = { status: number; message: string };
type ServePage = (request: Request, nonce: string | undefined, run: () => Promise<Response>) => Promise<Response>;

function contentKind(type: string | undefined): "urlencoded" | "multipart" | "none" | "other" {
  const t = (type ?? "").split(";")[0].trim().toLowerCase();
  if (!t) return "none";
  if (t === "application/x-www-form-urlencoded") return "urlencoded";
  if (t === "multipart/form-data") return "multipart";
  return "other";
}

function readBody(req: ExpressRequest, max: number): Promise<Buffer | Refusal> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    req.on("data", (chunk: Buffer) => {
      if (done) return;
      size += chunk.length;
      if (size > max) {
        done = true;
        req.pause();
        resolve({ status: 413, message: `Requête trop volumineuse : elle ne doit pas dépasser ${Math.round(max / 1024 / 1024)} Mo.` });
        return;
      }
      chunks.push(chunk);
    });
    req.on("end", () => {
      if (!done) resolve(Buffer.concat(chunks));
    });
    req.on("error", reject);
  });
}

/** Reads and checks a mutation's body; returns it (and the content type to use) or a refusal. */
async function checkedBody(req: ExpressRequest): Promise<{ body: Buffer; contentType: string | null } | Refusal> {
  const kind = contentKind(req.get("content-type"));
  if (kind === "other") return { status: 415, message: BODY_UNSUPPORTED };
  const body = await readBody(req, kind === "multipart" ? MAX_BODY_BYTES.multipart : MAX_BODY_BYTES.other);
  if (!Buffer.isBuffer(body)) return body;
  if (kind === "none") {
    if (body.length) return { status: 415, message: BODY_UNSUPPORTED };
    return { body, contentType: "application/x-www-form-urlencoded" }; // an empty form
  }
  let form: FormData;
  try {
    // exactly how the routes will read it
    form = await new Request("http://localhost/", {
      method: "POST",
      headers: { "Content-Type": req.get("content-type")! },
      body: new Uint8Array(body),
    }).formData();
  } catch {
    return { status: 400, message: BODY_UNREADABLE };
  }
  // no form field ever legitimately holds a NUL character, and PostgreSQL text cannot store one
  for (const [name, value] of form.entries()) {
    if (name.includes("\u0000") || (typeof value === "string" && value.includes("\u0000"))) return { status: 400, message: BODY_INVALID_CHARACTER };
  }
  return { body, contentType: null };
}

export function createRequestHandler(options: {
  build: ServerBuild | (() => Promise<ServerBuild>);
  mode: string;
  getLoadContext: (req: ExpressRequest, res: ExpressResponse) => AppLoadContext;
}) {
  const handle = createRemixHandler(options.build, options.mode);
  return async (req: ExpressRequest, res: ExpressResponse, next: NextFunction) => {
    try {
      const url = requestUrl(req);
      const headers = new Headers();
      for (const [key, values] of Object.entries(req.headers)) {
        if (!values) continue;
        if (Array.isArray(values)) for (const v of values) headers.append(key, v);
        else headers.set(key, values);
      }
      const controller = new AbortController();
      const init: RequestInit & { duplex?: "half" } = { method: req.method, headers, signal: controller.signal };
      if (req.method !== "GET" && req.method !== "HEAD") {
        const checked = await checkedBody(req);
        if (!("body" in checked)) {
          res.status(checked.status).type("text/plain; charset=utf-8").setHeader("Cache-Control", "no-store");
          if (checked.status === 413) res.setHeader("Connection", "close");
          res.send(checked.message);
          return;
        }
        if (checked.contentType) headers.set("Content-Type", checked.contentType);
        headers.delete("transfer-encoding");
        headers.set("Content-Length", String(checked.body.length));
        init.body = createReadableStreamFromReadable(bufferStream(checked.body));
        init.duplex = "half";
      }
      // abort loaders and actions once the response can no longer be written (client gone)
      let live: AbortController | null = controller;
      res.on("finish", () => (live = null));
      res.on("close", () => live?.abort());
      const request = new Request(url.href, init);
      const context = options.getLoadContext(req, res);
      // the build's entry answers a page whose data has not changed without Remix (app/entry.server.tsx)
      const servePage = typeof options.build === "function" ? undefined : (options.build.entry.module as { servePage?: ServePage }).servePage;
      const response = servePage ? await servePage(request, context.cspNonce, () => handle(request, context)) : await handle(request, context);
      res.statusMessage = response.statusText;
      res.status(response.status);
      for (const [key, value] of response.headers.entries()) res.append(key, value);
      if (response.headers.get("Content-Type")?.match(/text\/event-stream/i)) res.flushHeaders();
      if (response.body) await writeReadableStreamToWritable(response.body, res);
      else res.end();
    } catch (error) {
      next(error);
    }
  };
}

function bufferStream(buffer: Buffer): Readable {
  return Readable.from(buffer.length ? [buffer] : []);
}

/** The request's URL as @remix-run/express builds it (req.hostname honours "trust proxy"). */
function requestUrl(req: ExpressRequest): URL {
  const forwardedPort = Number.parseInt(req.get("X-Forwarded-Host")?.split(":")[1] ?? "", 10);
  const hostPort = Number.parseInt(req.get("host")?.split(":")[1] ?? "", 10);
  const port = Number.isSafeInteger(forwardedPort) ? forwardedPort : Number.isSafeInteger(hostPort) ? hostPort : "";
  return new URL(`${req.protocol}://${req.hostname}${port ? `:${port}` : ""}${req.originalUrl}`);
}
