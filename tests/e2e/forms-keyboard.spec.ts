// Issue 14, "Forms": one Conform form per role, from the keyboard only. A refused submission brings the focus to
// the error summary, whose links move the focus to their field (aria-invalid, aria-describedby to its error); a
// dynamic list's new row is announced and focused. With JavaScript disabled the same form posts, the server's
// errors show in the same summary, and the list's button adds its row through the server. axe: 0 violations on
// each page, before and after the refusal (axe runs in the page: checked with JavaScript, the markup is the same).
// The submissions tested are refused ones and save nothing; the correction test first makes its own validated month
// (an order of its own, like the month specs), so it depends on no demo data an earlier spec may have used.
import { expect, test, type Page } from "@playwright/test";
import { todayInParis } from "../../app/lib/dates";
import { formatMonth } from "../../app/lib/format";
import { accounts, confirmAction, declareMonth, expectAccessible, issueOrderWithMonthsToDeclare, monthStart, signIn, signOut } from "./helpers";

/** The summary is focused, its first link says `message`, Tab + Enter move the focus to the field `fieldId`. */
async function summaryLeadsTo(page: Page, message: RegExp | string, fieldId: string) {
  const summary = page.getByTestId("form-error");
  await expect(summary).toBeFocused();
  const link = summary.getByRole("link").first();
  await expect(link).toContainText(message);
  await expect(link).toHaveAttribute("href", `#${fieldId}`);
  await page.keyboard.press("Tab");
  await expect(link).toBeFocused();
  await page.keyboard.press("Enter");
  const field = page.locator(`[id="${fieldId}"]`);
  await expect(field).toBeFocused();
  await expect(field).toHaveAttribute("aria-invalid", "true");
  await expect(field).toHaveAttribute("aria-describedby", new RegExp(`(^| )${fieldId.replace(/[[\].]/g, "\\$&")}-error( |$)`));
  await expect(page.locator(`[id="${fieldId}-error"]`)).toContainText(message);
}

/** Tab from the page's top until `name` (a button or field) has the focus: the keyboard alone gets there. */
async function tabTo(page: Page, target: ReturnType<Page["locator"]>, max = 200) {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press("Tab");
    if (await target.evaluate((el) => el === document.activeElement)) return;
  }
  throw new Error("not reached with Tab");
}

/** The first month to declare of the contractor signed in: its declaration form. */
async function openMonthToDeclare(page: Page) {
  await page.goto("/declarations");
  await page
    .locator("#to-declare")
    .getByRole("link", { name: /^Déclarer/ })
    .first()
    .click();
}

/** The first issued order of the correspondent signed in: its page (the commitment form writes nothing when refused). */
async function openIssuedOrder(page: Page) {
  await page.goto("/commandes?statut=issued");
  await page.getByTestId("order-row").first().getByRole("link").first().click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText("Bon de commande");
}

/**
 * A validated declaration of contractor A that can still be corrected ("Corriger ce mois"), made by the test itself
 * (specs share one database: what the demo had may have been corrected by an earlier spec): an order issued by
 * correspondent A, last month declared by A and validated by the correspondent; contractor A signed in on its page.
 */
async function openCorrectableDeclaration(page: Page) {
  const today = todayInParis();
  const { number } = await issueOrderWithMonthsToDeclare(page, today, 1);
  await signIn(page, accounts.contractorA);
  await declareMonth(page, number, formatMonth(monthStart(today, -1)), "2", "Dominique Correction");
  const declarationUrl = new URL(page.url()).pathname;
  await signOut(page);
  await signIn(page, accounts.correspondentA);
  await page.goto(declarationUrl);
  await confirmAction(page, "Valider le service fait");
  await expect(page.getByTestId("declaration-status").first()).toHaveText("Validée (service fait)");
  await signOut(page);
  await signIn(page, accounts.contractorA);
  await page.goto(declarationUrl);
  await expect(page.getByRole("button", { name: "Corriger ce mois" })).toBeVisible();
}

test.describe("with JavaScript", () => {
  test("correspondent: the order form adds a line (announced, focused), then a refusal focuses the summary", async ({ page }) => {
    await signIn(page, accounts.correspondentA);
    await page.goto("/commandes/nouveau");
    await page.waitForLoadState("networkidle");
    await expectAccessible(page);
    await expect(page.getByTestId("order-form-line")).toHaveCount(1);

    await tabTo(page, page.getByRole("button", { name: "Ajouter une ligne" }));
    await page.keyboard.press("Enter");
    await expect(page.getByTestId("order-form-line")).toHaveCount(2);
    await expect(page.getByLabel("Ligne 2 : type d'UO")).toBeFocused();
    await expect(page.getByTestId("lines-announce")).toHaveText("Ligne 2 ajoutée : choisissez son type d'UO.");
    await page.keyboard.press("ArrowDown"); // a type of UO for the new line, the first one left empty
    await page.keyboard.press("Tab");
    await page.keyboard.type("3");

    // submitted without a product: the browser's check (the same zod schema as the server) refuses it
    await page.keyboard.press("Enter");
    await summaryLeadsTo(page, "Choisissez un produit.", "productId");
    await expect(page.getByLabel("Ligne 2 : quantité")).toHaveValue("3"); // nothing typed is lost
    await expectAccessible(page);
  });

  test("contractor: the declaration adds a person (announced, focused), then a refusal focuses the summary", async ({ page }) => {
    await signIn(page, accounts.contractorA);
    await openMonthToDeclare(page);
    await expect(page.getByRole("heading", { level: 1 })).toContainText("Déclaration");
    await page.waitForLoadState("networkidle");
    await expectAccessible(page);

    const first = page.getByTestId("declaration-line").first();
    await expect(first.getByTestId("person-row")).toHaveCount(1);
    await tabTo(page, first.getByLabel("Jours consommés ce mois-ci"));
    await page.keyboard.type("2,3");
    await tabTo(page, first.getByRole("button", { name: /^Ajouter une personne/ }));
    await page.keyboard.press("Enter");
    await expect(first.getByTestId("person-row")).toHaveCount(2);
    await expect(first.getByLabel("Intervenant 2 : nom")).toBeFocused();
    await expect(first.getByTestId("people-announce")).toHaveText("Intervenant 2 ajouté à la ligne 1.");
    await page.keyboard.type("Alix Clavier");
    await page.keyboard.press("Tab");
    await page.keyboard.type("2");

    await page.keyboard.press("Enter"); // saves the draft (the form's first submit button): refused, nothing written
    await summaryLeadsTo(page, "demi-journées", "line-0-days");
    await expect(first.getByLabel("Intervenant 2 : nom")).toHaveValue("Alix Clavier");
    await expectAccessible(page);
  });

  test("DINUM: a reference form refused by the server focuses the summary, values kept", async ({ page }) => {
    await signIn(page, accounts.dinum);
    await page.goto("/referentiel/titulaires");
    await page.waitForLoadState("networkidle");
    await expectAccessible(page);
    const name = page.locator("#f-create-name");
    await name.focus();
    await page.keyboard.type("Titulaire au clavier");
    await page.keyboard.press("Tab");
    await page.keyboard.type("123");
    await page.keyboard.press("Enter");
    await summaryLeadsTo(page, "Le SIRET compte 14 chiffres.", "f-create-siret");
    await expect(name).toHaveValue("Titulaire au clavier");
    await expectAccessible(page);
  });
});

test.describe("with JavaScript, the forms of issue 14's last conversion", () => {
  test("correspondent: the order page's commitment form refuses an EJ in the browser, the summary leads to the field", async ({ page }) => {
    await signIn(page, accounts.correspondentA);
    await openIssuedOrder(page);
    await page.waitForLoadState("networkidle");
    const ej = page.locator("#f-commitment-ejNumber");
    await tabTo(page, ej);
    await page.keyboard.press("ControlOrMeta+a");
    await page.keyboard.type("EJ 12/3");
    await page.keyboard.press("Enter"); // submits its own form: refused before posting, nothing written
    await summaryLeadsTo(page, "chiffres et lettres uniquement", "f-commitment-ejNumber");
    await expect(ej).toHaveValue("EJ 12/3");
    await expectAccessible(page);
  });

  test("contractor: correcting a validated month without a reason is refused, the summary leads to the reason", async ({ page }) => {
    test.setTimeout(120_000); // the test makes its own validated month first
    await openCorrectableDeclaration(page);
    await page.waitForLoadState("networkidle");
    await tabTo(page, page.getByRole("button", { name: "Corriger ce mois" }));
    await page.keyboard.press("Enter");
    await summaryLeadsTo(page, "Indiquez le motif de la correction.", "f-correct-reason");
    await expect(page).toHaveURL(/\/declarations\/\d+(#[\w-]+)?$/); // no correction created (its page would be /modifier)
    await expectAccessible(page);
  });

  test("DINUM: the sign-in form refuses an address in the browser, then signs in from the keyboard", async ({ page }) => {
    await page.goto("/connexion");
    await page.waitForLoadState("networkidle");
    await tabTo(page, page.getByLabel("Adresse électronique"));
    await page.keyboard.type("dinum@");
    await page.keyboard.press("Tab");
    await page.keyboard.type("un mot de passe");
    await page.keyboard.press("Enter");
    await summaryLeadsTo(page, "Saisissez une adresse électronique valide", "connexion-email");
    await expectAccessible(page);
    // typed key by key after the refusal, the address turns valid ("dinum@demo.pi"), then invalid again ("…pilotage-"): the
    // summary that comes back while typing is no new attempt and leaves the focus in the field
    const address = page.getByLabel("Adresse électronique");
    await page.keyboard.press("ControlOrMeta+a");
    await page.keyboard.type("dinum@demo.pi");
    await expect(page.getByTestId("form-error")).toHaveCount(0);
    await page.keyboard.type("lotage-");
    await expect(page.getByTestId("form-error")).toBeVisible();
    await expect(address).toBeFocused();
    await page.keyboard.type(accounts.dinum.slice("dinum@demo.pilotage-".length));
    await expect(address).toBeFocused();
    await expect(address).toHaveValue(accounts.dinum);
    await page.keyboard.press("Tab");
    await page.keyboard.press("ControlOrMeta+a");
    await page.keyboard.type("pilotage-demo-2026");
    await page.keyboard.press("Enter");
    await expect(page.getByTestId("current-user").first()).toBeVisible();
  });
});

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("correspondent: the order form posts, the server's errors show; 'Ajouter une ligne' adds a row through the server", async ({ page }) => {
    await signIn(page, accounts.correspondentA);
    await page.goto("/commandes/nouveau");
    await page.getByLabel("Ligne 1 : quantité").fill("2,3");
    await page.getByRole("button", { name: "Ajouter une ligne" }).click();
    await expect(page.getByTestId("order-form-line")).toHaveCount(2);
    await expect(page.getByLabel("Ligne 1 : quantité")).toHaveValue("2,3");
    await page.getByRole("button", { name: "Enregistrer le brouillon" }).last().click();
    const summary = page.getByTestId("form-error");
    await expect(summary).toContainText("Le formulaire contient des erreurs");
    await expect(summary.getByRole("link", { name: "Choisissez un produit." })).toHaveAttribute("href", "#productId");
    await expect(page.locator("#productId")).toHaveAttribute("aria-invalid", "true");
    await expect(page.locator("#productId")).toHaveAttribute("aria-describedby", "productId-error");
    await expect(page.locator("#productId-error")).toHaveText("Choisissez un produit.");
    await expect(page.locator("#line-0-amount")).toHaveValue("2,3");
  });

  test("contractor: the declaration posts, the server's errors show; 'Ajouter une personne' adds a row through the server", async ({ page }) => {
    await signIn(page, accounts.contractorA);
    await openMonthToDeclare(page);
    const first = page.getByTestId("declaration-line").first();
    await first.getByLabel("Jours consommés ce mois-ci").fill("2,3");
    await first.getByRole("button", { name: /^Ajouter une personne/ }).click();
    await expect(first.getByTestId("person-row")).toHaveCount(2);
    await expect(first.getByLabel("Jours consommés ce mois-ci")).toHaveValue("2,3");
    await page.getByRole("button", { name: "Enregistrer le brouillon" }).last().click();
    const summary = page.getByTestId("form-error");
    await expect(summary.getByRole("link").first()).toHaveAttribute("href", "#line-0-days");
    await expect(page.locator("#line-0-days")).toHaveAttribute("aria-invalid", "true");
    await expect(page.locator("#line-0-days-error")).toContainText("demi-journées");
  });

  test("correspondent: the order page's commitment form posts, the server's errors show in its summary, values kept", async ({ page }) => {
    await signIn(page, accounts.correspondentA);
    await openIssuedOrder(page);
    await page.locator("#f-commitment-ejNumber").fill("EJ 12/3");
    await page.locator("#f-commitment-budgetCentre").fill("Centre au clavier");
    const [answer] = await Promise.all([
      page.waitForResponse((r) => r.request().method() === "POST"),
      page.getByRole("button", { name: "Enregistrer l'engagement" }).click(),
    ]);
    expect(answer.status()).toBe(400);
    const summary = page.locator("#f-commitment").getByTestId("form-error");
    await expect(summary).toContainText("Le formulaire contient des erreurs");
    await expect(summary.getByRole("link", { name: /chiffres et lettres uniquement/ })).toHaveAttribute("href", "#f-commitment-ejNumber");
    await expect(page.locator("#f-commitment-ejNumber")).toHaveAttribute("aria-invalid", "true");
    await expect(page.locator("#f-commitment-ejNumber")).toHaveValue("EJ 12/3");
    await expect(page.locator("#f-commitment-budgetCentre")).toHaveValue("Centre au clavier");
  });

  test("anyone: a refused sign-in shows the summary, the address kept, the password not echoed", async ({ page }) => {
    await page.goto("/connexion");
    await page.getByLabel("Adresse électronique").fill(accounts.dinum);
    await page.getByLabel("Mot de passe").fill("pas-le-bon-mot-de-passe");
    await page.getByRole("button", { name: "Se connecter" }).click();
    await expect(page.getByTestId("form-error")).toContainText("Adresse électronique ou mot de passe incorrect");
    await expect(page.locator("#connexion-email")).toHaveValue(accounts.dinum);
    await expect(page.locator("#connexion-password")).toHaveValue("");
    expect(await page.content()).not.toContain("pas-le-bon-mot-de-passe");
  });

  test("DINUM: a reference form posts and shows the server's errors", async ({ page }) => {
    await signIn(page, accounts.dinum);
    await page.goto("/referentiel/titulaires");
    await page.locator("#f-create-name").fill("Titulaire sans script");
    await page.locator("#f-create-siret").fill("123");
    await page.getByRole("button", { name: "Créer le titulaire" }).click();
    await expect(page.getByTestId("form-error").getByRole("link", { name: "Le SIRET compte 14 chiffres." })).toHaveAttribute("href", "#f-create-siret");
    await expect(page.locator("#f-create-siret")).toHaveAttribute("aria-invalid", "true");
    await expect(page.locator("#f-create-name")).toHaveValue("Titulaire sans script");
  });
});
