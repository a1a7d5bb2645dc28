import { describe, expect, it } from "vitest";
import { checkSameOrigin, contentSecurityPolicy, securityHeaders } from "./headers";

const base = { host: "pilotage.example.gouv.fr", referer: null, origin: null };

describe("same-origin check on mutations", () => {
  it("lets every safe method through, whatever its origin", () => {
    for (const method of ["GET", "HEAD", "OPTIONS", "get"]) {
      expect(checkSameOrigin({ ...base, method, origin: "https://evil.example" }).ok).toBe(true);
    }
  });
  it("accepts a POST from the app's own origin (Origin, or Referer when Origin is absent)", () => {
    expect(checkSameOrigin({ ...base, method: "POST", origin: "https://pilotage.example.gouv.fr" }).ok).toBe(true);
    expect(checkSameOrigin({ ...base, method: "POST", referer: "https://pilotage.example.gouv.fr/commandes?x=1" }).ok).toBe(true);
    expect(checkSameOrigin({ ...base, method: "DELETE", origin: "http://pilotage.example.gouv.fr" }).ok).toBe(true);
  });
  it("refuses foreign, null, unreadable or missing origins on every mutating method", () => {
    for (const method of ["POST", "PUT", "PATCH", "DELETE"]) {
      expect(checkSameOrigin({ ...base, method, origin: "https://evil.example" }).ok).toBe(false);
      expect(checkSameOrigin({ ...base, method, origin: "null" }).ok).toBe(false);
      expect(checkSameOrigin({ ...base, method, origin: "null", referer: "https://evil.example/x" }).ok).toBe(false);
      expect(checkSameOrigin({ ...base, method }).ok).toBe(false);
      expect(checkSameOrigin({ ...base, method, referer: "javascript:alert(1)" }).ok).toBe(false);
      expect(checkSameOrigin({ ...base, method, origin: "https://pilotage.example.gouv.fr.evil.example" }).ok).toBe(false);
      expect(checkSameOrigin({ ...base, method, origin: "https://pilotage.example.gouv.fr:8443" }).ok).toBe(false);
    }
  });
  it("refuses a cross-site fetch even when it forges nothing else", () => {
    expect(checkSameOrigin({ ...base, method: "POST", origin: "https://pilotage.example.gouv.fr", secFetchSite: "cross-site" }).ok).toBe(false);
    expect(checkSameOrigin({ ...base, method: "POST", origin: "https://pilotage.example.gouv.fr", secFetchSite: "same-origin" }).ok).toBe(true);
  });
  it("with APP_ORIGIN configured, only that origin counts (not the Host header)", () => {
    const allowedOrigins = ["https://pilotage.numerique.gouv.fr"];
    expect(checkSameOrigin({ ...base, method: "POST", origin: "https://pilotage.numerique.gouv.fr", allowedOrigins }).ok).toBe(true);
    expect(checkSameOrigin({ ...base, method: "POST", origin: "https://pilotage.example.gouv.fr", allowedOrigins }).ok).toBe(false);
  });
});

describe("security headers", () => {
  it("forbid framing, sniffing and leaking referrers; HSTS only over HTTPS", () => {
    const h = securityHeaders({ nonce: "abc", https: false });
    expect(h["X-Content-Type-Options"]).toBe("nosniff");
    expect(h["Referrer-Policy"]).toBe("same-origin");
    expect(h["X-Frame-Options"]).toBe("DENY");
    expect(h["Content-Security-Policy"]).toContain("frame-ancestors 'none'");
    expect(h["Strict-Transport-Security"]).toBeUndefined();
    expect(securityHeaders({ nonce: "abc", https: true })["Strict-Transport-Security"]).toMatch(/max-age=\d{8}/);
  });
  it("allow scripts only from self or with the response's nonce, never inline or eval", () => {
    const csp = contentSecurityPolicy({ nonce: "n0nce", https: false })!;
    const script = csp.split("; ").find((d) => d.startsWith("script-src "))!;
    expect(script).toBe("script-src 'self' 'nonce-n0nce'");
    expect(csp).not.toMatch(/unsafe-eval/);
    expect(csp.split("; ").find((d) => d.startsWith("style-src "))).toBe("style-src 'self' 'nonce-n0nce'");
    expect(csp).toContain("object-src 'none'");
    expect(csp).toContain("form-action 'self'");
    expect(contentSecurityPolicy({ nonce: "x", https: false, formActionOrigins: ["https://idp.example"] })).toContain("form-action 'self' https://idp.example");
  });
});
