import { expect, test } from "@playwright/test";
import { accounts, expectAccessible, signIn, signOut } from "./helpers";

test("an anonymous visitor is sent to the sign-in page, and sees the public pages", async ({ page }) => {
  await page.goto("/");
  await expect(page).toHaveURL(/\/connexion\?redirectTo=%2F/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Connexion à Pilotage UO");
  await expect(page).toHaveTitle("Connexion - Pilotage UO");
  await expectAccessible(page);
  await page.goto("/stats");
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  await expectAccessible(page);
  await page.goto("/a-propos");
  await expect(page.getByRole("main").getByText("sont fictifs")).toBeVisible();
  await expectAccessible(page);
});

test("a wrong password is refused without saying whether the account exists", async ({ page }) => {
  await page.goto("/connexion");
  await page.getByLabel("Adresse électronique").fill(accounts.dinum);
  await page.getByLabel("Mot de passe").fill("mauvais");
  await page.getByRole("button", { name: "Se connecter" }).click();
  await expect(page.getByText("Adresse électronique ou mot de passe incorrect")).toBeVisible();
  // (the error summary is labelled by its message, which names the fields too: the fields by their role)
  await expect(page.getByRole("textbox", { name: "Adresse électronique" })).toHaveValue(accounts.dinum);
  await page.getByRole("textbox", { name: "Adresse électronique" }).fill("personne@nulle-part.fr");
  await page.locator("#connexion-password").fill("mauvais");
  await page.getByRole("button", { name: "Se connecter" }).click();
  await expect(page.getByText("Adresse électronique ou mot de passe incorrect")).toBeVisible();
  await expectAccessible(page);
});

const rowsOf = (page: import("@playwright/test").Page) => page.getByTestId("order-row");

test("DINUM sees every beneficiary's orders, drafts included", async ({ page }) => {
  await signIn(page, accounts.dinum);
  await expect(page.getByTestId("current-user").first()).toContainText("Camille Centrale");
  await expect(page.getByTestId("current-user").first()).toContainText("DINUM");
  await expect(page).toHaveTitle("Tableau de bord - Pilotage UO");
  const table = page.locator("#orders");
  await expect(table).toContainText("Ministères sociaux");
  await expect(table).toContainText("Ministère de l'Économie et des Finances");
  await expect(table).toContainText("Brouillon");
  await expectAccessible(page);
  await signOut(page);
  await page.goto("/");
  await expect(page).toHaveURL(/\/connexion/);
});

test("a correspondent sees only its beneficiary, and another beneficiary's order answers 404", async ({ page, request }) => {
  await signIn(page, accounts.correspondentB);
  await expect(page.getByTestId("current-user").first()).toContainText("Ministère de l'Économie et des Finances");
  const rows = rowsOf(page);
  await expect(rows.first()).toBeVisible();
  const texts = await rows.allInnerTexts();
  expect(texts.some((t) => t.includes("Mon Entreprise"))).toBe(true);
  expect(texts.some((t) => t.includes("Nata") || t.includes("FranceConnect"))).toBe(false);
  // find an order of beneficiary A as DINUM would see it, then try it as B
  const ctx = page.context();
  const other = await ctx.newPage();
  await other.context().clearCookies();
  await signIn(other, accounts.correspondentA);
  const link = other.locator("#orders a", { hasText: /25_BAM_112/ }).first();
  const href = await link.getAttribute("href");
  expect(href).toMatch(/^\/commandes\/\d+$/);
  await other.close();
  await ctx.clearCookies();
  await signIn(page, accounts.correspondentB);
  const response = await page.goto(href!);
  expect(response?.status()).toBe(404);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Page introuvable");
  await expectAccessible(page);
  void request;
});

test("a contractor sees its own issued orders, never drafts nor another contractor's", async ({ page }) => {
  await signIn(page, accounts.contractorA);
  await expect(page.getByTestId("current-user").first()).toContainText("Octopus Numérique SAS");
  const texts = await rowsOf(page).allInnerTexts();
  expect(texts.length).toBeGreaterThan(0);
  expect(texts.some((t) => t.includes("Brouillon"))).toBe(false);
  expect(texts.some((t) => t.includes("Nata"))).toBe(true);
  expect(texts.some((t) => t.includes("Mano"))).toBe(false); // Atelier Numérique Public's order
  // open one of its orders: lines and totals in French format
  await page
    .locator("#orders a", { hasText: /25_BAM_112/ })
    .first()
    .click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText("Bon de commande");
  await expect(page.getByTestId("total-ttc")).toHaveText(/^\d{1,3}(\u202f\d{3})*,\d{2}\u00a0€$/);
  await expectAccessible(page);
});

test("the second contractor cannot open the first one's order", async ({ page }) => {
  await signIn(page, accounts.contractorA);
  const href = await page.locator("#orders a").first().getAttribute("href");
  await page.context().clearCookies();
  await signIn(page, accounts.contractorB);
  const response = await page.goto(href!);
  expect(response?.status()).toBe(404);
});
