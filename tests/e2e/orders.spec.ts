import fs from "node:fs";
import { expect, test, type Page } from "@playwright/test";
import { accounts, expectAccessible, signIn, signOut, confirmAction, selectByText } from "./helpers";
import { Decimal } from "../../app/lib/decimal";
import { formatEuros } from "../../app/lib/format";
import { pdftotext, plainSpaces } from "../helpers/pdf";

// Octopus's approved prices on 25_BAM_112 (seeds/reference.ts), in force today
const DEVOPS_CONFIRME = "12716.04";
const PM = "13733.33";

function expectedTotals() {
  const line = (q: string, p: string) => new Decimal(q).times(p).toDecimalPlaces(2, Decimal.ROUND_HALF_UP);
  const ht = line("2.375", DEVOPS_CONFIRME).plus(line("2.375", PM)); // 2,375 UO and 47,5 days = 2,375 UO
  const vat = ht.times("0.2").toDecimalPlaces(2, Decimal.ROUND_HALF_UP);
  return { ht: ht.toFixed(2), vat: vat.toFixed(2), ttc: ht.plus(vat).toFixed(2) };
}

/** Picks the contractor; when the round-robin proposed another holder, gives the reason it asks for. */
async function chooseContractor(page: Page, name: string) {
  await selectByText(page, "#contractorId", name);
  const reason = page.getByLabel("Raison du choix d'un autre titulaire");
  if (await reason.count()) await reason.fill("Continuité de l'équipe en place sur le produit");
}

/** Fills the new-order form with one line and saves the draft; the page is then the draft's. */
async function saveOneLineDraft(page: Page, o: { product: string; contractor: string; start: string; end: string; workUnit: string; quantity: string }) {
  await page.goto("/commandes/nouveau");
  await page.waitForLoadState("networkidle");
  await selectByText(page, "#productId", o.product);
  await selectByText(page, "#lotId", "25_BAM_112 – lot 1");
  await chooseContractor(page, o.contractor);
  await page.getByLabel("Début").fill(o.start);
  await page.getByLabel("Fin", { exact: true }).fill(o.end);
  await selectByText(page, "#line-0-code", o.workUnit);
  await page.getByLabel("Ligne 1 : quantité").fill(o.quantity);
  await page.getByRole("button", { name: "Enregistrer le brouillon" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText("Brouillon");
}

test("a correspondent creates and issues an order, downloads its PDF; the contractor sees it, another contractor cannot", async ({ page }) => {
  const totals = expectedTotals();
  await signIn(page, accounts.correspondentA);
  await page.getByRole("navigation").getByRole("link", { name: "Bons de commande" }).first().click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Bons de commande");
  await expectAccessible(page);
  await page.getByRole("link", { name: "Nouveau bon de commande" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Nouveau bon de commande");
  await page.waitForLoadState("networkidle");

  // a refused submission keeps what was typed and says why, in French
  await page.getByRole("button", { name: "Enregistrer le brouillon" }).click();
  await expect(page.getByText("Choisissez un produit.").first()).toBeVisible();

  await selectByText(page, "#productId", "Nata");
  await selectByText(page, "#lotId", "25_BAM_112 – lot 1");
  await chooseContractor(page, "Octopus Numérique SAS");
  await page.getByLabel("Début").fill("2026-12-01");
  await page.getByLabel("Fin", { exact: true }).fill("2027-05-31");
  await selectByText(page, "#line-0-code", "UO Devops-Confirmé");
  await page.getByLabel("Ligne 1 : quantité").fill("2,375");
  await page.getByRole("button", { name: "Ajouter une ligne" }).click();
  await selectByText(page, "#line-1-code", "UO Product-Management");
  await page.getByLabel("Ligne 2 : quantité").fill("47,5");
  await page.locator("#line-1-unit").selectOption("days");
  // both units are shown, and the live totals agree with an independent computation
  await expect(page.getByTestId("line-preview").nth(1)).toContainText("2,375 UO = 47,5 j");
  await expect(page.getByTestId("form-totals")).toContainText(formatEuros(totals.ttc));
  await expectAccessible(page);
  await page.getByRole("button", { name: "Enregistrer le brouillon" }).click();
  await expect(page).toHaveURL(/\/commandes\/\d+\?ok=created|\/commandes\/\d+$/);
  await expect(page.getByRole("heading", { level: 1 })).toContainText("Brouillon de bon de commande");
  const orderUrl = new URL(page.url()).pathname;

  // issue with the EJ
  await page.getByLabel("Numéro d'EJ").fill("1300555001");
  await confirmAction(page, "Émettre le bon de commande");
  await expect(page.getByTestId("success")).toContainText("émis");
  const h1 = await page.getByRole("heading", { level: 1 }).innerText();
  const number = /Bon de commande (25_BAM_112-\d{4}-\d{4})/.exec(h1)?.[1];
  expect(number).toBeTruthy();
  await expect(page.getByTestId("total-ht")).toHaveText(formatEuros(totals.ht));
  await expect(page.getByTestId("total-vat")).toHaveText(formatEuros(totals.vat));
  await expect(page.getByTestId("total-ttc")).toHaveText(formatEuros(totals.ttc));
  await expect(page.getByTestId("ej")).toHaveText("1300555001");
  await expect(page.getByTestId("revision")).toHaveCount(1);
  await expectAccessible(page);

  // the PDF: number and totals in French format, with the real thousands separator
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByTestId("pdf-link").click()]);
  const pdf = fs.readFileSync((await download.path())!);
  const text = pdftotext(pdf);
  expect(text).toContain(`Bon de commande n° ${number}`);
  expect(text).toContain(plainSpaces(formatEuros(totals.ttc)));
  expect(text).toContain(plainSpaces(formatEuros(totals.ht)));
  expect(formatEuros(totals.ttc)).toContain("\u202f");
  expect(text).toContain("1300555001");

  // the contractor sees it in its list and opens it
  await signOut(page);
  await signIn(page, accounts.contractorA);
  await page.goto(`/commandes?q=${encodeURIComponent(number!)}`);
  await expect(page.getByTestId("order-row")).toHaveCount(1);
  await page.getByRole("link", { name: number! }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(`Bon de commande ${number}`);
  await expect(page.getByTestId("pdf-link")).toBeVisible();
  await expect(page.getByRole("button", { name: /Solder|Annuler/ })).toHaveCount(0);
  const res = await page.request.get(`${orderUrl}/pdf`);
  expect(res.status()).toBe(200);
  expect(res.headers()["content-type"]).toBe("application/pdf");

  // another contractor cannot open it, nor its PDF
  await signOut(page);
  await signIn(page, accounts.contractorB);
  const other = await page.goto(orderUrl);
  expect(other?.status()).toBe(404);
  expect((await page.request.get(`${orderUrl}/pdf`)).status()).toBe(404);
});

test("a correspondent amends then closes an issued order; bad amendments are refused in French", async ({ page }) => {
  await signIn(page, accounts.correspondentA);
  // round-robin: it is Octopus's turn on this lot (fewer orders), so choosing Atelier needs a reason (chooseContractor gives one)
  await saveOneLineDraft(page, {
    product: "Mano",
    contractor: "Atelier Numérique Public",
    start: "2026-12-01",
    end: "2027-03-31",
    workUnit: "UO Devops-Senior",
    quantity: "3",
  });
  await confirmAction(page, "Émettre le bon de commande");
  await expect(page.getByTestId("success")).toContainText("émis");

  await page.getByRole("link", { name: /Modifier le bon de commande/ }).click();
  await page.waitForLoadState("networkidle");
  await page.getByLabel("Ligne 1 : nouvelle quantité").fill("3,5");
  await page.getByRole("button", { name: "Enregistrer la modification" }).click();
  await expect(page.locator("#reason-error")).toContainText("motif");
  await page.getByLabel(/Motif de la modification/).fill("Renfort pour la mise en production");
  await page.getByRole("button", { name: "Enregistrer la modification" }).click();
  await expect(page.getByTestId("success")).toContainText("révision");
  await expect(page.getByTestId("revision")).toHaveCount(2);
  await expect(page.getByTestId("order-line").first()).toContainText("3,5");

  // closing says what it releases and asks for a confirmation first (nothing closed without it)
  await expect(page.getByTestId("close-released")).toContainText("Solder libère le reste : 70 j");
  await page.getByLabel("Motif du solde").fill("Fin anticipée du projet");
  await page.getByRole("button", { name: "Solder et libérer le reste" }).click();
  const dialog = page.getByRole("dialog", { name: "Solder et libérer le reste ?" });
  await expect(dialog).toContainText("70 j, soit");
  await expect(dialog).toContainText("seront libérés définitivement");
  await expectAccessible(page);
  await dialog.getByRole("button", { name: "Revenir sans rien faire" }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByText("Soldé", { exact: true })).toHaveCount(0);
  await expect(page.getByLabel("Motif du solde")).toHaveValue("Fin anticipée du projet");
  await confirmAction(page, "Solder et libérer le reste");
  await expect(page.getByTestId("success")).toContainText("soldé");
  await expect(page.getByText("Soldé", { exact: true }).first()).toBeVisible();
});

test("without JavaScript, cancelling and closing still ask first: a confirmation step in the page, values kept", async ({ browser }) => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await signIn(page, accounts.correspondentA);
  await page.goto("/commandes");
  await selectByText(page, "#f-produit", "Enfants du spectacle");
  await page.locator("#f-statut").selectOption("issued");
  await page.getByRole("button", { name: "Filtrer" }).click();
  await page.getByTestId("order-row").getByRole("link").first().click();
  // closing: the ticked box stands in for the modal
  await page.getByLabel("Motif du solde").fill("Fin du marché subséquent");
  await page.getByRole("button", { name: "Solder et libérer le reste" }).click();
  await expect(page.locator("#f-close-confirm-error")).toContainText("Cochez la case pour confirmer le solde");
  await expect(page.getByLabel("Motif du solde")).toHaveValue("Fin du marché subséquent");
  await expect(page.getByText("Soldé", { exact: true })).toHaveCount(0);
  // cancelling: the page asks, the reason kept; nothing is done before "Confirmer"
  await page.getByLabel("Motif de l'annulation").fill("Erreur de saisie");
  await page.getByRole("button", { name: "Annuler le bon de commande" }).click();
  await expect(page.getByTestId("cancel-confirmation")).toContainText("comptera pour 0");
  await expect(page.getByLabel("Motif de l'annulation")).toHaveValue("Erreur de saisie");
  // (axe runs in the page's JavaScript: not here)
  await page.getByRole("button", { name: "Confirmer : annuler le bon de commande" }).click();
  // days are consumed: the use case refuses once confirmed
  await expect(page.locator("#f-cancel").getByTestId("form-error")).toContainText("Annulation impossible");
  await context.close();
});

test("refusals answer 400/409 with a French message, never a 500", async ({ page }) => {
  await signIn(page, accounts.correspondentA);
  await page.goto("/commandes");
  await selectByText(page, "#f-produit", "Enfants du spectacle");
  await page.locator("#f-statut").selectOption("issued");
  await page.getByRole("button", { name: "Filtrer" }).click();
  await expect(page.getByTestId("order-row")).toHaveCount(1);
  await expect(page.getByTestId("list-totals")).toContainText("1 bon(s) de commande");
  await expectAccessible(page);
  await page.getByTestId("order-row").getByRole("link").first().click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText("Bon de commande 25_BAM_112-");
  const orderUrl = new URL(page.url()).pathname;

  // days are consumed: cancelling is refused (409), the page says why
  await page.getByLabel("Motif de l'annulation").fill("Erreur de saisie");
  const [cancel] = await Promise.all([page.waitForResponse((r) => r.request().method() === "POST"), confirmAction(page, "Annuler le bon de commande")]);
  expect(cancel.status()).toBe(409);
  await expect(page.locator("#f-cancel").getByTestId("form-error")).toContainText("Annulation impossible");

  // a reason too short: refused in the browser before anything is asked (the schema the server checks too), nothing posted
  await page.getByLabel("Motif du solde").fill("x");
  await page.getByRole("button", { name: "Solder et libérer le reste" }).click();
  await expect(page.locator("#f-close").getByTestId("form-error")).toBeFocused();
  await expect(page.locator("#f-close-reason-error")).toContainText("motif du solde");
  await expect(page.getByRole("dialog", { name: "Solder et libérer le reste ?" })).toBeHidden();
  await expect(page.getByLabel("Motif du solde")).toHaveValue("x");

  // a quantity below what is consumed or pending is refused by the amendment (409)
  await page.goto(`${orderUrl}/modifier`);
  await page.waitForLoadState("networkidle");
  await expectAccessible(page);
  await page.getByLabel("Ligne 1 : nouvelle quantité").fill("0,025");
  await page.getByLabel(/Motif de la modification/).fill("Réduction du périmètre");
  const [amend] = await Promise.all([
    page.waitForResponse((r) => r.request().method() === "POST"),
    page.getByRole("button", { name: "Enregistrer la modification" }).click(),
  ]);
  expect(amend.status()).toBe(409);
  await expect(page.getByTestId("form-error")).toContainText("ne peut pas descendre sous");

  // garbage posted straight to the actions: 400, not 500
  const headers = { Origin: new URL(page.url()).origin };
  const bad = await page.request.post(orderUrl, { form: { intent: "nimportequoi" }, headers });
  expect(bad.status()).toBe(400);
  const badNew = await page.request.post("/commandes/nouveau", { form: { productId: "abc", "lines.0.amount": "x" }, headers });
  expect(badNew.status()).toBe(400);
  // a contractor cannot post to an order's actions
  await signOut(page);
  await signIn(page, accounts.contractorA);
  expect((await page.request.post(orderUrl, { form: { intent: "cancel", reason: "Pas le droit" }, headers })).status()).toBe(403);
});

test("deleting a draft asks for a confirmation first; an issued order links to its burn-down", async ({ page }) => {
  await signIn(page, accounts.correspondentA);
  // the list of drafts, seen twice before the change (the second answer comes from the render cache),
  // shows the new draft at once, and no longer shows it once deleted
  const draftsList = async () => (await page.request.get("/commandes?statut=draft")).text();
  await draftsList();
  const before = await draftsList();
  await saveOneLineDraft(page, {
    product: "Nata",
    contractor: "Octopus Numérique SAS",
    start: "2027-01-01",
    end: "2027-03-31",
    workUnit: "UO Devops-Confirmé",
    quantity: "1",
  });
  const draftUrl = new URL(page.url()).pathname;
  expect(before).not.toContain(`href="${draftUrl}"`);
  expect(await draftsList()).toContain(`href="${draftUrl}"`);

  // not ticked: refused in French, the draft stays
  await page.getByRole("button", { name: "Supprimer le brouillon" }).click();
  await expect(page.locator("#f-delete-confirm-error")).toContainText("Cochez la case pour confirmer");
  await expectAccessible(page);
  expect((await page.request.get(draftUrl)).status()).toBe(200);

  // the DSFR checkbox is drawn by its label (which takes the click)
  await page.getByText("Je confirme la suppression définitive de ce brouillon").click();
  await expect(page.getByLabel(/Je confirme la suppression définitive/)).toBeChecked();
  await page.getByRole("button", { name: "Supprimer le brouillon" }).click();
  await expect(page).toHaveURL(/\/commandes\?ok=deleted/);
  await expect(page.getByTestId("success")).toHaveText("Le brouillon est supprimé.");
  expect((await page.request.get(draftUrl)).status()).toBe(404);
  expect(await draftsList()).not.toContain(`href="${draftUrl}"`);

  // an issued order of the list links to its consumption chart
  await page.goto("/commandes?statut=issued");
  await page.getByTestId("order-row").first().getByRole("link").first().click();
  await page.getByRole("link", { name: "Graphique de consommation et prévision" }).click();
  await expect(page).toHaveURL(/\/suivi\/commandes\/\d+$/);
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
});

test('an order past its end with days left is "échu avec reste": list filter, page, alert with a link to close it (R14)', async ({ page }) => {
  await signIn(page, accounts.correspondentA);
  await page.goto("/commandes");
  await page.locator("#f-statut").selectOption("echu");
  await page.getByRole("button", { name: "Filtrer" }).click();
  // Mano's order of the demo ended on 30/09/2026 with 14,5 days left
  const row = page.getByTestId("order-row").filter({ hasText: "Mano" });
  await expect(row).toHaveCount(1);
  await expect(row.getByTestId("ended-with-remaining")).toHaveText("Échu avec reste");
  await expectAccessible(page);
  await page.goto("/alertes");
  const alert = page.getByTestId("alert-ended_with_remaining").filter({ hasText: "Mano" });
  await expect(alert).toContainText("Période terminée le 30/09/2026 avec 14,5 j non consommés");
  await alert.getByRole("link", { name: /échu avec reste/ }).click();
  await expect(page).toHaveURL(/#solder$/);
  await expect(page.getByTestId("ended-notice")).toContainText("s'est terminée le 30/09/2026 avec 14,5 j non consommés");
  await expect(page.getByTestId("close-released")).toContainText("Solder libère le reste : 14,5 j");
  await expectAccessible(page);
  // its consumption page: no exhaustion forecast past the end
  await page.goto(`${new URL(page.url()).pathname}`.replace("/commandes/", "/suivi/commandes/"));
  await expect(page.getByTestId("ended-with-remaining").first()).toBeVisible();
  await expect(page.getByText(/seront épuisés le/)).toHaveCount(0);
});
