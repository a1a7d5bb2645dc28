// Issue 14: a correspondent's month end, every page checked by axe and at 375 px. The spec makes its own data first
// (specs share one database): it orders for three months, partly from the keyboard (a line added and focused, a
// refused quantity bringing the focus to the error summary), and the contractor declares them. Then: what
// validating costs before it is done, one declaration validated from the keyboard through the confirmation modal,
// the other two in one go (reviewed with their total, each result reported), the latest declarations filtered by
// state and month (a month picker), and a report whose download follows a filter chosen but not applied.
import { expect, test } from "@playwright/test";
import { accounts, declareMonth, expectPageFits, followErrorSummary, issueOrderWithMonthsToDeclare, monthStart, signIn, signOut } from "./helpers";
import { todayInParis } from "../../app/lib/dates";
import { formatEuros, formatMonth } from "../../app/lib/format";
import { Decimal } from "../../app/lib/decimal";

/** "1 234,56 €" → Decimal */
const euros = (text: string) => new Decimal(text.replace(/[\s\u202f\u00a0€]/g, "").replace(",", "."));

test("a correspondent validates the month's declarations, one from the keyboard, the rest in one go, then downloads a filtered workbook", async ({ page }) => {
  test.setTimeout(240_000); // a whole month, axe on every page
  const today = todayInParis();
  const months = [-2, -1, 0].map((n) => formatMonth(monthStart(today, n)));

  const { number, orderUrl } = await issueOrderWithMonthsToDeclare(page, today, 2, async () => {
    // from the keyboard: "Ajouter une ligne" adds a row, announced and focused; a wrong quantity is refused by the
    // form's own schema, the error summary takes the focus and its link leads to the field
    await page.getByRole("button", { name: "Ajouter une ligne" }).focus();
    await page.keyboard.press("Enter");
    await expect(page.getByTestId("order-form-line")).toHaveCount(2);
    await expect(page.getByLabel("Ligne 2 : type d'UO")).toBeFocused();
    await expect(page.getByTestId("lines-announce")).toHaveText("Ligne 2 ajoutée : choisissez son type d'UO.");
    await page.keyboard.press("ArrowDown"); // the first type of UO of the list
    await expect(page.locator("#line-1-code")).not.toHaveValue("");
    await page.keyboard.press("Tab");
    await page.keyboard.type("deux");
    await expectPageFits(page);
    await page.keyboard.press("Enter");
    await followErrorSummary(page, page.getByLabel("Ligne 2 : quantité"));
    await expectPageFits(page);
    await page.keyboard.press("ControlOrMeta+A");
    await page.keyboard.type("1");
    await page.keyboard.press("Enter");
  });

  // the contractor declares the three months
  await signIn(page, accounts.contractorA);
  for (const [i, month] of months.entries()) await declareMonth(page, number, month, String(4 + i), "Camille Mensuelle");
  await signOut(page);

  await signIn(page, accounts.correspondentA);
  // at 1280 px the long "… · Correspondant de Ministères sociaux – Fabrique numérique" is cut with an ellipsis, so that it
  // leaves the brand its room (it was 539 px wide and clipped "RÉPUBLIQUE FRANÇAISE")
  const who = page.locator(".fr-header__tools-links").getByTestId("current-user");
  await expect.poll(() => who.evaluate((e) => e.getBoundingClientRect().width)).toBeLessThanOrEqual(448);
  await expectPageFits(page);
  await page.goto(orderUrl);
  await expect(page.getByTestId("order-line")).toHaveCount(2);
  await expectPageFits(page);
  await page.goto(`/declarations?q=${encodeURIComponent(number)}`);
  await page.waitForLoadState("networkidle");
  const toValidate = page.locator("#to-validate").getByTestId("to-validate-row");
  await expect(toValidate).toHaveCount(3);
  await expectPageFits(page);

  // one submitted declaration: what validating it will count, per line and in total, before validating
  await toValidate.filter({ hasText: months[0] }).getByRole("link").first().click();
  await expect(page.getByTestId("declaration-status").first()).toHaveText("Soumise");
  await expect(page.getByText("Total consommé HT à la validation")).toBeVisible();
  const total = await page.getByTestId("total-amount").innerText();
  expect(total).toMatch(/^\d[\d\u202f]*,\d\d\u00a0€$/);
  expect(euros(total).greaterThan(0)).toBe(true);
  // and what it will cost TTC: HT + VAT (20 % on the total, as the service fait certificate states it)
  const ttc = await page.getByTestId("total-ttc").innerText();
  const vat = await page.getByTestId("total-vat").innerText();
  expect(euros(total).plus(euros(vat)).equals(euros(ttc))).toBe(true);
  expect(euros(vat).equals(euros(total).times("0.2").toDecimalPlaces(2))).toBe(true);
  await page.waitForLoadState("networkidle");
  await expectPageFits(page);

  // keyboard only: the button opens the modal, the focus moves into it, Enter on "Confirmer" validates
  await page.getByRole("button", { name: "Valider le service fait", exact: true }).focus();
  await page.keyboard.press("Enter");
  const dialog = page.getByRole("dialog", { name: "Valider le service fait ?" });
  await expect(dialog).toBeVisible();
  await expect(dialog).toContainText(`soit ${total} HT (${ttc} TTC)`);
  await expectPageFits(page);
  await expect.poll(() => page.evaluate(() => !!document.activeElement?.closest("dialog"))).toBe(true);
  await dialog.getByRole("button", { name: "Confirmer : valider le service fait" }).focus();
  await page.keyboard.press("Enter");
  await expect(page.getByText("Service fait : la déclaration est validée")).toBeVisible();
  await expect(page.getByTestId("declaration-status").first()).toHaveText("Validée (service fait)");
  await expect(page.getByText("Total consommé HT", { exact: true })).toBeVisible();
  await expect(page.getByTestId("total-amount")).toHaveText(total);
  await expect(page.getByTestId("total-ttc")).toHaveText(ttc);

  // the two others in one go: ticked from the keyboard, reviewed with their total, confirmed once, each result reported
  await page.goto(`/declarations?q=${encodeURIComponent(number)}`);
  const rows = page.locator("#to-validate").getByTestId("to-validate-row");
  await expect(rows).toHaveCount(2);
  for (let i = 0; i < 2; i++) {
    const box = rows.nth(i).getByRole("checkbox");
    await box.focus();
    await page.keyboard.press("Space");
    await expect(box).toBeChecked();
  }
  await page.getByRole("button", { name: "Vérifier et valider la sélection" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Valider plusieurs déclarations");
  const review = page.getByTestId("bulk-review-row");
  await expect(review).toHaveCount(2);
  await expect(review.filter({ hasText: months[1] })).toHaveCount(1);
  await expect(review.filter({ hasText: months[2] })).toHaveCount(1);
  const bulkTotal = await page.getByTestId("bulk-total").innerText();
  // the total is the sum of the two rows' amounts (each row's last cell)
  const amounts = await review.locator("td:last-child").allInnerTexts();
  expect(formatEuros(amounts.map(euros).reduce((a, b) => a.plus(b), new Decimal(0)))).toBe(bulkTotal);
  await expectPageFits(page);
  await page.getByRole("button", { name: `Valider ces 2 déclaration(s) : ${bulkTotal} HT` }).click();
  await expect(page.getByTestId("bulk-summary")).toContainText("2 déclaration(s) validée(s) sur 2");
  const results = page.getByTestId("bulk-result");
  await expect(results).toHaveCount(2);
  for (const month of months.slice(1)) await expect(results.filter({ hasText: month })).toContainText(/validée/i);
  await expectPageFits(page);

  // the latest declarations, filtered by state and month (a month picker, not free text)
  await page.goto("/declarations");
  await expect(page.getByLabel("Mois")).toHaveAttribute("type", "month");
  await page.getByLabel("État (dernières déclarations)").selectOption("validated");
  await page.getByLabel("Mois").fill(monthStart(today, -1).slice(0, 7));
  await page.getByRole("button", { name: "Filtrer" }).click();
  await expect(page).toHaveURL(/etat=validated/);
  const recent = page.locator("#recent").getByTestId("recent-row");
  await expect(recent.filter({ hasText: number })).toHaveCount(1);
  for (const text of await recent.allInnerTexts()) {
    expect(text).toContain(months[1]);
    expect(text.toLowerCase()).toContain("validée");
  }
  await expectPageFits(page);

  // reports: a year chosen but not applied still narrows the file, whose name says so
  await page.goto("/rapports");
  await page.waitForLoadState("networkidle");
  await expectPageFits(page);
  const year = today.slice(0, 4);
  await page.locator("#f-year").selectOption(year);
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByTestId("download-consolidated").click()]);
  expect(download.suggestedFilename()).toMatch(new RegExp(`^suivi-consolide_(.*_)?${year}_.*\\.xlsx$`));

  // the other pages of the month, at 375 px too
  for (const path of ["/commandes", "/alertes", "/journal", "/factures", "/produits", "/compte"]) {
    await page.goto(path);
    await page.waitForLoadState("networkidle");
    await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
    await expectPageFits(page);
  }
});
