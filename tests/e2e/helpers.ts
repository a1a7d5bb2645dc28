import AxeBuilder from "@axe-core/playwright";
import { expect, type Page } from "@playwright/test";
import { DEMO_PASSWORD, demoAccounts } from "../../seeds/accounts";

// the demo accounts of the README, listed once in seeds/accounts.ts
export const PASSWORD = DEMO_PASSWORD;
export const accounts = demoAccounts;

export async function signIn(page: Page, email: string, password = PASSWORD) {
  await page.goto("/connexion");
  await page.getByLabel("Adresse électronique").fill(email);
  await page.getByLabel("Mot de passe").fill(password);
  await page.getByRole("button", { name: "Se connecter" }).click();
  await expect(page.getByTestId("current-user").first()).toBeVisible();
}

export async function signOut(page: Page) {
  await page.getByRole("button", { name: "Se déconnecter" }).first().click();
  await expect(page).toHaveURL(/\/connexion/);
}

/** WCAG 2.1 A/AA (RGAA 4.1 targets them): zero violations. */
export async function expectAccessible(page: Page) {
  const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  const summary = results.violations.map(
    (v) =>
      `${v.id}: ${v.help} (${v.nodes
        .map((n) => n.target.join(" "))
        .slice(0, 3)
        .join(", ")})`,
  );
  expect(summary, `axe violations on ${page.url()}`).toEqual([]);
}

/**
 * An irreversible action (components/forms/ConfirmSubmit): its button, then "Confirmer : …", in the DSFR
 * modal once the page runs its JavaScript, or in the question the page shows in place before that.
 */
export async function confirmAction(page: Page, label: string, checkQuestion?: RegExp | string) {
  await page.getByRole("button", { name: label, exact: true }).click();
  const question = page.getByText(checkQuestion ?? /./).filter({ visible: true });
  if (checkQuestion) await expect(question.first()).toBeVisible();
  await page
    .getByRole("button", { name: `Confirmer : ${label.charAt(0).toLowerCase()}${label.slice(1)}` })
    .filter({ visible: true })
    .click();
}

/** What every page of the monthly walks checks: axe at 0 violations, and no sideways scroll at 375 px. */
export async function expectPageFits(page: Page) {
  await expectAccessible(page);
  const size = page.viewportSize();
  await page.setViewportSize({ width: 375, height: 800 });
  const widths = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, inner: window.innerWidth }));
  expect(widths.scroll, `page width at 375 px on ${page.url()}`).toBeLessThanOrEqual(widths.inner);
  if (size) await page.setViewportSize(size);
}
