import { expect, test } from "@playwright/test";
import { accounts, confirmAction, expectAccessible, payInvoice, signIn, signOut } from "./helpers";
import { addDays, todayInParis } from "../../app/lib/dates";
import { halfYearStart } from "../../app/domain/invoices/deadline";

test("a contractor records an invoice, the correspondent suspends it, the contractor completes it, it is paid late and the interest shows", async ({
  page,
}) => {
  const today = todayInParis();
  const number = `E2E-${Date.now()}`;
  // the missing items arrive 45 days ago: a new period of 30 days, due 15 days ago; paid today, 15 days late
  const suspendedOn = addDays(today, -50);
  const resumedOn = addDays(today, -45);

  // DINUM records the ECB rate of the half-year in which the delay begins, if the table does not have it
  await signIn(page, accounts.dinum);
  await page.goto("/referentiel/taux-bce");
  await expectAccessible(page);
  const halfYear = halfYearStart(addDays(resumedOn, 31));
  await page.getByLabel("Premier jour du semestre").fill(halfYear);
  await page.getByLabel("Taux BCE (%)").fill("2,15");
  await page.getByLabel("Source").fill("essai de bout en bout");
  await page.getByRole("button", { name: "Enregistrer le taux" }).click();
  await expect(page.getByRole("status")).toContainText("enregistré");
  await signOut(page);

  // the contractor, from its order's page (Nata, EJ 1300480412, service fait validated through September 2026)
  await signIn(page, accounts.contractorA);
  // (other specs may have issued Nata orders of their own: the demo's is the one with that EJ)
  await page.goto("/commandes");
  const natas = await page
    .getByRole("row")
    .filter({ hasText: "Nata" })
    .evaluateAll((rows) => rows.map((r) => r.querySelector('a[href^="/commandes/"]')?.getAttribute("href") ?? "").filter(Boolean));
  for (const href of natas) {
    await page.goto(href);
    if (await page.getByText("1300480412").count()) break;
  }
  await expect(page.getByText("1300480412").first()).toBeVisible();
  await expect(page.getByRole("heading", { name: "Factures" })).toBeVisible();
  await page.getByRole("link", { name: "Enregistrer une facture" }).click();
  await expect(page).toHaveTitle("Enregistrer une facture - Pilotage UO");
  await expectAccessible(page);
  // a wrong EJ is refused with Chorus Pro's reason, what was typed stays
  await page.getByLabel("Numéro de la facture").fill(number);
  await page.getByLabel(/Numéro d'engagement juridique/).fill("9999999999");
  await page.getByLabel("Date de dépôt dans Chorus Pro").fill(addDays(today, -60));
  await page.getByLabel("Montant HT (€)").fill("1000,00");
  await page.getByRole("button", { name: "Enregistrer la facture" }).click();
  await expect(page.getByTestId("form-error")).toContainText("Chorus Pro rejette une facture dont l'EJ est inconnu");
  await expect(page.getByLabel("Numéro de la facture")).toHaveValue(number);
  await page.getByLabel(/Numéro d'engagement juridique/).fill("1300480412");
  await page.getByRole("button", { name: "Enregistrer la facture" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(`Facture ${number}`);
  await expect(page.getByTestId("invoice-status").first()).toHaveText("Déposée");
  await expect(page.getByTestId("amounts")).toContainText("1\u202f000,00\u00a0€ HT + 200,00\u00a0€ TVA = 1\u202f200,00\u00a0€ TTC");
  const invoiceUrl = new URL(page.url()).pathname;
  await signOut(page);

  // the correspondent suspends it (with its reason, confirmed), 50 days ago; without its reason, the form says so first
  await signIn(page, accounts.correspondentA);
  await page.goto(invoiceUrl);
  await page.waitForLoadState("networkidle");
  await expectAccessible(page);
  const suspend = page.getByTestId("move-suspend");
  await suspend.getByRole("button", { name: "Suspendre (pièce manquante)", exact: true }).click();
  await expect(suspend.getByTestId("form-error")).toBeFocused();
  await expect(suspend.getByTestId("error-summary")).toContainText("Saisissez le motif de la suspension");
  await suspend.getByLabel("Pièce ou information manquante").fill("Le relevé des jours par intervenant manque.");
  await suspend.getByLabel("Date de la suspension dans Chorus Pro").fill(suspendedOn);
  await confirmAction(page, "Suspendre (pièce manquante)", "ne peut être suspendue qu'une seule fois");
  await expect(page.getByTestId("invoice-status").first()).toHaveText("Suspendue");
  await expect(page.getByTestId("due-date")).toHaveText("Délai suspendu");
  await signOut(page);

  // the contractor sends the missing item
  await signIn(page, accounts.contractorA);
  await page.goto(invoiceUrl);
  const resume = page.getByTestId("move-resume");
  await resume.getByLabel("Date de réception des pièces manquantes").fill(resumedOn);
  await resume.getByRole("button", { name: /Pièces reçues/ }).click();
  await expect(page.getByTestId("invoice-status").first()).toHaveText("Déposée");
  await expect(page.getByTestId("late")).toContainText("15 j de retard");
  await signOut(page);

  // the correspondent's home lists it among the late invoices, with what a day of delay costs: 1 200,00 × 10,15 % / 365 = 0,33 €
  await signIn(page, accounts.correspondentA);
  await page.goto("/");
  await expect(page.getByTestId(`home-invoice-${number}`)).toContainText("15 j de retard");
  await expectAccessible(page);
  await expect(page.getByTestId(`home-invoice-${number}`)).toContainText("0,33\u00a0€");
  await page.getByRole("link", { name: /en retard/ }).click();
  await expect(page.getByTestId(`invoice-${number}`)).toBeVisible();

  // the correspondent puts it in payment and records the payment today (each confirmed): 15 days late
  await page.goto(invoiceUrl);
  await payInvoice(page, today);
  // 1 200,00 € TTC × (2,15 % + 8) × 15 / 365 = 5,005… → 5,01 €, plus 40,00 €
  await expect(page.getByTestId("interest-detail")).toContainText("5,01\u00a0€");
  await expect(page.getByTestId("late")).toHaveText("15 j de retard : 45,01\u00a0€");
  await expect(page.locator("#invoice-history tbody tr")).toHaveCount(5);
  await expectAccessible(page);
  await page.goto("/factures");
  await expect(page.getByTestId(`invoice-${number}`)).toContainText("45,01");
  await expectAccessible(page);
});
