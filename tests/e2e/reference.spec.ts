// Reference data administration by DINUM, through the screens only: a new contract with its lot, holder
// and prices; a new price version approved; new orders take the new price, issued ones keep theirs.
import { expect, test, type Page } from "@playwright/test";
import { accounts, expectAccessible, signIn, signOut, confirmAction, selectByText } from "./helpers";
import { Decimal } from "../../app/lib/decimal";
import { formatEuros } from "../../app/lib/format";
import { addDays, todayInParis } from "../../app/lib/dates";
import { DINUM_APPROVER } from "../../seeds/accounts";

const CODES = ["DEVOPS_JUNIOR", "DEVOPS_CONFIRME", "DEVOPS_SENIOR", "DESIGN_JUNIOR", "DESIGN_CONFIRME", "BIZDEV", "PM_JUNIOR", "PM", "REVERSIBILITE"];
const REF = `26_E2E_${Date.now() % 100000}`;
const CONTRACTOR = `Coopérative Essai ${REF}`;
const PM_V1 = "12000.00";
const PM_V2 = "12600.50";
const ht = (quantity: string, price: string) => new Decimal(quantity).times(price).toDecimalPlaces(2, Decimal.ROUND_HALF_UP).toFixed(2);

async function confirm(page: Page, label: string) {
  await page.getByRole("button", { name: label, exact: true }).click();
  await page.getByRole("button", { name: `Confirmer : ${label.toLowerCase()}` }).click();
}

async function orderOnNewLot(page: Page, periodStart: string) {
  await page.goto("/commandes/nouveau");
  await page.waitForLoadState("networkidle");
  await selectByText(page, "#productId", "Nata");
  await selectByText(page, "#lotId", `${REF} – lot 1`);
  await selectByText(page, "#contractorId", CONTRACTOR);
  await page.getByLabel("Début").fill(periodStart);
  await page.getByLabel("Fin", { exact: true }).fill("2027-06-30");
  await page.locator("#line-0-code").selectOption("PM");
  await page.getByLabel("Ligne 1 : quantité").fill("2");
  await page.getByRole("button", { name: "Enregistrer le brouillon" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText("Brouillon");
  await confirmAction(page, "Émettre le bon de commande");
  await expect(page.getByTestId("success")).toContainText("émis");
  return new URL(page.url()).pathname;
}

test("DINUM sets up a contract, lot, holder and prices; a new approved version applies to new orders only", async ({ page }) => {
  const today = todayInParis();
  await signIn(page, accounts.dinum);
  await page.getByRole("navigation").getByRole("link", { name: "Référentiel" }).first().click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Référentiel");
  await expectAccessible(page);

  // a contractor
  await page.goto("/referentiel/titulaires");
  await page.locator("#f-create-name").fill(CONTRACTOR);
  await page.locator("#f-create-siret").fill("123");
  await page.getByRole("button", { name: "Créer le titulaire" }).click();
  await expect(page.locator("#f-create-siret-error")).toHaveText("Le SIRET compte 14 chiffres.");
  await expect(page.locator("#f-create-name")).toHaveValue(CONTRACTOR); // nothing typed is lost
  await page.locator("#f-create-siret").fill("");
  await page.getByRole("button", { name: "Créer le titulaire" }).click();
  await expect(page.getByText(`Titulaire « ${CONTRACTOR} » créé.`)).toBeVisible();
  await expectAccessible(page);

  // a contract, its lot and holder
  await page.goto("/referentiel/contrats");
  await page.locator("#f-create-reference").fill(REF);
  await page.locator("#f-create-title").fill("Accord-cadre d'essai de bout en bout");
  await page.locator("#f-create-startDate").fill("2026-01-01");
  await page.locator("#f-create-endDate").fill("2025-12-31");
  await page.getByRole("button", { name: "Créer l'accord-cadre" }).click();
  await expect(page.locator("#f-create-endDate-error")).toHaveText("La date de fin doit suivre la date de début.");
  await page.locator("#f-create-endDate").fill("2027-12-31");
  await page.getByRole("button", { name: "Créer l'accord-cadre" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(`Accord-cadre ${REF}`);
  await page.locator("#f-create-lot-title").fill("Lot d'essai");
  await page.getByRole("button", { name: "Créer le lot" }).click();
  await expect(page.getByRole("heading", { name: "Lot 1 : Lot d'essai" })).toBeVisible();
  await page.getByText("Ajouter un titulaire au lot 1").click();
  const holderForm = page.locator("form").filter({ has: page.getByRole("button", { name: "Ajouter le titulaire" }) });
  await selectByText(page, `#${await holderForm.locator("select").getAttribute("id")}`, CONTRACTOR);
  await holderForm.getByRole("button", { name: "Ajouter le titulaire" }).click();
  await expect(page.getByRole("table", { name: "Titulaires du lot 1" })).toContainText(CONTRACTOR);
  await expectAccessible(page);

  // price schedule v1, approved
  await page.goto("/referentiel/bordereaux/nouveau");
  await selectByText(page, "#f-create-contractId", REF);
  await selectByText(page, "#f-create-contractorId", CONTRACTOR);
  await page.locator("#f-create-validFrom").fill("2026-01-01");
  for (const [i, code] of CODES.entries()) await page.locator(`#price-${code}`).fill(code === "PM" ? "12 000,00" : `${9000 + i * 100},00`);
  await page.locator("#price-BIZDEV").fill("abc");
  await page.getByRole("button", { name: "Enregistrer le brouillon" }).click();
  await expect(page.getByText("Saisissez un montant en euros avec au plus deux décimales").first()).toBeVisible();
  await expect(page.locator("#price-PM")).toHaveValue("12 000,00");
  await page.locator("#price-BIZDEV").fill("9500");
  await page.getByRole("button", { name: "Enregistrer le brouillon" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(`Bordereau ${CONTRACTOR}, version 1`);
  await expect(page.getByTestId("schedule-status")).toHaveText("Brouillon");
  await expect(page.getByTestId("price-PM")).toContainText("600,0000\u00a0€"); // day rate = ÷ 20, exact to four places
  await expectAccessible(page);
  // four eyes: its preparer cannot approve it, and is told so; another DINUM user does
  await expect(page.getByTestId("four-eyes")).toContainText("Vous avez préparé cette version");
  await confirm(page, "Approuver cette version");
  await expect(page.getByText("principe des quatre yeux").last()).toBeVisible();
  await expect(page.getByTestId("schedule-status")).toHaveText("Brouillon");
  const v1Url = new URL(page.url()).pathname;
  await signOut(page);
  await signIn(page, DINUM_APPROVER);
  await page.goto(v1Url);
  await confirm(page, "Approuver cette version");
  await expect(page.getByTestId("schedule-status")).toHaveText("Approuvé");

  // the correspondent orders at v1 prices
  await signOut(page);
  await signIn(page, accounts.correspondentA);
  const firstOrder = await orderOnNewLot(page, "2026-12-01");
  await expect(page.getByTestId("total-ht")).toHaveText(formatEuros(ht("2", PM_V1)));

  // DINUM approves v2 from today: v1 is closed the day before
  await signOut(page);
  await signIn(page, accounts.dinum);
  await page.goto(v1Url);
  await page.getByRole("link", { name: "préparer la version suivante" }).click();
  await expect(page.locator("#price-PM")).toHaveValue("12000,00");
  await selectByText(page, "#f-create-contractId", REF);
  await selectByText(page, "#f-create-contractorId", CONTRACTOR);
  await page.locator("#f-create-validFrom").fill(today);
  await page.locator("#price-PM").fill("12600,50");
  await page.getByRole("button", { name: "Enregistrer le brouillon" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(`Bordereau ${CONTRACTOR}, version 2`);
  await expect(page.getByTestId("price-PM")).toContainText(`+${formatEuros("600.50")}`); // difference from v1
  const v2Url = new URL(page.url()).pathname;
  await signOut(page);
  await signIn(page, DINUM_APPROVER);
  await page.goto(v2Url);
  await confirm(page, "Approuver cette version");
  await expect(page.getByTestId("schedule-status")).toHaveText("Approuvé");
  await page.goto(v1Url);
  await expect(page.getByText(`au ${addDays(today, -1).split("-").reverse().join("/")}`).first()).toBeVisible();
  // an approved version offers no edit
  await expect(page.getByRole("button", { name: "Enregistrer le brouillon" })).toHaveCount(0);

  // a new order takes v2, the issued one keeps v1
  await signOut(page);
  await signIn(page, accounts.correspondentA);
  await orderOnNewLot(page, "2027-01-01");
  await expect(page.getByTestId("total-ht")).toHaveText(formatEuros(ht("2", PM_V2)));
  await page.goto(firstOrder);
  await expect(page.getByTestId("total-ht")).toHaveText(formatEuros(ht("2", PM_V1)));

  // the audit log shows the approvals to DINUM
  await signOut(page);
  await signIn(page, accounts.dinum);
  await page.goto("/journal?objet=price_schedule");
  await expect(page.getByTestId("audit-row").filter({ hasText: "Approbation" }).first()).toBeVisible();
  await expect(page.getByTestId("audit-row").filter({ hasText: "Fin de validité" }).first()).toBeVisible();
  // the changed fields are named in French, not by their column names
  await expect(page.getByTestId("audit-row").filter({ hasText: "Approbation" }).first()).toContainText("Statut");
  await expectAccessible(page);
});

test("a beneficiary's third correspondent is refused; a deactivated user cannot sign in", async ({ page }) => {
  const email = `corr.e2e.${Date.now() % 100000}@culture.gouv.fr`;
  await signIn(page, accounts.dinum);
  await page.goto("/referentiel/beneficiaires");
  await page.getByRole("link", { name: "Ministère de la Culture" }).click();
  await page.locator("#f-add-correspondent-name").fill("Camille Essai");
  await page.locator("#f-add-correspondent-email").fill(email);
  await page.locator("#f-add-correspondent-password").fill("mot-de-passe-essai-2026");
  await page.getByRole("button", { name: "Ajouter le correspondant" }).click();
  await expect(page.getByText("Correspondant Camille Essai ajouté.")).toBeVisible();
  await page.locator("#f-add-correspondent-name").fill("Troisième Personne");
  await page.locator("#f-add-correspondent-email").fill(`trois.${email}`);
  await page.getByRole("button", { name: "Ajouter le correspondant" }).click();
  await expect(page.getByText("Ce bénéficiaire a déjà deux correspondants actifs").first()).toBeVisible();
  await expect(page.locator("#f-add-correspondent-name")).toHaveValue("Troisième Personne");
  await expectAccessible(page);

  await page.goto(`/utilisateurs?q=${encodeURIComponent(email)}`);
  await page.getByRole("link", { name: "Camille Essai" }).click();
  await confirm(page, "Désactiver ce compte");
  await expect(page.getByText("Compte désactivé : il ne peut plus se connecter.")).toBeVisible();
  await expectAccessible(page);
  await signOut(page);

  await page.goto("/connexion");
  await page.getByLabel("Adresse électronique").fill(email);
  await page.getByLabel("Mot de passe").fill("mot-de-passe-essai-2026");
  await page.getByRole("button", { name: "Se connecter" }).click();
  await expect(page.getByText("Adresse électronique ou mot de passe incorrect")).toBeVisible();
});

test("a correspondent manages its products' phases and risks; choosing another holder than the proposed one needs a reason, seen by DINUM", async ({
  page,
}) => {
  const name = `Service essai ${Date.now() % 100000}`;
  await signIn(page, accounts.correspondentB);
  // a correspondent has no reference or user administration, nor the overrides list; it has its journal
  for (const path of ["/referentiel", "/referentiel/bordereaux", "/referentiel/attributions", "/utilisateurs", "/utilisateurs/1"]) {
    expect((await page.request.get(path)).status(), path).toBe(403);
  }
  const origin = { origin: new URL(page.url()).origin };
  expect((await page.request.post("/referentiel/contrats", { form: { intent: "create", reference: "X" }, headers: origin })).status()).toBe(403);
  expect((await page.request.get("/journal")).status()).toBe(200);
  await expect(page.getByRole("navigation").getByRole("link", { name: "Référentiel" })).toHaveCount(0);
  await page.getByRole("navigation").getByRole("link", { name: "Produits" }).first().click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Produits");
  await expectAccessible(page);
  await page.getByRole("link", { name: "Nouveau produit" }).click();
  await page.locator("#f-create-name").fill(name);
  await page.locator("#f-create-statsUrl").fill("pas-une-adresse");
  await page.locator("#f-create-startedOn").fill("2026-09-01");
  await page.locator("#f-create-decision").fill("Comité d'investissement du 01/09/2026");
  await page.getByRole("button", { name: "Créer le produit" }).click();
  await expect(page.locator("#f-create-statsUrl-error")).toContainText("Saisissez une adresse commençant par https://");
  await expect(page.locator("#f-create-name")).toHaveValue(name);
  await page.locator("#f-create-statsUrl").fill("https://essai.example/stats");
  await page.getByRole("button", { name: "Créer le produit" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(name);
  await page.locator("#f-phase-phase").selectOption("construction");
  await page.locator("#f-phase-startedOn").fill("2026-11-02");
  await page.locator("#f-phase-decision").fill("Comité d'investissement du 02/11/2026");
  await page.getByRole("button", { name: "Enregistrer le changement de phase" }).click();
  await expect(
    page
      .getByRole("table", { name: /Phases du produit/ })
      .locator("tbody tr")
      .first(),
  ).toContainText("Construction");
  await page.locator("#f-add-risk-title").fill("Recrutement du développeur");
  await page.locator("#f-add-risk-level").selectOption("eleve");
  await page.locator("#f-add-risk-identifiedOn").fill("2026-11-03");
  await page.getByRole("button", { name: "Ajouter le risque" }).click();
  await expect(page.getByRole("table", { name: "Risques du produit" })).toContainText("Recrutement du développeur");
  await expectAccessible(page);
  await signOut(page);

  // a contractor sees no products screen and cannot write any
  await signIn(page, accounts.contractorA);
  expect((await page.request.get("/produits")).status()).toBe(403);
  expect((await page.request.post("/produits/nouveau", { form: { name: "X" }, headers: { origin: new URL(page.url()).origin } })).status()).toBe(403);
  await signOut(page);

  // round-robin on 25_BAM_112 lot 1: choosing the other holder asks for a reason
  await signIn(page, accounts.correspondentA);
  await page.goto("/commandes/nouveau");
  await page.waitForLoadState("networkidle");
  await selectByText(page, "#productId", "Nata");
  await selectByText(page, "#lotId", "25_BAM_112 – lot 1");
  const proposal = page.getByTestId("attribution-proposal");
  await expect(proposal).toContainText(/c'est le tour (de |d')/);
  const proposed = (await proposal.locator("strong").innerText()).trim();
  const other = proposed.startsWith("Octopus") ? "Atelier Numérique Public" : "Octopus Numérique SAS";
  await expect(page.locator("#contractorId option:checked")).toHaveText(proposed);
  await selectByText(page, "#contractorId", other);
  await page.getByLabel("Début").fill("2026-12-01");
  await page.getByLabel("Fin", { exact: true }).fill("2027-02-28");
  await page.locator("#line-0-code").selectOption("BIZDEV");
  await page.getByLabel("Ligne 1 : quantité").fill("1");
  await page.getByRole("button", { name: "Enregistrer le brouillon" }).click();
  await expect(page.getByTestId("form-error")).toContainText("indiquez la raison");
  await page.getByLabel("Raison du choix d'un autre titulaire").fill("Expertise déjà acquise sur Nata");
  await page.getByRole("button", { name: "Enregistrer le brouillon" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText("Brouillon");
  await signOut(page);

  await signIn(page, accounts.dinum);
  await page.goto("/referentiel/attributions");
  await expect(page.getByRole("table")).toContainText("Expertise déjà acquise sur Nata");
  await expectAccessible(page);
  // the catalogue: descriptions editable, codes fixed
  await page.goto("/referentiel/unites-oeuvre?modifier=BIZDEV");
  await page.locator("#f-update-description").fill("Déploiement et accompagnement des utilisateurs (§2.3), précisé.");
  await page.getByRole("button", { name: "Enregistrer" }).click();
  await expect(page.getByText("Unité d'œuvre enregistrée.")).toBeVisible();
  await expect(page.getByRole("table")).toContainText("précisé");
  await expectAccessible(page);
  for (const path of [
    "/referentiel/contrats",
    "/referentiel/titulaires?modifier=1",
    "/referentiel/bordereaux/nouveau",
    "/referentiel/beneficiaires",
    "/referentiel/bordereaux",
    "/utilisateurs",
    "/utilisateurs/nouveau",
    "/produits",
    "/produits/nouveau",
    "/journal",
  ]) {
    await page.goto(path);
    await expect(page.getByRole("heading", { level: 1 })).toHaveCount(1);
    await expectAccessible(page);
  }
});
