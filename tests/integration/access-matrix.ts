// THE access table (issue 7): for every route file of app/routes/, what each identity gets.
// Columns, always in this order: [anonymous, DINUM, correspondent A, correspondent B, contractor A, contractor B]
// (A = Ministères sociaux and its contractor Octopus, B = Économie and Les Faiseurs; the demo seed).
// Answers: an HTTP status (200 page or file, 400 bad request, 403 forbidden, 404 not found or not yours,
// 405 no such method), "login" (redirect to /connexion?redirectTo=…), "→/path" (another redirect);
// a list means any of them. Routes with an id list the answers for tenant A's resource ("A"), tenant B's
// ("B") and, for orders, A's draft ("draftA", invisible to contractors), for invoices A's subcontractor's invoice awaiting
// Octopus's approval ("subA", R18: never shown to another holder nor another beneficiary). GET requests the page;
// POST sends an empty form from the app's origin (an action must refuse it without writing).
import { sql } from "kysely";
import type { Db } from "../../db/client";
import { demoAccounts } from "../../seeds/accounts";

export const IDENTITIES = ["anonymous", "dinum", "correspondentA", "correspondentB", "contractorA", "contractorB"] as const;
export type Identity = (typeof IDENTITIES)[number];
export type Answer = number | "login" | `→${string}`;
export type Expected = Answer | Answer[];
export type Row6 = [Expected, Expected, Expected, Expected, Expected, Expected];
export type PerResource = { A: Row6; B: Row6; draftA?: Row6; subA?: Row6 };

export interface RouteAccess {
  /** query string added to the URL (resource routes that need one) */
  query?: string;
  get?: Row6 | PerResource;
  post?: Row6 | PerResource;
}

/** Which resource a route's :id names, from its URL. */
export function resourceKindOf(
  pattern: string,
): "order" | "declaration" | "product" | "beneficiary" | "priceSchedule" | "contract" | "user" | "invoice" | null {
  if (/^\/factures\/:/.test(pattern)) return "invoice";
  if (/^\/(suivi\/)?commandes\/:/.test(pattern)) return "order";
  if (/^\/declarations\/:/.test(pattern)) return "declaration";
  if (/^\/(suivi\/)?produits\/:/.test(pattern)) return "product";
  if (/^\/referentiel\/beneficiaires\/:/.test(pattern)) return "beneficiary";
  if (/^\/referentiel\/bordereaux\/:/.test(pattern)) return "priceSchedule";
  if (/^\/referentiel\/contrats\/:/.test(pattern)) return "contract";
  if (/^\/utilisateurs\/:/.test(pattern)) return "user";
  return null;
}

export const IDENTITY_EMAILS: Record<Exclude<Identity, "anonymous">, string> = demoAccounts;

/** Tenant A's and tenant B's resource of each kind (A = Ministères sociaux + Octopus, B = Économie + Les Faiseurs). */
export async function tenantFixtures(db: Db): Promise<Record<string, { A: number; B: number; draftA?: number; subA?: number }>> {
  const users = await db
    .selectFrom("app_user")
    .select(["id", "email", "beneficiary_id", "contractor_id"])
    .where("email", "in", Object.values(IDENTITY_EMAILS))
    .execute();
  const u = (e: string) => users.find((x) => x.email === e)!;
  const [bA, bB] = [u(IDENTITY_EMAILS.correspondentA).beneficiary_id!, u(IDENTITY_EMAILS.correspondentB).beneficiary_id!];
  const [cA, cB] = [u(IDENTITY_EMAILS.contractorA).contractor_id!, u(IDENTITY_EMAILS.contractorB).contractor_id!];
  // A's order is issued (editable by A), B's is closed (B's edit answers 409), as the matrix expects; the first
  // of each (the demo's, with PILOTAGE_TEST_SCALE's generated orders after them)
  const order = async (b: number, c: number, status: "issued" | "closed" | "draft") =>
    (
      await db
        .selectFrom("purchase_order")
        .select("id")
        .where("beneficiary_id", "=", b)
        .where("contractor_id", "=", c)
        .where("status", "=", status)
        .orderBy("id")
        .executeTakeFirstOrThrow()
    ).id;
  const declaration = async (b: number, c: number) =>
    (
      await db
        .selectFrom("declaration as d")
        .innerJoin("purchase_order as po", "po.id", "d.order_id")
        .select("d.id")
        .where("po.beneficiary_id", "=", b)
        .where("po.contractor_id", "=", c)
        .where("d.status", "in", ["submitted", "validated"])
        .orderBy("d.id")
        .executeTakeFirstOrThrow()
    ).id;
  // a product of the beneficiary that the tenant's contractor serves and the other tenant's contractor does not
  const product = async (b: number, c: number, other: number) =>
    (
      await db
        .selectFrom("product as p")
        .select("p.id")
        .where("p.beneficiary_id", "=", b)
        .where(sql<boolean>`exists (select 1 from purchase_order po where po.product_id = p.id and po.contractor_id = ${c} and po.status <> 'draft')`)
        .where(sql<boolean>`not exists (select 1 from purchase_order po where po.product_id = p.id and po.contractor_id = ${other} and po.status <> 'draft')`)
        .orderBy("p.id")
        .executeTakeFirstOrThrow()
    ).id;
  const schedule = async (c: number) =>
    (await db.selectFrom("price_schedule").select("id").where("contractor_id", "=", c).orderBy("id").executeTakeFirstOrThrow()).id;
  // the demo's invoices: A's on Octopus's order for Ministères sociaux, B's on Les Faiseurs's for Économie
  const invoice = async (b: number, c: number) =>
    (
      await db
        .selectFrom("invoice as i")
        .innerJoin("purchase_order as po", "po.id", "i.order_id")
        .select("i.id")
        .where("po.beneficiary_id", "=", b)
        .where("i.contractor_id", "=", c)
        .orderBy("i.id")
        .executeTakeFirstOrThrow()
    ).id;
  const contract = async (ref: string) => (await db.selectFrom("contract").select("id").where("reference", "=", ref).executeTakeFirstOrThrow()).id;
  return {
    order: { A: await order(bA, cA, "issued"), B: await order(bB, cB, "closed"), draftA: await order(bA, cA, "draft").catch(() => undefined) },
    declaration: { A: await declaration(bA, cA), B: await declaration(bB, cB) },
    product: { A: await product(bA, cA, cB), B: await product(bB, cB, cA) },
    beneficiary: { A: bA, B: bB },
    priceSchedule: { A: await schedule(cA), B: await schedule(cB) },
    contract: { A: await contract("21_BAM_048"), B: await contract("25_BAM_112") },
    user: { A: u(IDENTITY_EMAILS.correspondentA).id, B: u(IDENTITY_EMAILS.correspondentB).id },
    invoice: {
      A: await invoice(bA, cA),
      B: await invoice(bB, cB),
      // R18: the demo's subcontractor's invoice on Octopus's order (its company is not the holder's)
      subA: (await db.selectFrom("invoice").select("id").where("number", "=", "CD-2026-001").executeTakeFirst())?.id,
    },
  };
}

export const accessMatrix: Record<string, RouteAccess> = {
  _index: { get: ["login", 200, 200, 200, 200, 200] },
  "a-propos": { get: [200, 200, 200, 200, 200, 200] },
  accessibilite: { get: [200, 200, 200, 200, 200, 200] },
  alertes: { get: ["login", 200, 200, 200, 200, 200] },
  "commandes._index": { get: ["login", 200, 200, 200, 200, 200] },
  // orders: a correspondent sees its beneficiary's, a contractor its own but never drafts (404, not 403: no leak).
  // An empty POST (no intent) answers 400 on one's own order and 404 on another tenant's; with a real
  // intent another tenant's order answers 403/404 too (tests/integration/security-fuzz.test.ts)
  "commandes.$id": {
    get: { A: ["login", 200, 200, 404, 200, 404], B: ["login", 200, 404, 200, 404, 200], draftA: ["login", 200, 200, 404, 404, 404] },
    post: { A: ["login", 403, 400, 404, 403, 403], B: ["login", 403, 404, 400, 403, 403], draftA: ["login", 403, 400, 404, 403, 403] },
  },
  // R18: an order's subcontractors, read like the order (never by another holder), accepted by its correspondents;
  // a draft has none (404)
  "commandes.$id_.sous-traitance": {
    get: { A: ["login", 200, 200, 404, 200, 404], B: ["login", 200, 404, 200, 404, 200], draftA: ["login", 404, 404, 404, 404, 404] },
    post: { A: ["login", 403, 400, 404, 403, 403], B: ["login", 403, 404, 400, 403, 403], draftA: ["login", 403, 404, 404, 403, 403] },
  },
  // edit/amend: only the issuing beneficiary's correspondents; 409 = B's order is closed (not amendable)
  "commandes.$id_.modifier": {
    get: { A: ["login", 403, 200, 404, 403, 403], B: ["login", 403, 404, 409, 403, 403], draftA: ["login", 403, 200, 404, 403, 403] },
    post: { A: ["login", 403, 400, 404, 403, 403], B: ["login", 403, 404, 409, 403, 403], draftA: ["login", 403, 400, 404, 403, 403] },
  },
  "commandes.$id.pdf": { get: { A: ["login", 200, 200, 404, 200, 404], B: ["login", 200, 404, 200, 404, 200], draftA: ["login", 404, 404, 404, 404, 404] } },
  "commandes.nouveau": { get: ["login", 403, 200, 200, 403, 403], post: ["login", 403, 400, 400, 403, 403] },
  connexion: { get: [200, "→/", "→/", "→/", "→/", "→/"], post: [400, "→/", "→/", "→/", "→/", "→/"] },
  // ProConnect is off on this server (no PROCONNECT_* variables): see tests/e2e/security-proconnect.spec.ts
  "connexion_.proconnect": { get: [404, 404, 404, 404, 404, 404] },
  "connexion_.proconnect_.retour": { get: [404, 404, 404, 404, 404, 404] },
  "declarations._index": { get: ["login", 200, 200, 200, 200, 200] },
  // its actions need declaration:write (contractor) or declaration:validate (correspondent): DINUM only reads
  "declarations.$id": {
    get: { A: ["login", 200, 200, 404, 200, 404], B: ["login", 200, 404, 200, 404, 200] },
    post: { A: ["login", 403, 400, 404, 400, 404], B: ["login", 403, 404, 400, 404, 400] },
  },
  // only drafts and rejected declarations are edited: the demo ones are submitted/validated, hence the redirect
  "declarations.$id_.modifier": {
    get: { A: ["login", 403, 403, 403, "→/declarations/*", 404], B: ["login", 403, 403, 403, 404, "→/declarations/*"] },
    post: { A: ["login", 403, 403, 403, "→/declarations/*", 404], B: ["login", 403, 403, 403, 404, "→/declarations/*"] },
  },
  "declarations.$id_.service-fait[.]pdf": { get: { A: ["login", 200, 200, 404, 200, 404], B: ["login", 200, 404, 200, 404, 200] } },
  "declarations.import": { get: ["login", 403, 403, 403, 200, 200], post: ["login", 403, 403, 403, 400, 400] },
  "declarations.modele": { get: ["login", 403, 403, 403, 200, 200] },
  "declarations.nouvelle": { get: ["login", 403, 403, 403, 404, 404], post: ["login", 403, 403, 403, 404, 404] },
  // invoices (R15): scoped like their order; the buyer's side moves them, the contractor records them (from its order's page)
  "factures._index": { get: ["login", 200, 200, 200, 200, 200] },
  // a subcontractor's invoice (R18) is read like its order's: never by another holder nor another beneficiary
  "factures.$id": {
    get: { A: ["login", 200, 200, 404, 200, 404], B: ["login", 200, 404, 200, 404, 200], subA: ["login", 200, 200, 404, 200, 404] },
    post: { A: ["login", 400, 400, 404, 400, 404], B: ["login", 400, 404, 400, 404, 400], subA: ["login", 400, 400, 404, 400, 404] },
  },
  // without ?commande= (the link on the order page) there is no order to invoice: 404
  "factures.nouvelle": { get: ["login", 403, 403, 403, 404, 404], post: ["login", 403, 403, 403, 400, 400] },
  // the Chorus Pro import: the buyer's side (an empty form is a 400: no file)
  "factures.import": { get: ["login", 200, 200, 200, 403, 403], post: ["login", 400, 400, 400, 403, 403] },
  // bulk service fait: correspondents only; an empty selection is a 400
  "declarations.validation": { get: ["login", 403, 200, 200, 403, 403], post: ["login", 403, 400, 400, 403, 403] },
  healthz: { get: [200, 200, 200, 200, 200, 200] },
  journal: { get: ["login", 200, 200, 200, 200, 200] },
  compte: { get: ["login", 200, 200, 200, 200, 200], post: ["login", 400, 400, 400, 400, 400] },
  courriels: { get: ["login", 200, 403, 403, 403, 403], post: ["login", 400, 403, 403, 403, 403] },
  "mot-de-passe-oublie": {
    get: [200, "→/compte", "→/compte", "→/compte", "→/compte", "→/compte"],
    post: [400, "→/compte", "→/compte", "→/compte", "→/compte", "→/compte"],
  },
  "mot-de-passe.nouveau": { get: [200, 200, 200, 200, 200, 200], post: [400, 400, 400, 400, 400, 400] },
  "produits._index": { get: ["login", 200, 200, 200, 403, 403] },
  "produits.$id": {
    get: { A: ["login", 200, 200, 404, 403, 403], B: ["login", 200, 404, 200, 403, 403] },
    post: { A: ["login", 400, 400, 400, 403, 403], B: ["login", 400, 400, 400, 403, 403] },
  },
  "produits.nouveau": { get: ["login", 200, 200, 200, 403, 403], post: ["login", 400, 400, 400, 403, 403] },
  "rapports._index": { get: ["login", 200, 200, 200, 200, 200] },
  "rapports.consolide[.]csv": { get: ["login", 200, 200, 200, 200, 200] },
  "rapports.consolide[.]xlsx": { get: ["login", 200, 200, 200, 200, 200] },
  "rapports.suivi[.]pdf": { get: ["login", 200, 200, 200, 200, 200] },
  "rapports.suivi[.]xlsx": { get: ["login", 200, 200, 200, 200, 200] },
  // reference data and users: DINUM only
  "referentiel._index": { get: ["login", 200, 403, 403, 403, 403] },
  "referentiel.attributions": { get: ["login", 200, 403, 403, 403, 403] },
  "referentiel.tourniquet": { get: ["login", 200, 403, 403, 403, 403] },
  "referentiel.beneficiaires._index": { get: ["login", 200, 403, 403, 403, 403], post: ["login", 400, 403, 403, 403, 403] },
  "referentiel.beneficiaires.$id": {
    get: { A: ["login", 200, 403, 403, 403, 403], B: ["login", 200, 403, 403, 403, 403] },
    post: { A: ["login", 400, 403, 403, 403, 403], B: ["login", 400, 403, 403, 403, 403] },
  },
  "referentiel.bordereaux._index": { get: ["login", 200, 403, 403, 403, 403] },
  "referentiel.bordereaux.$id": {
    get: { A: ["login", 200, 403, 403, 403, 403], B: ["login", 200, 403, 403, 403, 403] },
    post: { A: ["login", 400, 403, 403, 403, 403], B: ["login", 400, 403, 403, 403, 403] },
  },
  "referentiel.bordereaux.nouveau": { get: ["login", 200, 403, 403, 403, 403], post: ["login", 400, 403, 403, 403, 403] },
  "referentiel.registre": { get: ["login", 200, 403, 403, 403, 403], post: ["login", 400, 403, 403, 403, 403] },
  "referentiel.contrats._index": { get: ["login", 200, 403, 403, 403, 403], post: ["login", 400, 403, 403, 403, 403] },
  "referentiel.contrats.$id": {
    get: { A: ["login", 200, 403, 403, 403, 403], B: ["login", 200, 403, 403, 403, 403] },
    post: { A: ["login", 400, 403, 403, 403, 403], B: ["login", 400, 403, 403, 403, 403] },
  },
  "annee-budgetaire": { get: ["login", 200, 200, 200, 403, 403], post: ["login", 400, 400, 400, 403, 403] },
  "referentiel.contrats.$id_.plafonds": {
    get: { A: ["login", 200, 403, 403, 403, 403], B: ["login", 200, 403, 403, 403, 403] },
    post: { A: ["login", 400, 403, 403, 403, 403], B: ["login", 400, 403, 403, 403, 403] },
  },
  // R18: a contractor's own list of people (never another holder's)
  personnes: { get: ["login", 403, 403, 403, 200, 200], post: ["login", 403, 403, 403, 400, 400] },
  "referentiel.entreprises": { get: ["login", 200, 403, 403, 403, 403], post: ["login", 400, 403, 403, 403, 403] },
  "referentiel.taux-bce": { get: ["login", 200, 403, 403, 403, 403], post: ["login", 400, 403, 403, 403, 403] },
  "referentiel.titulaires": { get: ["login", 200, 403, 403, 403, 403], post: ["login", 400, 403, 403, 403, 403] },
  "referentiel.unites-oeuvre": { get: ["login", 200, 403, 403, 403, 403], post: ["login", 400, 403, 403, 403, 403] },
  stats: { get: [200, 200, 200, 200, 200, 200] },
  "suivi.commandes.$id": { get: { A: ["login", 200, 200, 404, 200, 404], B: ["login", 200, 404, 200, 404, 200], draftA: ["login", 404, 404, 404, 404, 404] } },
  "suivi.produits.$id": { get: { A: ["login", 200, 200, 404, 200, 404], B: ["login", 200, 404, 200, 404, 200] } },
  "utilisateurs._index": { get: ["login", 200, 403, 403, 403, 403] },
  "utilisateurs.$id": {
    get: { A: ["login", 200, 403, 403, 403, 403], B: ["login", 200, 403, 403, 403, 403] },
    post: { A: ["login", 400, 403, 403, 403, 403], B: ["login", 400, 403, 403, 403, 403] },
  },
  "utilisateurs.nouveau": { get: ["login", 200, 403, 403, 403, 403], post: ["login", 400, 403, 403, 403, 403] },
  // sign-out works for anyone (the test signs in again afterwards)
  deconnexion: { get: ["→/", "→/", "→/", "→/", "→/", "→/"], post: ["→/connexion", "→/connexion", "→/connexion", "→/connexion", "→/connexion", "→/connexion"] },
};
