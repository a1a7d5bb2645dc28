// Issue 14: a contractor's month on a fresh database, every page checked by axe and at 375 px; the
// declaration form from the keyboard only: a refused entry brings the focus to the error summary, whose link
// leads to the field; "Ajouter une personne" adds a fourth... any number of people, the new row focused.
import { expect, test } from "@playwright/test";
import { accounts, expectPageFits, signIn } from "./helpers";

test("a contractor declares a month from the keyboard: error summary focused, a person added and focused, submitted", async ({ page }) => {
  test.setTimeout(180_000);
  await signIn(page, accounts.contractorA);
  await expectPageFits(page);
  await page.goto("/declarations");
  await page.waitForLoadState("networkidle");
  await expectPageFits(page);
  const row = page
    .locator("#to-declare")
    .getByTestId("to-declare-row")
    .filter({ has: page.getByRole("link", { name: /^Déclarer/ }) });
  await row
    .first()
    .getByRole("link", { name: /^Déclarer/ })
    .click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText("Déclaration");
  await page.waitForLoadState("networkidle");
  await expectPageFits(page);

  const first = page.getByTestId("declaration-line").first();
  const days = first.getByLabel("Jours consommés ce mois-ci");
  await days.focus();
  await page.keyboard.type("2,3");
  await page.keyboard.press("Enter");
  // the summary takes the focus and links to the field
  const summary = page.getByTestId("form-error");
  await expect(summary).toBeFocused();
  await expect(summary.getByRole("link").first()).toContainText("demi-journées");
  await expect(days).toHaveAttribute("aria-invalid", "true");
  await expectPageFits(page);
  await page.keyboard.press("Tab");
  await expect(summary.getByRole("link").first()).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/#line-0-days$/);
  await expect(days).toBeFocused();
  await page.keyboard.press("ControlOrMeta+A");
  await page.keyboard.type("2");

  // one person row at first; "Ajouter une personne" adds one, announced, its name field focused
  await expect(first.getByTestId("person-row")).toHaveCount(1);
  await first.getByRole("button", { name: /^Ajouter une personne/ }).focus();
  await page.keyboard.press("Enter");
  await expect(first.getByTestId("person-row")).toHaveCount(2);
  await expect(first.getByLabel("Intervenant 2 : nom")).toBeFocused();
  await expect(first.getByTestId("people-announce")).toHaveText("Intervenant 2 ajouté à la ligne 1.");
  await page.keyboard.type("Alix Clavier");
  await page.keyboard.press("Tab");
  await expect(first.getByLabel("Intervenant 2 : jours")).toBeFocused();
  await page.keyboard.type("2");
  await expectPageFits(page);

  await page.getByRole("button", { name: "Soumettre au correspondant" }).focus();
  await page.keyboard.press("Enter");
  await expect(page.getByText("La déclaration est soumise")).toBeVisible();
  await expect(page.getByText("Alix Clavier (2 j)")).toBeVisible();
  // what it will count once validated, shown to the contractor too
  await expect(page.getByText("Total consommé HT à la validation")).toBeVisible();
  await expectPageFits(page);
});
