// R17: a correspondent is refused an order that would take its lot's period beyond its maximum, and reads
// what is left; DINUM sees the lot near its maximum on its home and on the contract's ceilings page.
import { expect, test } from "@playwright/test";
import { accounts, expectAccessible, signIn, signOut, confirmAction, selectByText } from "./helpers";

test("a correspondent is refused an order beyond lot 2's maximum and reads what is left", async ({ page }) => {
  await signIn(page, accounts.correspondentA);
  await page.goto("/commandes/nouveau");
  await page.waitForLoadState("networkidle");
  await selectByText(page, "#productId", "Enfants du spectacle");
  await selectByText(page, "#lotId", "25_BAM_112 – lot 2");
  await selectByText(page, "#contractorId", "Coopérative Les Faiseurs");
  await page.getByLabel("Début").fill("2026-12-01");
  await page.getByLabel("Fin", { exact: true }).fill("2027-05-31");
  await selectByText(page, "#line-0-code", "UO Bizdev-CustomerSuccess");
  await page.getByLabel("Ligne 1 : quantité").fill("3");
  await page.getByRole("button", { name: "Enregistrer le brouillon" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText("Brouillon");

  await confirmAction(page, "Émettre le bon de commande");
  const alert = page.getByRole("alert").filter({ hasText: "Montant maximum dépassé" });
  await expect(alert).toContainText(/il reste \d[\d\u202f]*,\d\d\u00a0€ HT sur le montant maximum de la période pour le lot 2/);
  await expect(page.getByRole("heading", { level: 1 })).toContainText("Brouillon");
  await expectAccessible(page);

  // DINUM: the lot shows on its home (above 80 %) and on the contract's ceilings page
  await signOut(page);
  await signIn(page, accounts.dinum);
  await page.goto("/");
  const warnings = page.getByTestId("ceiling-warnings");
  await expect(warnings).toContainText("Lot 2");
  await expect(warnings).toContainText("Plus de 80 % du maximum");
  await warnings.getByRole("row").filter({ hasText: "Lot 2" }).first().waitFor();
  await page.goto("/alertes");
  await page.getByRole("link", { name: /Montant maximum du lot 2 25_BAM_112/ }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Montants maximums de l'accord-cadre 25_BAM_112");
  await expect(page.locator("#ceilings")).toContainText("Lot 2");
  await expectAccessible(page);
});
