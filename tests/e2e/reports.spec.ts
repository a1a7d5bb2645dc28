// Reports end to end: streamed downloads in the browser, files read back; dashboards; burn-down; /stats.
import { expect, test, type Page } from "@playwright/test";
import ExcelJS from "exceljs";
import fs from "node:fs";
import { accounts, expectAccessible, signIn } from "./helpers";
import { pdftotext } from "../helpers/pdf";
import { CONSOLIDATED_SHEETS } from "../helpers/consolidated-sheets";

async function download(page: Page, testId: string): Promise<Buffer> {
  const [dl] = await Promise.all([page.waitForEvent("download"), page.getByTestId(testId).click()]);
  const file = await dl.path();
  await expect(page.getByTestId(`${testId}-status`)).toContainText("téléchargé");
  return fs.readFileSync(file);
}

async function workbook(buffer: Buffer) {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(buffer as unknown as ArrayBuffer);
  return wb;
}

function column(ws: ExcelJS.Worksheet, label: string): unknown[] {
  const head = (ws.getRow(1).values as unknown[]).map((v) => String(v));
  const c = head.indexOf(label);
  const out: unknown[] = [];
  ws.eachRow((row, r) => {
    if (r > 1 && r < ws.actualRowCount) out.push(row.getCell(c).value);
  });
  return out;
}

test("DINUM filters and downloads the consolidated workbook, streamed, and its CSV", async ({ page }) => {
  await signIn(page, accounts.dinum);
  await page.getByRole("link", { name: "Rapports" }).first().click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Rapports et exports");
  await expect(page).toHaveTitle("Rapports et exports - Pilotage UO");
  await expectAccessible(page);
  await page.getByRole("combobox", { name: /^Année/ }).selectOption("2026");
  await page.getByRole("combobox", { name: "Accord-cadre" }).selectOption("25_BAM_112");
  await page.getByRole("button", { name: "Appliquer les filtres" }).click();
  await expect(page).toHaveURL(/year=2026/);
  const wb = await workbook(await download(page, "download-consolidated"));
  expect(wb.worksheets.map((w) => w.name)).toEqual(CONSOLIDATED_SHEETS);
  const lines = wb.getWorksheet("Lignes de BC")!;
  expect(new Set(column(lines, "Accord-cadre"))).toEqual(new Set(["25_BAM_112"]));
  const params = wb.getWorksheet("Paramètres")!;
  const values: Record<string, string> = {};
  params.eachRow((row) => {
    values[String(row.getCell(1).value)] = String(row.getCell(2).value);
  });
  expect(values["Année"]).toBe("2026");
  expect(values["Exporté par"]).toContain(accounts.dinum);

  const csv = await download(page, "download-csv-lignes");
  expect([...csv.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  const text = csv.toString("utf8");
  expect(text.split("\r\n")[0]).toContain("Accord-cadre;Lot;Bénéficiaire");

  // the follow-up PDF of one beneficiary
  await page.getByRole("combobox", { name: "Bénéficiaire" }).selectOption({ label: "Ministère de l'Économie et des Finances" });
  await page.getByRole("button", { name: "Appliquer les filtres" }).click();
  await expect(page).toHaveURL(/beneficiary=\d+/); // the links of the filtered page, not the previous one's
  const pdf = await download(page, "download-followup-pdf");
  expect(pdf.subarray(0, 5).toString()).toBe("%PDF-");
  const pdfText = pdftotext(pdf).replace(/\s+/g, " ");
  expect(pdfText).toContain("Suivi par bénéficiaire : Ministère de l'Économie et des Finances");
  expect(pdfText).not.toContain("Nata");
});

test("invalid filters are explained, not a 500", async ({ page }) => {
  await signIn(page, accounts.dinum);
  await page.goto("/rapports?from=2026-12-01&to=2026-01-01");
  await expect(page.getByText("La fin de période doit suivre son début.")).toBeVisible();
  await expectAccessible(page);
  const res = await page.request.get("/rapports/consolide.xlsx?year=abc");
  expect(res.status()).toBe(400);
});

test("a contractor's workbook holds only its own orders", async ({ page }) => {
  await signIn(page, accounts.contractorB);
  await page.goto("/rapports");
  await expect(page.getByRole("combobox", { name: "Titulaire" })).toHaveCount(0);
  const wb = await workbook(await download(page, "download-consolidated"));
  expect(new Set(column(wb.getWorksheet("Lignes de BC")!, "Titulaire"))).toEqual(new Set(["Coopérative Les Faiseurs"]));
  expect(new Set(column(wb.getWorksheet("Déclarations")!, "Titulaire"))).toEqual(new Set(["Coopérative Les Faiseurs"]));
});

test("a correspondent's follow-up PDF carries the figures of its dashboard", async ({ page }) => {
  await signIn(page, accounts.correspondentA);
  // the dashboard's product row for Nata
  const row = page.getByTestId("by-product-row").filter({ hasText: "Nata" });
  const cells = await row.locator("td").allInnerTexts();
  const [, ordered, orderedTtc, consumed] = cells; // BC, commandé (j), commandé TTC, consommé (j)
  await page.goto("/rapports");
  await expectAccessible(page);
  const pdf = await download(page, "download-followup-pdf");
  const text = pdftotext(pdf, { layout: true }).replace(/\s+/g, " ");
  expect(text).toContain("Suivi par bénéficiaire : Ministères sociaux");
  // R13: the same days and TTC on the dashboard and in the PDF
  expect(text).toContain(`Commandé : ${ordered.replace(/\s+/g, " ")} j, ${orderedTtc.replace(/\s+/g, " ")} TTC · Fait : ${consumed.replace(/\s+/g, " ")} j`);
  expect(text).not.toContain("Mon Entreprise");
  const xlsx = await workbook(await download(page, "download-followup-xlsx"));
  expect(xlsx.worksheets.map((w) => w.name)).toEqual(["Par produit", "Par bon de commande", "Activités par mois", "Paramètres"]);
});

test("dashboards per role and an accessible burn-down with its data table", async ({ page }) => {
  await signIn(page, accounts.dinum);
  await expect(page.locator("#by-contract")).toContainText("21_BAM_048");
  await expect(page.locator("#budget")).toContainText("2026");
  await expect(page.locator("#by-contractor")).toContainText("Octopus Numérique SAS");
  await expect(page.locator("#uo-mix")).toContainText("UO Devops-Senior");
  await expectAccessible(page);

  await page.context().clearCookies();
  await signIn(page, accounts.correspondentA);
  await expect(page.locator("#by-product")).toContainText("Nata");
  await expect(page.locator("#forecasts")).toBeVisible();
  await page.locator("#by-product").getByRole("link", { name: "Nata" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Suivi de consommation du produit Nata");
  await expect(page.getByTestId("burndown-svg")).toBeVisible();
  await page.getByText("Données du graphique (tableau)").click();
  await expect(page.getByTestId("burndown-table")).toContainText("mars 2026");
  await expectAccessible(page);
  await page.locator("#forecasts a").first().click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText("Suivi de consommation du bon de commande");
  await expect(page.getByTestId("burndown-svg")).toBeVisible();
  await expectAccessible(page);

  await page.context().clearCookies();
  await signIn(page, accounts.contractorA);
  await expect(page.locator("#forecasts")).toBeVisible();
  await expect(page.locator("#by-contract")).toHaveCount(0);
});

test("/stats is public and shows aggregates only", async ({ page }) => {
  await page.goto("/stats");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Statistiques d'usage");
  await expect(page.getByTestId("stats-counts")).toContainText("produits suivis");
  await expect(page.getByText("Produits par phase")).toBeVisible();
  await expect(page.locator("body")).not.toContainText("Octopus");
  await expectAccessible(page);
});
