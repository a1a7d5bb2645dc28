// Issue 20 (R18): a month with a subcontractor, from declaration to payment, through the pages only. The spec makes its
// own data (specs share one database): correspondent A orders from the demo groupement's holder (Octopus) and accepts a
// subcontractor on the order (DC4) for 2 000 € HT; Octopus lists the subcontractor's freelancer among its people and
// declares the month with her and one of its own; the correspondent validates it (the service fait by company adds up
// to the declaration's); Octopus enters the subcontractor's invoice, which first awaits its approval as the holder, then
// approves it; the correspondent puts it in payment and records the payment. The order page, the invoice page and the
// order's "Sous-traitance" page show the same figures; the other holder (Faiseurs) never sees the invoice.
import { expect, test, type Page } from "@playwright/test";
import {
  accounts,
  confirmAction,
  declareMonth,
  expectPageFits,
  issueOrderWithMonthsToDeclare,
  monthStart,
  payInvoice,
  selectByText,
  signIn,
  signOut,
  uniqueSiret,
} from "./helpers";
import { todayInParis } from "../../app/lib/dates";
import { formatDays, formatEuros, formatMonth } from "../../app/lib/format";
import { dec, toCents } from "../../app/lib/decimal";

/** "1 234,56 €" → "1234.56" */
const amountOf = (text: string) => toCents(dec(text.replace(/[\s\u202f\u00a0€]/g, "").replace(",", ".")));
/** what a user types in an amount field: "1234,56" */
const typed = (amount: string) => amount.replace(".", ",");

/** The cells of a table row (header cell first), as the user reads them. */
async function rowCells(page: Page, table: string, rowText: string): Promise<string[]> {
  const row = page.locator(`${table} tbody tr`).filter({ hasText: rowText });
  await expect(row).toHaveCount(1);
  return (await row.locator("th, td").allInnerTexts()).map((t) => t.trim());
}

test("a month with a subcontractor: accepted, declared, validated by company, invoiced, approved by the holder, paid", async ({ page }) => {
  test.setTimeout(300_000); // four roles, axe on every new page
  const today = todayInParis();
  const month = formatMonth(monthStart(today, 0));
  const stamp = String(Date.now()).slice(-6);
  // the subcontractor's name sorts after the lead's (Octopus): the last company by name absorbs the cent
  const sub = { name: `Zoé Martin ${stamp} EI`, siret: uniqueSiret(), person: `Zoé Martin ${stamp}` };
  const leadPerson = `Paul Octopus ${stamp}`;
  const accepted = "2000.00";

  const { number, orderUrl } = await issueOrderWithMonthsToDeclare(page, today, 0);
  const subcontractingUrl = `${orderUrl}/sous-traitance`;

  // the correspondent accepts the subcontractor on the order (DC4), from the order page's "Sous-traitance" section
  await signIn(page, accounts.correspondentA);
  await page.goto(orderUrl);
  await page.getByRole("link", { name: "Voir ou accepter un sous-traitant" }).click();
  await expect(page).toHaveURL(subcontractingUrl);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(`Sous-traitance du bon de commande ${number}`);
  await expectPageFits(page);
  await page.getByLabel("SIRET du sous-traitant").fill(sub.siret);
  await page.getByLabel("Raison sociale").fill(sub.name);
  await page.getByLabel("Adresse").fill("12 rue des Indépendants, 69001 Lyon");
  await page.getByLabel("Montant maximum accepté HT (€)").fill(typed(accepted));
  await page.getByLabel("Prestations sous-traitées").fill("Développement de l'interface");
  await page.getByRole("button", { name: "Accepter le sous-traitant" }).click();
  await expect(page.getByRole("status")).toContainText("Le sous-traitant est accepté sur ce bon de commande.");
  expect((await rowCells(page, "#subcontractors", sub.name)).slice(0, 7)).toEqual([
    `${sub.name}\nSIRET ${sub.siret}`,
    `${today.split("-").reverse().join("/")}\nversion 1`,
    formatEuros(accepted),
    formatEuros("0"),
    formatEuros("0"),
    formatEuros("0"),
    formatEuros(accepted),
  ]);
  await expectPageFits(page);
  await signOut(page);

  // the holder lists the subcontractor's freelancer in the subcontractor's company, then declares the month:
  // 3 days by her, 2 by one of its own people (a new name: it joins the list in the lead company)
  await signIn(page, accounts.contractorA);
  await page.goto("/personnes");
  await page.waitForLoadState("networkidle");
  await expectPageFits(page);
  await page.getByLabel("Prénom et nom").fill(sub.person);
  await page.getByLabel("Entreprise", { exact: true }).selectOption({ label: `${sub.name} (sous-traitant)` });
  await page.getByRole("button", { name: "Ajouter", exact: true }).click();
  await expect(page.getByRole("status")).toContainText(`${sub.person} rejoint la liste.`);
  expect(await rowCells(page, "#people", sub.person)).toEqual(expect.arrayContaining([sub.person, sub.name]));
  await declareMonth(page, number, month, "5", [
    [sub.person, "3"],
    [leadPerson, "2"],
  ]);
  await signOut(page);

  // the correspondent validates: the service fait by company, days and HT, adds up to the declaration's
  await signIn(page, accounts.correspondentA);
  await page.goto(`/declarations?q=${encodeURIComponent(number)}`);
  await page.locator("#to-validate").getByTestId("to-validate-row").filter({ hasText: month }).getByRole("link").first().click();
  await confirmAction(page, "Valider le service fait");
  await expect(page.getByText("Service fait : la déclaration est validée")).toBeVisible();
  const total = amountOf(await page.getByTestId("total-amount").innerText());
  const leadShare = toCents(dec(total).times(2).dividedBy(5));
  const subShare = toCents(dec(total).minus(leadShare));
  const companies = page.locator("#service-fait-companies tbody tr");
  await expect(companies).toHaveCount(2);
  expect(await rowCells(page, "#service-fait-companies", "Octopus Numérique SAS")).toEqual(["Octopus Numérique SAS", formatDays("2"), formatEuros(leadShare)]);
  expect(await rowCells(page, "#service-fait-companies", sub.name)).toEqual([sub.name, formatDays("3"), formatEuros(subShare)]);
  expect(dec(subShare).lessThanOrEqualTo(accepted), "the subcontractor's share fits its acceptance").toBe(true);
  await expectPageFits(page);
  await signOut(page);

  // the holder enters its subcontractor's invoice (its share, all of it): it awaits the holder's approval
  await signIn(page, accounts.contractorA);
  await page.goto(orderUrl);
  await page.getByRole("link", { name: "Enregistrer une facture" }).click();
  await expect(page).toHaveTitle("Enregistrer une facture - Pilotage UO");
  await selectByText(page, "#companyId", sub.name);
  const invoiceNumber = `ZM-${stamp}`;
  await page.getByLabel("Numéro de la facture").fill(invoiceNumber);
  await page.getByLabel("Montant HT (€)").fill(typed(subShare));
  await expectPageFits(page);
  await page.getByRole("button", { name: "Enregistrer la facture" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(`Facture ${invoiceNumber}`);
  const invoiceUrl = new URL(page.url()).pathname;
  await expect(page.getByTestId("invoice-status").first()).toHaveText("En attente d'acceptation du titulaire");
  await expect(page.getByTestId("company")).toHaveText(`${sub.name} (SIRET ${sub.siret}), sous-traitant accepté`);
  await expect(page.getByTestId("holder-decision")).toBeVisible();
  await expectPageFits(page);
  await signOut(page);

  // the other holder never sees it (404), nor the order's subcontracting
  await signIn(page, accounts.contractorB);
  for (const url of [invoiceUrl, subcontractingUrl]) {
    const response = await page.goto(url);
    expect(response?.status(), url).toBe(404);
    await expect(page.getByText(sub.name)).toHaveCount(0);
  }
  await signOut(page);

  // the buyer sees it waiting for the holder, and cannot process it yet
  await signIn(page, accounts.correspondentA);
  await page.goto(invoiceUrl);
  await expect(page.getByTestId("holder-approval")).toContainText("En attente d'acceptation du titulaire");
  await expect(page.getByRole("button", { name: "Mettre en paiement" })).toHaveCount(0);
  await expectPageFits(page);
  await signOut(page);

  // the holder finds it on its home and in the invoices awaiting it, and approves it: its 30 days run from today
  await signIn(page, accounts.contractorA);
  await page.goto("/factures?titulaire=attente");
  await expect(page.getByTestId(`invoice-${invoiceNumber}`)).toBeVisible();
  await expectPageFits(page);
  await page.getByTestId(`invoice-${invoiceNumber}`).getByRole("link", { name: invoiceNumber }).click();
  await confirmAction(page, "Accepter la facture", "Votre acceptation est définitive");
  await expect(page.getByTestId("success")).toContainText("Vous avez accepté la facture de votre sous-traitant");
  await expect(page.getByTestId("holder-approval")).toHaveText(`Acceptée par le titulaire le ${today.split("-").reverse().join("/")}`);
  await expect(page.getByTestId("invoice-status").first()).toHaveText("Déposée");
  await signOut(page);

  // the buyer puts it in payment and records the payment (R15)
  await signIn(page, accounts.correspondentA);
  await page.goto(invoiceUrl);
  await payInvoice(page, today);
  const vat = toCents(dec(subShare).times("0.2"));
  await expect(page.getByTestId("amounts")).toHaveText(
    `${formatEuros(subShare)} HT + ${formatEuros(vat)} TVA = ${formatEuros(toCents(dec(subShare).plus(vat)))} TTC`,
  );
  await expectPageFits(page);

  // the figures: on the order page per company, and on the order's subcontracting page
  const left = toCents(dec(accepted).minus(subShare));
  await page.goto(orderUrl);
  await expect(page.getByTestId("invoicing-validated")).toHaveText(formatEuros(total));
  await expect(page.getByTestId("invoicing-invoiced")).toHaveText(formatEuros(subShare));
  expect(await rowCells(page, "#invoicing-companies", sub.name)).toEqual([
    expect.stringContaining(sub.name),
    formatEuros(accepted),
    formatEuros(subShare),
    formatEuros(subShare),
    formatEuros(subShare),
    formatEuros("0"),
  ]);
  expect(await rowCells(page, "#invoicing-companies", "Octopus Numérique SAS")).toEqual([
    expect.stringContaining("Octopus Numérique SAS"),
    "—",
    formatEuros(leadShare),
    formatEuros("0"),
    formatEuros("0"),
    formatEuros(leadShare),
  ]);
  await page.goto(subcontractingUrl);
  expect((await rowCells(page, "#subcontractors", sub.name)).slice(2, 7)).toEqual([
    formatEuros(accepted),
    formatEuros(subShare),
    formatEuros(subShare),
    formatEuros(subShare),
    formatEuros(left),
  ]);
  await expectPageFits(page);
});
