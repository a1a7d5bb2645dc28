// Forgotten password end to end (issue 16): the request, the e-mail read from the app's local SMTP
// capture (files in MAIL_CAPTURE_DIR, parsed with mailparser), the link followed, the new password set;
// the other sessions are closed, the link does not work twice, and an unknown address gets the same page.
import fs from "node:fs";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { simpleParser } from "mailparser";
import { testPort } from "../helpers/ports";
import { expectAccessible, PASSWORD, signIn } from "./helpers";
import { otherDemoAccounts } from "../../seeds/accounts";

const port = Number(process.env.E2E_PORT ?? testPort(3100));
const captureDir = path.resolve(`.data/e2e-${port}/courriels`);
// not one of the README's five accounts, which the other specs sign in with
const email = otherDemoAccounts.contractorAtelier;
const NEW_PASSWORD = "un-nouveau-mot-de-passe-2026";

async function captured(to: string, after: Set<string>, timeoutMs = 20_000) {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const files = fs.existsSync(captureDir) ? fs.readdirSync(captureDir).filter((f) => f.endsWith(".eml") && !after.has(f)) : [];
    for (const f of files) {
      const mail = await simpleParser(fs.readFileSync(path.join(captureDir, f)));
      const address = Array.isArray(mail.to) ? mail.to[0]?.text : mail.to?.text;
      if (address?.includes(to)) return mail;
    }
    if (Date.now() > until) throw new Error(`no message to ${to} in ${captureDir}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

test("a password reset through the link of the captured e-mail", async ({ page, browser }) => {
  const before = new Set(fs.existsSync(captureDir) ? fs.readdirSync(captureDir) : []);
  // a session opened elsewhere, which the reset must close
  const other = await browser.newContext();
  const otherPage = await other.newPage();
  await signIn(otherPage, email);

  await page.goto("/connexion");
  await page.getByRole("link", { name: "Mot de passe oublié ?" }).click();
  await expect(page.getByRole("heading", { name: "Mot de passe oublié" })).toBeVisible();
  await expectAccessible(page);
  await page.getByLabel("Adresse électronique").fill(email);
  await page.getByRole("button", { name: "Recevoir un lien" }).click();
  const answer = page.getByText("Si un compte actif correspond à cette adresse");
  await expect(answer).toBeVisible();
  const shown = await answer.textContent();

  const mail = await captured(email, before);
  expect(mail.subject).toBe("Pilotage UO : choisir un nouveau mot de passe");
  const link = /http:\/\/localhost:\d+\/mot-de-passe\/nouveau\?jeton=[\w-]+/.exec(mail.text ?? "")?.[0];
  expect(link, mail.text).toBeTruthy();
  expect(mail.html).toContain(link!);

  await page.goto(link!);
  await expect(page.getByRole("heading", { name: "Nouveau mot de passe" })).toBeVisible();
  await expectAccessible(page);
  await page.getByLabel("Nouveau mot de passe").fill(NEW_PASSWORD);
  await page.getByLabel("Confirmez le mot de passe").fill(NEW_PASSWORD);
  await page.getByRole("button", { name: "Enregistrer le mot de passe" }).click();
  await expect(page).toHaveURL(/\/connexion\?mot-de-passe=change/);
  await expect(page.getByText("Connectez-vous avec votre nouveau mot de passe.")).toBeVisible();

  // the old password no longer works, the new one does
  await page.getByLabel("Adresse électronique").fill(email);
  await page.getByLabel("Mot de passe").fill(PASSWORD);
  await page.getByRole("button", { name: "Se connecter" }).click();
  await expect(page.getByText("Adresse électronique ou mot de passe incorrect")).toBeVisible();
  await signIn(page, email, NEW_PASSWORD);

  // the session opened before the reset is closed
  await otherPage.goto("/commandes");
  await expect(otherPage).toHaveURL(/\/connexion\?redirectTo=/);
  await other.close();

  // the link served once
  await page.goto(link!);
  await expect(page.getByText("Ce lien de réinitialisation n'est plus valable")).toBeVisible();

  // an unknown address: the same answer, and no message
  const anonymous = await browser.newContext();
  const anon = await anonymous.newPage();
  await anon.goto("/mot-de-passe-oublie");
  await anon.getByLabel("Adresse électronique").fill("personne@exemple.gouv.fr");
  await anon.getByRole("button", { name: "Recevoir un lien" }).click();
  await expect(anon.getByText("Si un compte actif correspond à cette adresse")).toHaveText(shown!);
  await anonymous.close();
  await expect(captured("personne@exemple.gouv.fr", before, 2_000)).rejects.toThrow(/no message/);
});
