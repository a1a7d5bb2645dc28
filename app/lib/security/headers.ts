// Web hardening, as pure functions (unit-tested) that the server entry applies to every request:
// the same-origin check that stops cross-site mutations (CSRF) and the security headers.

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

export const CSRF_REFUSED =
  "Requête refusée : elle ne provient pas de Pilotage UO. Rechargez la page et réessayez ; si le problème persiste, contactez l'équipe Pilotage UO.";

export type OriginCheck = { ok: true } | { ok: false; reason: string };

function originOf(value: string | null | undefined): string | null {
  if (!value || value === "null") return null;
  try {
    const u = new URL(value);
    if (u.protocol !== "http:" && u.protocol !== "https:") return null;
    return u.origin;
  } catch {
    return null;
  }
}

/**
 * A mutation (any method but GET/HEAD/OPTIONS) must come from a page of this app: its Origin header,
 * or failing that its Referer, must be one of the allowed origins. A request carrying neither is
 * refused too (every current browser sends Origin on a POST), so a token is not needed and no route
 * can forget the check. `allowedOrigins` is APP_ORIGIN when configured; otherwise the origin the
 * request was addressed to (its Host header, in http and https).
 */
export function checkSameOrigin(input: {
  method: string;
  origin: string | null | undefined;
  referer: string | null | undefined;
  host: string | null | undefined;
  allowedOrigins?: readonly string[];
  secFetchSite?: string | null;
}): OriginCheck {
  if (SAFE_METHODS.has(input.method.toUpperCase())) return { ok: true };
  const allowed = new Set<string>();
  for (const o of input.allowedOrigins ?? []) {
    const n = originOf(o);
    if (n) allowed.add(n);
  }
  if (!allowed.size && input.host) {
    allowed.add(`http://${input.host}`.toLowerCase());
    allowed.add(`https://${input.host}`.toLowerCase());
  }
  if (input.secFetchSite && input.secFetchSite !== "same-origin" && input.secFetchSite !== "none") {
    return { ok: false, reason: `sec-fetch-site ${input.secFetchSite}` };
  }
  const claimed = input.origin != null && input.origin !== "" ? input.origin : input.referer;
  if (claimed == null || claimed === "") return { ok: false, reason: "no Origin nor Referer" };
  const origin = originOf(claimed);
  if (!origin) return { ok: false, reason: `unreadable origin ${claimed.slice(0, 100)}` };
  if (!allowed.has(origin.toLowerCase())) return { ok: false, reason: `foreign origin ${origin}` };
  return { ok: true };
}

export interface HeaderOptions {
  /** a fresh random value per response; undefined in development (Vite injects its own scripts) */
  nonce?: string;
  /** HTTPS deployment: adds HSTS and upgrade-insecure-requests */
  https: boolean;
  /** origins a form submission may be redirected to (the ProConnect provider, for sign-out) */
  formActionOrigins?: readonly string[];
}

/**
 * Content-Security-Policy: scripts and <style> elements only from this origin or carrying the
 * per-response nonce (Remix's hydration scripts, the DSFR's color-scheme <style>); style attributes
 * stay allowed (React components render a few; they cannot run code). No framing at all.
 */
export function contentSecurityPolicy(options: HeaderOptions): string | null {
  if (!options.nonce) return null;
  const nonce = `'nonce-${options.nonce}'`;
  const formAction = ["'self'", ...(options.formActionOrigins ?? [])].join(" ");
  const directives = [
    "default-src 'self'",
    `script-src 'self' ${nonce}`,
    `style-src 'self' ${nonce}`,
    "style-src-attr 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    `form-action ${formAction}`,
    "frame-ancestors 'none'",
    "frame-src 'none'",
    "worker-src 'self'",
    "manifest-src 'self'",
  ];
  if (options.https) directives.push("upgrade-insecure-requests");
  return directives.join("; ");
}

export function securityHeaders(options: HeaderOptions): Record<string, string> {
  const headers: Record<string, string> = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Cross-Origin-Resource-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()",
    "X-DNS-Prefetch-Control": "off",
  };
  const csp = contentSecurityPolicy(options);
  if (csp) headers["Content-Security-Policy"] = csp;
  if (options.https) headers["Strict-Transport-Security"] = "max-age=63072000; includeSubDomains";
  return headers;
}
