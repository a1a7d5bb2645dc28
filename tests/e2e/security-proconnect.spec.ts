// ProConnect sign-in end to end (issue 7), in a real browser, against a local OpenID provider started by
// the test (tests/helpers/oidc-provider.ts, no network) and the built server started with the
// PROCONNECT_* variables pointing at it (its own port, data folder and embedded PostgreSQL).
import { expect, test } from "@playwright/test";
import { startTestProvider, type TestProvider } from "../helpers/oidc-provider";
import { startServer, type ServerProcess } from "../helpers/server-process";
import { expectAccessible } from "./helpers";
import { testPort } from "../helpers/ports";
import { demoAccounts } from "../../seeds/accounts";

// the same build as the shared e2e server (playwright.config.ts)
process.env.REMIX_BUILD_DIR ??= "build";
const APP_PORT = testPort(3153);
const APP_PG_PORT = testPort(55453);
const IDP_PORT = testPort(3154);
const app = `http://127.0.0.1:${APP_PORT}`;
let idp: TestProvider;
let server: ServerProcess;

test.describe.configure({ mode: "serial", timeout: 180_000 });

test.beforeAll(async () => {
  test.setTimeout(180_000);
  idp = await startTestProvider(IDP_PORT, { redirectUri: `${app}/connexion/proconnect/retour` });
  server = await startServer({
    port: APP_PORT,
    pgPort: APP_PG_PORT,
    env: {
      PROCONNECT_ISSUER: idp.issuer,
      PROCONNECT_CLIENT_ID: idp.clientId,
      PROCONNECT_CLIENT_SECRET: idp.clientSecret,
      PROCONNECT_REDIRECT_URI: `${app}/connexion/proconnect/retour`,
      PROCONNECT_POST_LOGOUT_REDIRECT_URI: `${app}/connexion`,
    },
  });
});

test.afterAll(async () => {
  await server?.stop();
  await idp?.close();
});

test("an agent known to Pilotage UO signs in with ProConnect, and signing out ends both sessions", async ({ page }) => {
  idp.nextUser = { sub: "pc-correspondant-a", email: "Correspondant.Sociaux@demo.pilotage-uo.fr", given_name: "Camille", usual_name: "Sociaux" };
  await page.goto(`${app}/commandes/999999`); // a protected page: sent to sign-in, then back
  await expect(page).toHaveURL(/\/connexion\?redirectTo=/);
  await expect(page.getByTestId("proconnect")).toBeVisible();
  await expectAccessible(page);
  await page.getByRole("link", { name: /S.identifier avec\s*ProConnect/ }).click();
  // back from the provider, signed in as the matching user (email matched case-insensitively)
  await expect(page.getByTestId("current-user").first()).toContainText("Correspondant");
  expect(new URL(page.url()).pathname).toBe("/commandes/999999");
  const authorize = idp.log.authorize.at(-1)!;
  expect(authorize.get("code_challenge_method")).toBe("S256");
  expect(authorize.get("scope")).toContain("email");
  expect(idp.log.token.at(-1)!.get("client_secret")).toBe(idp.clientSecret);

  await page.goto(`${app}/`);
  await page.getByRole("button", { name: "Se déconnecter" }).first().click();
  await expect(page).toHaveURL(/\/connexion/);
  const logout = idp.log.logout.at(-1)!;
  expect(logout.get("id_token_hint")).toBeTruthy();
  expect(logout.get("post_logout_redirect_uri")).toBe(`${app}/connexion`);
  await page.goto(`${app}/`);
  await expect(page).toHaveURL(/\/connexion/); // the local session is gone too
});

test("an agent unknown to Pilotage UO is refused with a clear message and no session", async ({ page }) => {
  idp.nextUser = { sub: "pc-inconnu", email: "agent.inconnu@exemple.gouv.fr" };
  await page.goto(`${app}/connexion`);
  const response = page.waitForResponse((r) => r.url().startsWith(`${app}/connexion/proconnect/retour`));
  await page.getByRole("link", { name: /S.identifier avec\s*ProConnect/ }).click();
  expect((await response).status()).toBe(403);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Connexion avec ProConnect impossible");
  await expect(page.getByText("Votre compte ProConnect (agent.inconnu@exemple.gouv.fr) n'ouvre pas d'accès à Pilotage UO")).toBeVisible();
  await expectAccessible(page);
  await page.goto(`${app}/`);
  await expect(page).toHaveURL(/\/connexion/);
});

test("a forged or replayed return from the provider is refused", async ({ page, request }) => {
  // no flow cookie, made-up code and state
  const forged = await request.get(`${app}/connexion/proconnect/retour?code=abc&state=def`, { maxRedirects: 0 });
  expect(forged.status()).toBe(400);
  expect(await forged.text()).toContain("La connexion avec ProConnect n&#x27;a pas abouti");

  // a real flow whose state is tampered with on the way back
  idp.nextUser = { sub: "pc-dinum", email: demoAccounts.dinum };
  idp.tamperNextState = true;
  await page.goto(`${app}/connexion`);
  await page.getByRole("link", { name: /S.identifier avec\s*ProConnect/ }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Connexion avec ProConnect impossible");
  // the flow's state is single-use: its cookie is gone, so the same return cannot be replayed
  expect((await page.context().cookies(app)).map((c) => c.name)).not.toContain("pilotage_proconnect");
  await page.goto(`${app}/`);
  await expect(page).toHaveURL(/\/connexion/);
});

test("without the PROCONNECT_* variables, no button and no route", async ({ page, request }) => {
  // the shared e2e server (playwright.config) runs without them
  await page.goto("/connexion");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Connexion à Pilotage UO");
  await expect(page.getByTestId("proconnect")).toHaveCount(0);
  expect((await request.get("/connexion/proconnect", { maxRedirects: 0 })).status()).toBe(404);
});
