// Express middleware applied by server.ts in front of every request (static files included): the
// security headers with a fresh CSP nonce, and the same-origin check on every mutation. Living here
// rather than in each route, no route can forget it.
import { randomBytes } from "node:crypto";
import type { NextFunction, Request, Response } from "express";
import { env, PROCONNECT_REQUIRED, secureCookies } from "../env.server";
import { CSRF_REFUSED, checkSameOrigin, securityHeaders } from "./headers";

export interface SecurityOptions {
  dev: boolean;
  /** HTTPS deployment (HSTS, upgrade-insecure-requests) */
  https: boolean;
  /** APP_ORIGIN: the public origin(s) of the app, comma separated; default: the request's Host */
  allowedOrigins: string[];
  /** extra origins a form may be redirected to (the ProConnect provider) */
  formActionOrigins: string[];
}

export function securityMiddleware(options: SecurityOptions) {
  return (req: Request, res: Response, next: NextFunction) => {
    const nonce = options.dev ? undefined : randomBytes(16).toString("base64");
    res.locals.cspNonce = nonce;
    const headers = securityHeaders({ nonce, https: options.https, formActionOrigins: options.formActionOrigins });
    for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
    // a NUL character in the address (e.g. a search ?q=a%00b) has no use, and PostgreSQL refuses it
    // eslint-disable-next-line no-control-regex -- the NUL character is what is refused
    if (/%00|\u0000/i.test(req.originalUrl)) {
      res.status(400).type("text/plain; charset=utf-8").setHeader("Cache-Control", "no-store");
      res.send("Adresse invalide : elle contient un caractère nul.");
      return;
    }
    const check = checkSameOrigin({
      method: req.method,
      origin: req.get("origin"),
      referer: req.get("referer"),
      host: req.get("host"),
      allowedOrigins: options.allowedOrigins,
      secFetchSite: req.get("sec-fetch-site"),
    });
    if (!check.ok) {
      console.warn(`[sécurité] requête ${req.method} ${req.path} refusée (${check.reason})`);
      res.status(403).type("text/plain; charset=utf-8").setHeader("Cache-Control", "no-store");
      res.send(CSRF_REFUSED);
      return;
    }
    const tooBig = checkBodySize(req);
    if (tooBig) {
      res.status(tooBig.status).type("text/plain; charset=utf-8").setHeader("Cache-Control", "no-store");
      if (!tooBig.drain) res.setHeader("Connection", "close");
      res.send(tooBig.message);
      return;
    }
    next();
  };
}

/** Outer bound on request bodies, before any route buffers them (an import file stays under 20 Mo). */
export const MAX_BODY_BYTES = { multipart: 20 * 1024 * 1024, other: 1024 * 1024 } as const;

/**
 * An oversized body announced up to this size is read to its end and dropped after the 413 (Node does it
 * for a kept-alive connection): closing while the client still sends makes the kernel reset the
 * connection, and the client (a browser uploading a 25 Mo file) may then lose the 413 and its French
 * message. Beyond it, reading is not worth it: the connection is closed.
 */
const DRAIN_MAX_BYTES = 64 * 1024 * 1024;

function checkBodySize(req: Request): { status: number; message: string; drain: boolean } | null {
  if (req.method === "GET" || req.method === "HEAD" || req.method === "OPTIONS") return null;
  const length = req.get("content-length");
  if (length == null) return null; // chunked: remix-handler.server.ts counts the bytes as they come
  const bytes = /^\d{1,15}$/.test(length) ? Number(length) : Number.POSITIVE_INFINITY;
  const multipart = (req.get("content-type") ?? "").toLowerCase().startsWith("multipart/form-data");
  const max = multipart ? MAX_BODY_BYTES.multipart : MAX_BODY_BYTES.other;
  if (bytes > max) {
    return {
      status: 413,
      message: `Requête trop volumineuse : ${multipart ? "un fichier envoyé" : "un formulaire"} ne doit pas dépasser ${Math.round(max / 1024 / 1024)} Mo.`,
      drain: bytes <= DRAIN_MAX_BYTES,
    };
  }
  return null;
}

export function securityOptionsFromEnv(dev: boolean): SecurityOptions {
  // served over HTTPS exactly when the session cookie is Secure (production, or SECURE_COOKIES=true)
  const https = secureCookies();
  const formActionOrigins: string[] = [];
  const config = env();
  const set = PROCONNECT_REQUIRED.filter((v) => config[v]);
  if (set.length && set.length < PROCONNECT_REQUIRED.length) {
    console.warn(`ProConnect reste désactivé : il manque ${PROCONNECT_REQUIRED.filter((v) => !config[v]).join(", ")}.`);
  }
  // a URL already checked by env()
  if (config.PROCONNECT_ISSUER) formActionOrigins.push(new URL(config.PROCONNECT_ISSUER).origin);
  return { dev, https, allowedOrigins: config.APP_ORIGIN, formActionOrigins };
}
