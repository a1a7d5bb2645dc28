import AxeBuilder from "@axe-core/playwright";
import { expect, type Locator, type Page } from "@playwright/test";
import { DEMO_PASSWORD, demoAccounts } from "../../seeds/accounts";
import { de } from "../../app/lib/french";
import { fictionalSiret } from "../../app/domain/companies/siret";

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
/** A form's button stands apart from the fields above it in its form (at least 1 rem), never glued to the last one. */
export async function expectApartFromFields(button: Locator) {
  const gap = await button.evaluate((b) => {
    const top = b.getBoundingClientRect().top;
    const fields = [...(b.closest("form")?.querySelectorAll("input:not([type=hidden]), select, textarea") ?? [])];
    const above = fields.map((f) => f.getBoundingClientRect().bottom).filter((bottom) => bottom <= top + 1);
    return above.length ? top - Math.max(...above) : Number.POSITIVE_INFINITY;
  });
  expect(gap, "space between the button and the field above it (px)").toBeGreaterThanOrEqual(16);
}

export async function confirmAction(page: Page, label: string, checkQuestion?: RegExp | string) {
  await page.getByRole("button", { name: label, exact: true }).click();
  const question = page.getByText(checkQuestion ?? /./).filter({ visible: true });
  if (checkQuestion) await expect(question.first()).toBeVisible();
  await page
    .getByRole("button", { name: `Confirmer : ${label.charAt(0).toLowerCase()}${label.slice(1)}` })
    .filter({ visible: true })
    .click();
}

/** After a refused submit from the keyboard: the error summary has the focus, Tab reaches its first link, and Enter
 * on it moves the focus to `field`, marked invalid. */
export async function followErrorSummary(page: Page, field: Locator) {
  const summary = page.getByTestId("form-error");
  await expect(summary).toBeFocused();
  await page.keyboard.press("Tab");
  await expect(summary.getByRole("link").first()).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(field).toBeFocused();
  await expect(field).toHaveAttribute("aria-invalid", "true");
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

/** Picks the option of `selector` whose text is `text` (or, failing that, contains it). */
export async function selectByText(page: Page, selector: string, text: string) {
  const options = page.locator(`${selector} option`);
  const texts = (await options.allInnerTexts()).map((t) => t.trim());
  const exact = texts.indexOf(text);
  const index = exact >= 0 ? exact : texts.findIndex((t) => t.includes(text));
  expect(index, `option ${text} in ${selector}`).toBeGreaterThanOrEqual(0);
  await page.locator(selector).selectOption((await options.nth(index).getAttribute("value"))!);
}

/** `n` months from the month of `day` (YYYY-MM-DD), as its first day. */
export function monthStart(day: string, n: number): string {
  const [y, m] = day.split("-").map(Number);
  const d = new Date(Date.UTC(y, m - 1 + n, 1));
  return d.toISOString().slice(0, 10);
}

/**
 * The data of a monthly walk, made by the spec itself through the pages (specs share one database and run one after
 * another): correspondent A orders `days` of UO Devops-Confirmé on Nata from Octopus (contractor A), from the first of
 * the month `monthsBack` months ago, and issues it; its months up to this one are then to declare. Signs out after.
 * With `beforeSave`, the caller fills the rest of the form itself (e.g. from the keyboard) and saves the draft.
 */
export async function issueOrderWithMonthsToDeclare(page: Page, today: string, monthsBack: number, beforeSave?: (page: Page) => Promise<void>) {
  await signIn(page, accounts.correspondentA);
  await page.goto("/commandes/nouveau");
  await page.waitForLoadState("networkidle");
  await selectByText(page, "#productId", "Nata");
  await selectByText(page, "#lotId", "25_BAM_112 – lot 1");
  await selectByText(page, "#contractorId", "Octopus Numérique SAS");
  const reason = page.getByLabel("Raison du choix d'un autre titulaire");
  if (await reason.count()) await reason.fill("Continuité de l'équipe en place sur le produit");
  await page.getByLabel("Début").fill(monthStart(today, -monthsBack));
  await page.getByLabel("Fin", { exact: true }).fill(`${monthStart(today, 6).slice(0, 7)}-28`);
  await page.getByLabel("Numéro d'engagement juridique (EJ)").fill(`13009${String(Date.now()).slice(-5)}`);
  await selectByText(page, "#line-0-code", "UO Devops-Confirmé");
  await page.getByLabel("Ligne 1 : quantité").fill("3");
  if (beforeSave) await beforeSave(page);
  else await page.getByRole("button", { name: "Enregistrer le brouillon" }).last().click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText("Brouillon");
  await expectApartFromFields(page.getByRole("button", { name: "Émettre le bon de commande", exact: true }));
  await confirmAction(page, "Émettre le bon de commande");
  await expect(page.getByTestId("success")).toContainText("émis");
  const number = /Bon de commande (25_BAM_112-\d{4}-\d{4})/.exec(await page.getByRole("heading", { level: 1 }).innerText())?.[1];
  expect(number).toBeTruthy();
  const orderUrl = new URL(page.url()).pathname;
  await signOut(page);
  return { number: number!, orderUrl };
}

/**
 * Contractor A (signed in) declares `month` (its French label, e.g. "octobre 2026") of the order `number`: `days` on its
 * first line, one person, or several with their days (picked from the contractor's list, or new names).
 */
export async function declareMonth(page: Page, number: string, month: string, days: string, person: string | [name: string, days: string][]) {
  await page.goto(`/declarations?q=${encodeURIComponent(number)}`);
  const row = page.locator("#to-declare").getByTestId("to-declare-row").filter({ hasText: month });
  await row.getByRole("link").first().click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(`Déclaration ${de(month)}`);
  const first = page.getByTestId("declaration-line").first();
  await first.getByLabel("Jours consommés ce mois-ci").fill(days);
  const people = typeof person === "string" ? [[person, days] as const] : person;
  for (const [i, [name, personDays]] of people.entries()) {
    if (i > 0) {
      await first.getByRole("button", { name: "Ajouter une personne" }).click();
      await expect(first.getByLabel(`Intervenant ${i + 1} : nom`)).toBeFocused();
    }
    await first.getByLabel(`Intervenant ${i + 1} : nom`).fill(name);
    await first.getByLabel(`Intervenant ${i + 1} : jours`).fill(personDays);
  }
  await page.getByRole("button", { name: "Soumettre au correspondant" }).click();
  await expect(page.getByText("La déclaration est soumise")).toBeVisible();
}

/** A Luhn-valid SIRET no other run has used (its SIREN from the clock). */
export const uniqueSiret = () => fictionalSiret(Number(String(Date.now()).slice(-7)), "6");

/** The buyer (signed in, on the invoice's page) puts the invoice in payment, then records its payment on `paidOn`: R15's two last moves, each confirmed. */
export async function payInvoice(page: Page, paidOn: string) {
  await page.waitForLoadState("networkidle");
  await confirmAction(page, "Mettre en paiement", "ne pourra plus être suspendue ni rejetée");
  await expect(page.getByTestId("invoice-status").first()).toHaveText("Mise en paiement");
  await page.getByTestId("move-pay").getByLabel("Date du paiement").fill(paidOn);
  await confirmAction(page, "Enregistrer le paiement", "Le paiement enregistré est définitif");
  await expect(page.getByTestId("invoice-status").first()).toHaveText("Payée");
}
