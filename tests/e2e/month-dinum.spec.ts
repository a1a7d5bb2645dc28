// Issue 14: DINUM's month, every page checked by axe and at 375 px: the dashboard and the main lists (the latest
// declarations paged), the readable journal, the round-robin page, a price schedule's new version prepared from the
// version in force (from the keyboard: a refused price focuses the error summary, its link the field), whose approval
// by its preparer is refused with the four-eyes message (then the draft is deleted: nothing left for the other specs),
// and the reports' download following a filter chosen but not applied.
import { expect, test } from "@playwright/test";
import { accounts, confirmAction, expectPageFits, followErrorSummary, selectByText, signIn } from "./helpers";

test("DINUM reads the dashboard, the journal and the round-robin, prepares a price version it may not approve, downloads a filtered workbook", async ({
  page,
}) => {
  test.setTimeout(240_000);
  await signIn(page, accounts.dinum);
  for (const path of ["/", "/commandes", "/factures", "/alertes", "/utilisateurs", "/referentiel", "/referentiel/contrats", "/referentiel/beneficiaires"]) {
    await page.goto(path);
    await page.waitForLoadState("networkidle");
    await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
    await expectPageFits(page);
  }

  // the latest declarations are paged: the second page says so
  await page.goto("/declarations");
  const pager = page.getByRole("navigation", { name: "Pages des dernières déclarations" });
  await expect(pager).toBeVisible();
  await expectPageFits(page);
  await pager.getByRole("link", { name: "2", exact: true }).click();
  await expect(page).toHaveURL(/pr=2/);
  await expect(page.locator("#recent caption")).toContainText("(page 2 sur");
  await expect(page.locator("#recent").getByTestId("recent-row").first()).toBeVisible();

  // the journal: names instead of ids, amounts in euros, no raw JSON
  await page.goto("/journal");
  await page.waitForLoadState("networkidle");
  const rows = page.getByTestId("audit-row");
  await expect(rows.filter({ hasText: /Bon de commande 25_BAM_112-\d{4}-\d{4}/ }).first()).toBeVisible();
  await expect(rows.filter({ hasText: /\d,\d\d\u00a0€/ }).first()).toBeVisible();
  for (const text of await rows.allInnerTexts()) expect(text).not.toMatch(/[{[]"/);
  await expectPageFits(page);

  // the round-robin: whose turn it is, and the figures behind it
  await page.goto("/referentiel/tourniquet");
  await expect(page.getByRole("heading", { level: 1 })).toContainText("Tourniquet du lot");
  await expect(page.getByTestId("turn")).toContainText(/c'est le tour (de |d')\S/);
  expect(await page.getByTestId("holder-row").count()).toBeGreaterThanOrEqual(2);
  await expectPageFits(page);

  // a new version of Octopus's prices on 25_BAM_112 starts from the version in force
  await page.goto("/referentiel/bordereaux");
  await selectByText(page, "#filtre-accord", "25_BAM_112");
  await selectByText(page, "#filtre-titulaire", "Octopus Numérique SAS");
  await page.getByRole("button", { name: "Filtrer" }).click();
  await expect(page).toHaveURL(/titulaire=/);
  await expectPageFits(page);
  await page.getByRole("link", { name: "Préparer une nouvelle version" }).click();
  await page.waitForLoadState("networkidle");
  await expect(page.locator("#price-PM")).toHaveValue("13733,33"); // Octopus's PM in force (seeds/reference.ts)
  await expectPageFits(page);
  await page.locator("#f-create-validFrom").fill("2027-06-01");
  // from the keyboard: a wrong price, the summary focused, its link to the field
  await page.locator("#price-PM").focus();
  await page.keyboard.press("ControlOrMeta+A");
  await page.keyboard.type("treize mille");
  await page.keyboard.press("Enter");
  await followErrorSummary(page, page.locator("#price-PM"));
  await expectPageFits(page);
  await page.keyboard.press("ControlOrMeta+A");
  await page.keyboard.type("13 900,00");
  await page.keyboard.press("Enter");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(/^Bordereau Octopus Numérique SAS, version \d+$/);
  await expect(page.getByTestId("schedule-status")).toHaveText("Brouillon");
  await expect(page.getByTestId("price-PM")).toContainText("+166,67\u00a0€");
  await expectPageFits(page);

  // four eyes: its preparer is refused, and told why; the draft is then deleted
  await confirmAction(page, "Approuver cette version");
  await expect(page.getByText("principe des quatre yeux").last()).toBeVisible();
  await expect(page.getByTestId("schedule-status")).toHaveText("Brouillon");
  await expectPageFits(page);
  await confirmAction(page, "Supprimer ce brouillon");
  await expect(page).toHaveURL(/\/referentiel\/bordereaux/);

  // keyboard only on the reports' filters: choose a year, then the download link, without "Appliquer"
  await page.goto("/rapports");
  await page.waitForLoadState("networkidle");
  await expectPageFits(page);
  const year = page.locator("#f-year");
  await year.focus();
  await page.keyboard.press("ArrowDown");
  const chosen = await year.inputValue();
  expect(chosen).toMatch(/^\d{4}$/);
  await page.getByTestId("download-consolidated").focus();
  const [download] = await Promise.all([page.waitForEvent("download"), page.keyboard.press("Enter")]);
  expect(download.suggestedFilename()).toContain(`_${chosen}_`);
});
