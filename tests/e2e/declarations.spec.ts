import { expect, test, type Page } from "@playwright/test";
import { accounts, expectAccessible, signIn, signOut, confirmAction } from "./helpers";

/** "12,5" → 12.5 (days, for comparing half-days: exact in binary floating point) */
const days = (text: string) => Number(text.replace(/[\s\u202f\u00a0]/g, "").replace(",", "."));

async function remainingDaysOfFirstLine(page: Page, orderUrl: string) {
  await page.goto(orderUrl);
  const row = page.getByTestId("order-line").first();
  const table = page.locator("table").filter({ has: page.getByTestId("order-line") });
  const headers = (await table.locator("thead th").allInnerTexts()).map((h) => h.trim());
  const cell = async (label: string) => days(await row.locator("td").nth(headers.indexOf(label)).innerText());
  return { remaining: await cell("Restant (j)"), consumed: await cell("Consommé (j)"), pending: await cell("En attente (j)") };
}

test("a contractor declares and submits a month, the correspondent validates it, the remaining days drop by exactly that", async ({ page }) => {
  await signIn(page, accounts.contractorA);
  await page.goto("/declarations");
  await expect(page).toHaveTitle("Déclarations mensuelles - Pilotage UO");
  await expectAccessible(page);
  // Nata (Octopus, Ministères sociaux): November 2026 is a draft in the demo data
  const row = page.locator("#to-declare").getByTestId("to-declare-row").filter({ hasText: "Nata" }).filter({ hasText: "novembre 2026" });
  await expect(row).toHaveCount(1);
  await row.getByRole("link").click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Déclaration de novembre 2026");
  const orderUrl = (await page
    .getByRole("link", { name: /25_BAM_112/ })
    .first()
    .getAttribute("href"))!;
  const formUrl = page.url();
  const before = await remainingDaysOfFirstLine(page, orderUrl);
  await page.goto(formUrl);

  const first = page.getByTestId("declaration-line").first();
  // an invalid value is refused with a French message, and what was typed stays
  await first.getByLabel("Jours consommés ce mois-ci").fill("2,3");
  await first.getByLabel("Activités opérationnelles réalisées").fill("Ouverture de deux régions ; revue de sécurité");
  await page.getByRole("button", { name: "Soumettre au correspondant" }).click();
  await expect(first.getByTestId("field-error")).toContainText("demi-journées");
  await expect(first.getByLabel("Activités opérationnelles réalisées")).toHaveValue("Ouverture de deux régions ; revue de sécurité");
  await expectAccessible(page);

  await first.getByLabel("Jours consommés ce mois-ci").fill("3,5");
  await first.getByLabel("Intervenant 1 : nom").fill("Alix E2E");
  await first.getByLabel("Intervenant 1 : jours").fill("3,5");
  for (const extra of await first.getByLabel(/^Intervenant [2-9] : (nom|jours)$/).all()) await extra.fill("");
  await page.getByRole("button", { name: "Soumettre au correspondant" }).click();
  await expect(page.getByText("La déclaration est soumise")).toBeVisible();
  await expect(page.getByTestId("declaration-status").first()).toHaveText("Soumise");
  const declarationUrl = new URL(page.url()).pathname;
  await expectAccessible(page);
  const pending = await remainingDaysOfFirstLine(page, orderUrl);
  expect(pending.remaining).toBe(before.remaining);
  expect(pending.pending).toBe(before.pending + 3.5);
  await signOut(page);

  await signIn(page, accounts.correspondentA);
  await page.goto("/declarations");
  await expect(page.locator("#to-validate").getByRole("link", { name: "novembre 2026" }).first()).toBeVisible();
  await page.goto(declarationUrl);
  await expect(page.getByText("Alix E2E (3,5 j)")).toBeVisible();
  await confirmAction(page, "Valider le service fait");
  await expect(page.getByText("Service fait : la déclaration est validée")).toBeVisible();
  await expect(page.getByTestId("declaration-status").first()).toHaveText("Validée (service fait)");
  await expectAccessible(page);
  const download = page.waitForEvent("download");
  await page.getByRole("link", { name: "Attestation de service fait (PDF)" }).click();
  expect((await download).suggestedFilename()).toMatch(/^service-fait-25_BAM_112-.*-2026-11\.pdf$/);

  const after = await remainingDaysOfFirstLine(page, orderUrl);
  expect(after.remaining).toBe(before.remaining - 3.5);
  expect(after.consumed).toBe(before.consumed + 3.5);
  expect(after.pending).toBe(before.pending);
  await expect(page.locator("#order-declarations-table")).toContainText("novembre 2026");
  await page.goto("/alertes");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Alertes");
  await expectAccessible(page);
});

test("an import whose file has an error row shows the error and writes nothing; fixed, it is written", async ({ page }) => {
  await signIn(page, accounts.contractorA);
  await page.goto("/declarations");
  // Aidants Connect (Octopus): nothing declared for November 2026 in the demo data
  const row = page.locator("#to-declare").getByTestId("to-declare-row").filter({ hasText: "Aidants Connect" }).filter({ hasText: "novembre 2026" });
  await expect(row).toContainText("Non commencée");
  const orderNumber = (await row.locator("td").nth(1).innerText()).trim();

  await page.goto("/declarations/import");
  await expect(page).toHaveTitle("Importer des déclarations - Pilotage UO");
  await expectAccessible(page);
  const header = "N° bon de commande;Mois (AAAA-MM);N° ligne;UO (information);Jours;Activités";
  const file = (line2Days: string) => ({
    name: "novembre.csv",
    mimeType: "text/csv",
    buffer: Buffer.from(`\ufeff${header}\r\n${orderNumber};2026-11;1;;2;Cadrage\r\n${orderNumber};2026-11;2;;${line2Days};Développement\r\n`, "utf8"),
  });
  await page.getByLabel("Fichier de déclarations").setInputFiles(file("1,3"));
  await page.getByRole("button", { name: "Prévisualiser l'import" }).click();
  await expect(page.getByText("1 erreur : rien n'a été enregistré")).toBeVisible();
  const error = page.getByTestId("import-error");
  await expect(error).toHaveCount(1);
  await expect(error.locator("td").nth(0)).toHaveText("3");
  await expect(error.locator("td").nth(1)).toHaveText("Jours");
  await expect(error.locator("td").nth(2)).toContainText("demi-journées");
  await expectAccessible(page);

  await page.goto("/declarations");
  await expect(row).toContainText("Non commencée");

  await page.goto("/declarations/import");
  await page.getByLabel("Fichier de déclarations").setInputFiles(file("1,5"));
  await page.getByRole("button", { name: "Prévisualiser l'import" }).click();
  await expect(page.getByTestId("import-group")).toContainText("Création");
  await page.getByRole("button", { name: "Confirmer l'import" }).click();
  await expect(page.getByText("Import enregistré : 1 déclaration(s) en brouillon")).toBeVisible();
  await expect(row).toContainText("Brouillon");
});

test("a rejected declaration is corrected and resubmitted; a validated month is corrected by a correcting declaration", async ({ page }) => {
  // Enfants du spectacle (Les Faiseurs, Ministères sociaux): October 2026 is submitted in the demo data
  await signIn(page, accounts.correspondentA);
  await page.goto("/declarations");
  await page
    .locator("#to-validate")
    .getByTestId("to-validate-row")
    .filter({ hasText: "Enfants du spectacle" })
    .filter({ hasText: "octobre 2026" })
    .getByRole("link")
    .click();
  await expect(page).toHaveURL(/\/declarations\/\d+$/);
  const declarationUrl = new URL(page.url()).pathname;
  await page.getByRole("button", { name: "Rejeter la déclaration" }).click();
  await expect(page.locator("#f-reject-reason-error")).toHaveText("Indiquez le motif du rejet.");
  await page.getByLabel("Motif du rejet").fill("Merci de détailler les départements accompagnés.");
  await page.getByRole("button", { name: "Rejeter la déclaration" }).click();
  await expect(page.getByTestId("declaration-status").first()).toHaveText("Rejetée");
  await expectAccessible(page);
  await signOut(page);

  await signIn(page, accounts.contractorB);
  await page.goto("/declarations");
  const row = page.locator("#to-declare").getByTestId("to-declare-row").filter({ hasText: "Enfants du spectacle" }).filter({ hasText: "octobre 2026" });
  await expect(row).toContainText("Rejetée");
  await row.getByRole("link", { name: /Reprendre/ }).click();
  await expect(page.getByText("Motif : Merci de détailler les départements accompagnés.")).toBeVisible();
  const first = page.getByTestId("declaration-line").first();
  await first.getByLabel("Jours consommés ce mois-ci").fill("6");
  await first.getByLabel("Activités opérationnelles réalisées").fill("Accompagnement du Nord, du Rhône et de la Gironde");
  // the people named on a line add up to its days: the demo's person had 9 days
  await page.getByRole("button", { name: "Soumettre au correspondant" }).click();
  await expect(first.getByText("les intervenants totalisent 9 j alors que la ligne déclare 6 j").first()).toBeVisible();
  await first.getByLabel("Intervenant 1 : jours").fill("6");
  await page.getByRole("button", { name: "Soumettre au correspondant" }).click();
  await expect(page.getByTestId("declaration-status").first()).toHaveText("Soumise");
  await signOut(page);

  await signIn(page, accounts.correspondentA);
  await page.goto(declarationUrl);
  await confirmAction(page, "Valider le service fait");
  await expect(page.getByTestId("declaration-status").first()).toHaveText("Validée (service fait)");
  const orderUrl = (await page
    .getByRole("link", { name: /25_BAM_112/ })
    .first()
    .getAttribute("href"))!;
  const before = await remainingDaysOfFirstLine(page, orderUrl);
  await signOut(page);

  await signIn(page, accounts.contractorB);
  await page.goto(declarationUrl);
  await page.getByRole("button", { name: "Corriger ce mois" }).click();
  await expect(page.locator("#f-correct-reason-error")).toHaveText("Indiquez le motif de la correction.");
  await page.getByLabel(/Motif de la correction/).fill("Un jour férié compté par erreur");
  await page.getByRole("button", { name: "Corriger ce mois" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Déclaration corrective d'octobre 2026");
  await expect(page.getByTestId("declaration-line").first().getByLabel("Jours consommés ce mois-ci")).toHaveValue("6");
  await page.getByTestId("declaration-line").first().getByLabel("Jours consommés ce mois-ci").fill("5");
  await page.getByTestId("declaration-line").first().getByLabel("Intervenant 1 : jours").fill("5");
  await page.getByRole("button", { name: "Soumettre au correspondant" }).click();
  await expect(page.getByTestId("declaration-status").first()).toHaveText("Soumise");
  const correctionUrl = new URL(page.url()).pathname;
  await signOut(page);

  await signIn(page, accounts.correspondentA);
  await page.goto(correctionUrl);
  await expect(page.getByText("Un jour férié compté par erreur")).toBeVisible();
  await confirmAction(page, "Valider le service fait");
  await expect(page.getByTestId("declaration-status").first()).toHaveText("Validée (service fait)");
  await expectAccessible(page);
  const after = await remainingDaysOfFirstLine(page, orderUrl);
  expect(after.consumed).toBe(before.consumed - 1);
  expect(after.remaining).toBe(before.remaining + 1);
  // the original stays as validated
  await page.goto(declarationUrl);
  await expect(page.getByTestId("declared-line").first().locator("td").nth(1)).toHaveText("6");
});

test("the months to declare are filtered by month (a month picker) and order number; a wrong month in the URL is explained", async ({ page }) => {
  await signIn(page, accounts.contractorA);
  await page.goto("/declarations");
  const heading = page.getByRole("heading", { name: /^À déclarer/ });
  const total = Number(/\((\d+)\)/.exec(await heading.innerText())![1]);
  expect(total).toBeGreaterThan(0);

  await expect(page.getByLabel("Mois")).toHaveAttribute("type", "month");
  await page.goto("/declarations?mois=2026-13");
  await expect(page.getByTestId("month-error")).toHaveText(
    "Mois invalide : choisissez un mois dans le calendrier, ou saisissez-le au format AAAA-MM (par exemple 2026-10).",
  );
  await expectAccessible(page);

  await page.getByLabel("Mois").fill("2026-11");
  await page.getByRole("button", { name: "Filtrer" }).click();
  await expect(page).toHaveURL(/mois=2026-11/);
  const rows = page.locator("#to-declare").getByTestId("to-declare-row");
  const months = await rows.locator("td:first-child").allInnerTexts();
  expect(months.length).toBeGreaterThan(0);
  expect(new Set(months)).toEqual(new Set(["novembre 2026"]));
  await expect(heading).toHaveText(`À déclarer (${months.length} pour ces filtres)`);
  expect(months.length).toBeLessThan(total);

  // one order's months, by part of its number
  const number = (await rows.first().getByTestId("to-declare-number").innerText()).trim();
  await page.getByLabel("Mois").fill("");
  await page.getByLabel("N° de bon de commande").fill(number.slice(-9));
  await page.getByRole("button", { name: "Filtrer" }).click();
  await expect(page).toHaveURL(/q=2026-/);
  const numbers = await page.locator("#to-declare").getByTestId("to-declare-row").locator("td:nth-child(2)").allInnerTexts();
  expect(numbers.length).toBeGreaterThan(0);
  for (const n of numbers) expect(n).toContain(number.slice(-9));
  await page.getByRole("link", { name: "Réinitialiser" }).click();
  await expect(heading).toHaveText(`À déclarer (${total})`);
});
