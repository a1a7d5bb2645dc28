// Issue 14: a contractor's month, every page checked by axe and at 375 px. The spec makes its own data first (specs
// share one database): correspondent A issues an order to Octopus from last month. Then the contractor: its home
// lists the months to declare, each with its link; the declaration form from the keyboard only (a refused entry
// brings the focus to the error summary, whose link leads to the field; "Ajouter une personne" adds a row, announced
// and focused); submitted, then withdrawn back to draft; the import template gives each line's days left and the
// month's working days; the import preview's error text wraps inside its table.
import { expect, test, type Page } from "@playwright/test";
import { accounts, confirmAction, expectPageFits, issueOrderWithMonthsToDeclare, monthStart, signIn } from "./helpers";
import { todayInParis } from "../../app/lib/dates";
import { formatMonth } from "../../app/lib/format";
import { de } from "../../app/lib/french";
import { workingDaysInMonth } from "../../app/lib/working-days";

/** The template's CSV row of the order's first line for `month` (YYYY-MM), by column label. */
async function templateRow(page: Page, month: string, number: string) {
  const res = await page.request.get(`/declarations/modele?mois=${month}&format=csv`);
  expect(res.status()).toBe(200);
  const [header, ...rows] = (await res.text())
    .replace(/^\uFEFF/, "")
    .split("\r\n")
    .filter(Boolean)
    .map((l) => l.split(";"));
  const row = rows.find((r) => r[0] === number && r[2] === "1");
  expect(row, `template row of ${number}`).toBeTruthy();
  return { header, cell: (label: string) => row![header.indexOf(label)] };
}

test("a contractor declares a month from its home, from the keyboard, withdraws it, and reads the import template", async ({ page }) => {
  test.setTimeout(240_000);
  const today = todayInParis();
  const months = [-1, 0].map((n) => monthStart(today, n));
  const { number, orderUrl } = await issueOrderWithMonthsToDeclare(page, today, 1); // 3 UO = 60 days

  await signIn(page, accounts.contractorA);
  // the home lists the months to declare, each with its link
  const home = page.getByTestId("home-to-declare");
  await expect(home.getByRole("heading", { level: 2 })).toHaveText(/^Mois à déclarer \(\d+\)$/);
  const ours = home.getByTestId("to-declare-row").filter({ hasText: number });
  await expect(ours).toHaveCount(2);
  await expect(ours.first()).toContainText(formatMonth(months[0]));
  await expectPageFits(page);
  await ours
    .first()
    .getByRole("link", { name: /^Déclarer/ })
    .click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(`Déclaration ${de(formatMonth(months[0]))}`);
  await page.waitForLoadState("networkidle");
  await expectPageFits(page);

  // keyboard only: a refused value focuses the summary, its link the field; a second person added and focused
  const first = page.getByTestId("declaration-line").first();
  const days = first.getByLabel("Jours consommés ce mois-ci");
  await days.focus();
  await page.keyboard.type("2,3");
  await page.keyboard.press("Enter");
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
  await page.keyboard.type("4");
  await page.keyboard.press("Tab");
  const person1 = first.getByLabel("Intervenant 1 : nom");
  await person1.focus();
  await page.keyboard.type("Dominique Clavier");
  await page.keyboard.press("Tab");
  await page.keyboard.type("2");
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
  await expect(page.getByText("Alix Clavier (2 j), Dominique Clavier (2 j)")).toBeVisible();
  // what it will count once validated, shown to the contractor too
  await expect(page.getByText("Total consommé HT à la validation")).toBeVisible();
  await expectPageFits(page);
  const declarationUrl = new URL(page.url()).pathname;

  // the template of this month: the line's days left (60 ordered − 4 submitted) and the month's working days
  const next = await templateRow(page, months[1].slice(0, 7), number);
  expect(next.header).toContain("Jours restants sur la ligne (information)");
  expect(next.cell("Jours restants sur la ligne (information)")).toBe("56");
  expect(next.cell("Jours ouvrés du mois (information)")).toBe(String(workingDaysInMonth(months[1])));

  // withdrawn back to draft until validated: confirmed, its days no longer pending
  await page.goto(declarationUrl);
  await page.waitForLoadState("networkidle");
  await confirmAction(page, "Retirer la déclaration", "revient en brouillon");
  await expect(page.getByText("La déclaration est retirée")).toBeVisible();
  await expect(page.getByTestId("declaration-status").first()).toHaveText("Brouillon");
  await expectPageFits(page);
  expect((await templateRow(page, months[1].slice(0, 7), number)).cell("Jours restants sur la ligne (information)")).toBe("60");
  await page.goto("/");
  await expect(page.getByTestId("home-to-declare").getByTestId("to-declare-row").filter({ hasText: number }).first()).toContainText("Brouillon");

  // the import preview: an error's text wraps inside its table instead of running off it
  await page.goto("/declarations/import");
  await page.waitForLoadState("networkidle");
  await expectPageFits(page);
  const { header } = next;
  const cells = header.map((h) => ({ "N° bon de commande": number, "Mois (AAAA-MM)": months[1].slice(0, 7), "N° ligne": "1" })[h] ?? "");
  cells[header.indexOf("Jours")] = "environ quatre jours et demi, à confirmer avec le correspondant du bénéficiaire";
  await page.locator("#import-file").setInputFiles({
    name: "declarations-erreur.csv",
    mimeType: "text/csv",
    buffer: Buffer.from(`\uFEFF${header.join(";")}\r\n${cells.join(";")}\r\n`, "utf8"),
  });
  await page.getByRole("button", { name: "Prévisualiser l'import" }).click();
  const error = page.getByTestId("import-error").first();
  await expect(error).toContainText("Jours");
  const message = error.locator("td").last();
  await page.setViewportSize({ width: 375, height: 800 });
  const fits = await message.evaluate((td) => ({
    whiteSpace: getComputedStyle(td).whiteSpace,
    lines: td.getBoundingClientRect().height / parseFloat(getComputedStyle(td).lineHeight),
  }));
  expect(fits.whiteSpace).not.toBe("nowrap");
  expect(fits.lines).toBeGreaterThan(1.5); // wrapped on several lines
  await page.setViewportSize({ width: 1280, height: 720 });
  await expectPageFits(page);

  // the other pages of the month, at 375 px too
  for (const path of ["/commandes", orderUrl, "/declarations", "/factures", "/alertes", "/compte"]) {
    await page.goto(path);
    await page.waitForLoadState("networkidle");
    await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
    await expectPageFits(page);
  }
});
