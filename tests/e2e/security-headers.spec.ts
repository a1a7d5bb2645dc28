// Web hardening in a real browser against the built server (issue 7): the Content-Security-Policy lets
// the DSFR and Remix run with no violation, every inline script carries the response's nonce, the
// security headers are there, and a cross-site form cannot sign anyone out or post anything.
import { expect, test, type Page } from "@playwright/test";
import { accounts, signIn } from "./helpers";

function watchCsp(page: Page) {
  const violations: string[] = [];
  page.on("console", (m) => {
    if (/Content Security Policy|Refused to/i.test(m.text())) violations.push(m.text());
  });
  page.on("pageerror", (e) => violations.push(`pageerror: ${e.message}`));
  return violations;
}

function expectNonceOnInlineScripts(html: string, nonce: string) {
  const scripts = [...html.matchAll(/<script\b([^>]*)>/g)].map((m) => m[1]);
  expect(scripts.length).toBeGreaterThan(0);
  for (const attrs of scripts) {
    if (/\bsrc=/.test(attrs)) continue;
    expect(attrs, "inline script without the nonce").toContain(`nonce="${nonce}"`);
  }
  expect(html).not.toContain("pilotage-nonce-");
}

test("security headers on pages and assets, a fresh nonce on every inline script", async ({ request, baseURL }) => {
  const r1 = await request.get("/connexion");
  const r2 = await request.get("/connexion");
  const h = r1.headers();
  expect(h["x-content-type-options"]).toBe("nosniff");
  expect(h["referrer-policy"]).toBe("same-origin");
  expect(h["x-frame-options"]).toBe("DENY");
  expect(h["x-powered-by"]).toBeUndefined();
  expect(h["cache-control"]).toContain("no-store");
  const csp = h["content-security-policy"];
  expect(csp).toContain("frame-ancestors 'none'");
  expect(csp).toContain("default-src 'self'");
  expect(csp).not.toContain("unsafe-eval");
  const nonce = /'nonce-([^']+)'/.exec(csp)![1];
  expect(nonce.length).toBeGreaterThanOrEqual(16);
  expect(/'nonce-([^']+)'/.exec(r2.headers()["content-security-policy"])![1]).not.toBe(nonce);
  // every <script> without src (Remix context, hydration, scroll restoration) carries the nonce of its own
  // response, also the second time, when the document comes from the render cache
  const html = await r1.text();
  expectNonceOnInlineScripts(html, nonce);
  const html2 = await r2.text();
  expectNonceOnInlineScripts(html2, /'nonce-([^']+)'/.exec(r2.headers()["content-security-policy"])![1]);
  expect(html2.replaceAll(/nonce="[^"]*"/g, "")).toBe(html.replaceAll(/nonce="[^"]*"/g, ""));
  expect(html).not.toMatch(/<style(?![^>]*nonce)[^>]*>/);
  // static files get the same protections
  const asset = html.match(/href="(\/assets\/[^"]+\.css)"/)![1];
  const ra = await request.get(asset);
  expect(ra.status()).toBe(200);
  expect(ra.headers()["x-content-type-options"]).toBe("nosniff");
  // no HSTS on this plain-HTTP demo server (it is sent when SECURE_COOKIES / production HTTPS)
  expect(h["strict-transport-security"]).toBeUndefined();
  expect(baseURL).toMatch(/^http:/);
});

test("the DSFR and Remix work under the CSP: no violation while browsing as each role", async ({ page }) => {
  const violations = watchCsp(page);
  await page.goto("/connexion");
  await expect(page.locator("html")).toHaveAttribute("data-fr-js", "true"); // dsfr.start() ran
  for (const email of [accounts.dinum, accounts.correspondentA, accounts.contractorA]) {
    await signIn(page, email);
    // client-side navigation (Remix fetches and runs route modules) and a DSFR interactive component
    await page.getByRole("link", { name: "Statistiques" }).first().click();
    await expect(page).toHaveURL(/\/stats$/);
    await expect(page.locator("html")).toHaveAttribute("data-fr-js", "true");
    await page.goBack();
    // every main screen of the role, loaded in full (the pages a role may not open answer 403, still under the CSP)
    for (const path of [
      "/commandes",
      "/declarations",
      "/alertes",
      "/rapports",
      "/produits",
      "/journal",
      "/referentiel",
      "/utilisateurs",
      "/commandes/nouveau",
    ]) {
      await page.goto(path);
      await expect(page.locator("html")).toHaveAttribute("data-fr-js", "true");
      await expect(page.locator("h1"), `${email} ${path}: one <h1>`).toHaveCount(1);
    }
    await page.goto("/commandes");
    const orders = await page
      .locator('#contenu a[href^="/commandes/"]')
      .evaluateAll((as) => as.map((a) => a.getAttribute("href") ?? "").filter((h) => /^\/commandes\/\d+$/.test(h)));
    if (orders.length) {
      await page.goto(orders[0]);
      await expect(page.locator("#contenu h1")).toBeVisible();
    }
    await page.goto("/");
    await page.getByRole("button", { name: "Se déconnecter" }).first().click();
    await expect(page).toHaveURL(/\/connexion/);
  }
  // the DSFR's color-scheme <style> was added with the nonce (otherwise the CSP drops it); signing out is a
  // plain form post, so /connexion is a fresh document whose DSFR start may still be running: wait for it
  await expect(page.locator("html")).toHaveAttribute("data-fr-js", "true");
  await expect.poll(() => page.evaluate(() => (document.getElementById("dsfr-root-color-scheme") as HTMLStyleElement | null)?.nonce ?? "")).not.toBe("");
  expect(violations).toEqual([]);
  // and the policy is really enforced: a script injected without the nonce does not run
  const ran = await page.evaluate(() => {
    const s = document.createElement("script");
    s.textContent = "window.__injected = true";
    document.body.appendChild(s);
    return (window as unknown as { __injected?: boolean }).__injected === true;
  });
  expect(ran).toBe(false);
  await expect.poll(() => violations.length).toBeGreaterThan(0);
});

test("a cross-site form cannot post: 403 with a French message, and the session survives", async ({ page, baseURL }) => {
  await signIn(page, accounts.correspondentA);
  // a page on another site that auto-submits a form to the app's sign-out (a classic CSRF)
  await page.route("http://attaquant.example/**", (route) =>
    route.fulfill({
      contentType: "text/html",
      body: `<!doctype html><html lang="fr"><body><form id="f" method="post" action="${baseURL}/deconnexion"></form>
        <script>document.getElementById("f").submit()</script></body></html>`,
    }),
  );
  const refused = page.waitForResponse((r) => r.url() === `${baseURL}/deconnexion`);
  await page.goto("http://attaquant.example/piege");
  const response = await refused;
  expect(response.status()).toBe(403);
  expect(await response.text()).toMatch(/Requête refusée : elle ne provient pas de Pilotage UO/);
  await page.goto("/");
  await expect(page.getByTestId("current-user").first()).toBeVisible(); // still signed in
});

test("mutations without a same-origin Origin or Referer are refused; the app's own forms work", async ({ request, baseURL }) => {
  const form = { email: accounts.dinum, password: "faux" };
  const foreign = await request.post("/connexion", { form, headers: { Origin: "https://evil.example" } });
  expect(foreign.status()).toBe(403);
  expect(await foreign.text()).toContain("Requête refusée");
  const none = await request.post("/connexion", { form });
  expect(none.status()).toBe(403);
  const nullOrigin = await request.post("/connexion", { form, headers: { Origin: "null" } });
  expect(nullOrigin.status()).toBe(403);
  const viaReferer = await request.post("/connexion", { form, headers: { Referer: `${baseURL}/connexion` }, maxRedirects: 0 });
  expect(viaReferer.status()).toBe(401);
  const same = await request.post("/connexion", { form, headers: { Origin: baseURL! }, maxRedirects: 0 });
  expect(same.status()).toBe(401);
  expect(await same.text()).toContain("Adresse électronique ou mot de passe incorrect");
});

test("oversized or unannounced bodies are refused before any route reads them", async ({ request, baseURL }) => {
  const big = "x".repeat(1024 * 1024 + 10);
  const r = await request.post("/connexion", { form: { email: big, password: "x" }, headers: { Origin: baseURL! } });
  expect(r.status()).toBe(413);
  expect(await r.text()).toContain("Requête trop volumineuse");
});
