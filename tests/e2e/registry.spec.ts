// Issue 19's done-when: DINUM uploads registry records, reads the preview, confirms; a correspondent then
// orders for the product (R19). The page works without JavaScript (plain multipart forms).
import fs from "node:fs";
import { expect, test, type Page } from "@playwright/test";
import { accounts, expectAccessible, signIn, signOut, confirmAction } from "./helpers";

const NEW_RECORD = `---
title: Aide aux aidants
mission: Simplifier les démarches des proches aidants
incubator: fabrique-sociaux
sponsors:
  - /organisations/ministeres-sociaux
phases:
  - name: investigation
    start: 2026-01-05
    end: 2026-06-01
  - name: construction
    start: 2026-06-01
link: https://aide-aux-aidants.beta.gouv.fr
repository: https://github.com/betagouv/aide-aux-aidants
stats: true
contact: contact@aide-aux-aidants.beta.gouv.fr
---
## Contexte
`;

const files = () => [
  { name: "produits-beta-gouv.md", mimeType: "text/markdown", buffer: fs.readFileSync("seeds/registry/produits-beta-gouv.md") },
  { name: "devex-beta-gouv.md", mimeType: "text/markdown", buffer: fs.readFileSync("seeds/registry/devex-beta-gouv.md") },
  { name: "aide-aux-aidants.md", mimeType: "text/markdown", buffer: Buffer.from(NEW_RECORD) },
];

async function map(page: Page, kind: "Sponsor" | "Incubateur", code: string, beneficiary: string) {
  const form = page.locator("form").filter({ has: page.getByRole("button", { name: "Relier" }) });
  await form.getByLabel("Type").selectOption({ label: kind });
  await form.getByLabel("Code du registre").fill(code);
  await form.getByLabel("Bénéficiaire").selectOption({ label: beneficiary });
  await form.getByRole("button", { name: "Relier" }).click();
  await expect(page.getByRole("status")).toContainText(`« ${code} » relié au bénéficiaire.`);
}

async function preview(page: Page) {
  await page.getByLabel("Fiches du registre").setInputFiles(files());
  await page.getByRole("button", { name: "Voir l'aperçu" }).click();
  await expect(page.getByTestId("registry-preview")).toBeVisible();
}

test("DINUM imports registry records after a preview; a correspondent then orders for the new product", async ({ page }) => {
  await signIn(page, accounts.dinum);
  await page.goto("/referentiel");
  await page.getByRole("link", { name: "Registre beta.gouv.fr" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Registre beta.gouv.fr");

  // nothing is mapped yet: the preview lists what to map, refuses those records and offers no confirmation
  await preview(page);
  await expect(page.getByTestId("registry-preview")).toContainText("3 fiche(s) refusée(s)");
  await expect(page.locator("#registry-refused")).toContainText("L'incubateur « dinum » n'est relié à aucun bénéficiaire");
  await expect(page.getByTestId("registry-preview")).toContainText("sponsor « /organisations/ministeres-sociaux »");
  await expect(page.getByRole("button", { name: "Confirmer l'import" })).toHaveCount(0);

  await map(page, "Incubateur", "dinum", "DINUM");
  await map(page, "Sponsor", "/organisations/ministeres-sociaux", "Ministères sociaux – Fabrique numérique");
  await expect(page.locator("#registry-mappings")).toContainText("/organisations/ministeres-sociaux");

  // the preview: two new products, the seeds' manual "Produits @ beta.gouv.fr" adopted (old → new), nothing written yet
  await preview(page);
  const p = page.getByTestId("registry-preview");
  await expect(p).toContainText("2 nouveau(x) produit(s), 1 modifié(s), 0 inchangé(s), 0 fiche(s) refusée(s).");
  await expect(page.locator("#registry-created")).toContainText("aide-aux-aidants");
  await expect(page.locator("#registry-created")).toContainText("Ministères sociaux – Fabrique numérique");
  await expect(page.locator("#registry-created")).toContainText("devex-beta-gouv");
  const origin = page.locator("#registry-changed tr").filter({ hasText: "Origine" });
  await expect(origin).toContainText("produits-beta-gouv");
  await expect(origin).toContainText("saisie manuelle");
  await expect(origin).toContainText("registre");
  await expectAccessible(page);
  for (const width of [1280, 375]) {
    await page.setViewportSize({ width, height: 900 });
    await page.screenshot({ path: `test-results/registry-preview-${width}.png`, fullPage: true });
  }
  await page.setViewportSize({ width: 1280, height: 720 });
  await page.getByRole("button", { name: "Confirmer l'import" }).click();
  await expect(page.getByRole("status")).toContainText("Import terminé : 2 produit(s) créé(s), 1 mis à jour, 0 inchangé(s).");

  // importing the same files again changes nothing, and says so
  await preview(page);
  await expect(page.getByTestId("registry-preview")).toContainText("0 nouveau(x) produit(s), 0 modifié(s), 3 inchangé(s)");
  await expect(page.getByTestId("registry-preview")).toContainText("Aucun changement à importer.");

  // the product page shows its registry record and phases with their dates
  await page.goto("/produits?q=Aide%20aux%20aidants");
  await page.getByRole("link", { name: "Aide aux aidants" }).first().click();
  await expect(page.getByTestId("registry")).toContainText("aide-aux-aidants");
  await expect(page.getByTestId("registry")).toContainText("incubateur fabrique-sociaux");
  const investigation = page.locator("#phases tr").filter({ hasText: "Investigation" });
  await expect(investigation).toContainText("05/01/2026");
  await expect(investigation).toContainText("01/06/2026");

  // the correspondent of the sponsor's beneficiary orders for it
  await signOut(page);
  await signIn(page, accounts.correspondentA);
  await page.goto("/commandes/nouveau");
  await page.waitForLoadState("networkidle");
  const product = page.locator("#productId option").filter({ hasText: "Aide aux aidants" });
  await expect(product).toHaveCount(1);
  await page.locator("#productId").selectOption((await product.getAttribute("value"))!);
  const lot = page.locator("#lotId option").filter({ hasText: "25_BAM_112 – lot 1" });
  await page.locator("#lotId").selectOption((await lot.first().getAttribute("value"))!);
  const holder = page.locator("#contractorId option").filter({ hasText: "Octopus Numérique SAS" });
  await page.locator("#contractorId").selectOption((await holder.getAttribute("value"))!);
  const reason = page.getByLabel("Raison du choix d'un autre titulaire");
  if (await reason.count()) await reason.fill("Équipe déjà présente sur les produits de la Fabrique");
  await page.getByLabel("Début").fill("2027-01-04");
  await page.getByLabel("Fin", { exact: true }).fill("2027-03-31");
  const uo = page.locator("#line-0-code option").filter({ hasText: "UO Devops-Confirmé" });
  await page.locator("#line-0-code").selectOption((await uo.getAttribute("value"))!);
  await page.getByLabel("Ligne 1 : quantité").fill("1,5");
  await page.getByRole("button", { name: "Enregistrer le brouillon" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText("Brouillon");
  await page.getByLabel("Numéro d'EJ").fill("1300555019");
  await confirmAction(page, "Émettre le bon de commande");
  await expect(page.getByTestId("success")).toContainText("émis");
  await expect(page.getByRole("heading", { level: 1 })).toContainText(/Bon de commande 25_BAM_112-\d{4}-\d{4}/);
});
