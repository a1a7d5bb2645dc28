// Issue 14: DINUM's month on a fresh database, every page checked by axe and at 375 px: the dashboard, the
// journal, the reference data, the consolidated report; and, from the keyboard, the reports' filter form
// whose download follows a filter chosen but not applied.
import { expect, test } from "@playwright/test";
import { accounts, expectPageFits, signIn } from "./helpers";

test("DINUM reads the dashboard, the journal and the reference data, then downloads a filtered workbook from the keyboard", async ({ page }) => {
  test.setTimeout(180_000);
  await signIn(page, accounts.dinum);
  for (const path of ["/", "/journal", "/referentiel", "/referentiel/bordereaux", "/commandes", "/declarations", "/rapports"]) {
    await page.goto(path);
    await page.waitForLoadState("networkidle");
    await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
    await expectPageFits(page);
  }
  // keyboard only on the reports' filters: choose a year, then the download link, without "Appliquer"
  const year = page.locator("#f-year");
  await year.focus();
  await page.keyboard.press("ArrowDown");
  const chosen = await year.inputValue();
  expect(chosen).toMatch(/^\d{4}$/);
  await page.getByTestId("download-consolidated").focus();
  const [download] = await Promise.all([page.waitForEvent("download"), page.keyboard.press("Enter")]);
  expect(download.suggestedFilename()).toContain(`_${chosen}_`);
});
