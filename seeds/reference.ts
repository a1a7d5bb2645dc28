// Reference data: the UO catalogue, the contracts, contractors and their prices, beneficiaries,
// products and the demo accounts. All fictional except the catalogue and the contract's reference.
// Idempotent: every row is found by its natural key before being inserted.
import type { Insertable } from "kysely";
import type { Executor } from "../db/client";
import type { DB, ProductKind, ProductPhase, Role, WorkUnitCode } from "../db/schema";

import { DEMO_PASSWORD, DINUM_APPROVER, demoAccounts, otherDemoAccounts } from "./accounts";
import { buildPriceSchedule } from "./factories";

export { DEMO_PASSWORD, demoAccounts };

export const workUnitCatalogue: { code: WorkUnitCode; label: string; description: string }[] = [
  { code: "DEVOPS_JUNIOR", label: "UO Devops-Junior", description: "Développeur·se ou ops de moins de 3 ans d'expérience (§2.1)." },
  { code: "DEVOPS_CONFIRME", label: "UO Devops-Confirmé", description: "Développeur·se ou ops de 3 à 8 ans d'expérience (§2.1)." },
  { code: "DEVOPS_SENIOR", label: "UO Devops-Senior", description: "Développeur·se ou ops de 8 ans d'expérience ou plus, responsable technique (§2.1)." },
  { code: "DESIGN_JUNIOR", label: "UO Design-Junior", description: "Designer de moins de 3 ans d'expérience (§2.2)." },
  { code: "DESIGN_CONFIRME", label: "UO Design-Confirmé", description: "Designer de plus de 3 ans d'expérience (§2.2)." },
  { code: "BIZDEV", label: "UO Bizdev-CustomerSuccess", description: "Déploiement et accompagnement des utilisateurs (§2.3)." },
  { code: "PM_JUNIOR", label: "UO Product-Management-Junior", description: "Chargé·e de produit de plus de 6 mois d'expérience (§2.4)." },
  { code: "PM", label: "UO Product-Management", description: "Chargé·e de produit de plus de 3 ans d'expérience (§2.4)." },
  { code: "REVERSIBILITE", label: "UO Réversibilité", description: "Transfert d'un produit en fin de marché, une UO par produit, un mois au plus (§2.5)." },
];

export const contracts = [
  {
    reference: "21_BAM_048",
    title: "Réalisation de services publics numériques en mode produit coordonnés par le programme interministériel Beta.gouv",
    notified_on: "2022-01-20",
    start_date: "2022-02-01",
    end_date: "2026-01-31",
    lots: [{ number: 1, title: "Lot unique" }],
    renewals: [
      { renewal_no: 1, start_date: "2023-02-01", end_date: "2024-01-31", decided_on: "2022-12-15" },
      { renewal_no: 2, start_date: "2024-02-01", end_date: "2025-01-31", decided_on: "2023-12-14" },
      { renewal_no: 3, start_date: "2025-02-01", end_date: "2026-01-31", decided_on: "2024-12-12" },
    ],
  },
  {
    reference: "25_BAM_112",
    title: "Services publics numériques en mode produit – accord-cadre successeur (fictif)",
    notified_on: "2026-01-15",
    start_date: "2026-02-01",
    end_date: "2030-01-31",
    lots: [
      { number: 1, title: "Équipes produit : développement, design et product management" },
      { number: 2, title: "Déploiement, accompagnement des usagers et réversibilité" },
    ],
    renewals: [],
  },
] as const;

export const contractors = [
  { name: "Octopus Numérique SAS", siret: "91234567500017", address: "12 rue des Pixels, 75011 Paris", email: "contact@octopus-numerique.example" },
  { name: "Coopérative Les Faiseurs", siret: "88765432500026", address: "4 quai des Communs, 69002 Lyon", email: "bonjour@lesfaiseurs.example" },
  { name: "Atelier Numérique Public", siret: "90011122000035", address: "27 avenue de l'Usager, 33000 Bordeaux", email: "equipe@atelier-public.example" },
] as const;

/** [contract reference, lot number, contractor name, since] */
export const lotHolders: [string, number, string, string][] = [
  ["21_BAM_048", 1, "Octopus Numérique SAS", "2022-02-01"],
  ["21_BAM_048", 1, "Coopérative Les Faiseurs", "2022-02-01"],
  ["25_BAM_112", 1, "Octopus Numérique SAS", "2026-02-01"],
  ["25_BAM_112", 1, "Atelier Numérique Public", "2026-02-01"],
  ["25_BAM_112", 2, "Coopérative Les Faiseurs", "2026-02-01"],
];

type Prices = Record<WorkUnitCode, string>;
/** A price list: the unit prices in the order of the catalogue (workUnitCatalogue). */
const priceList = (...prices: string[]): Prices => Object.fromEntries(workUnitCatalogue.map((w, i) => [w.code, prices[i]])) as Prices;
const octopusV1 = priceList("9450.00", "12345.67", "15480.00", "8980.00", "11990.50", "10120.00", "9760.00", "13333.33", "14200.00");
// +3 % from 1 July 2025
const octopusV2 = priceList("9733.50", "12716.04", "15944.40", "9249.40", "12349.99", "10423.60", "10052.80", "13733.33", "14626.00");
const faiseurs = priceList("9100.00", "12010.00", "15010.00", "8800.00", "11700.00", "9990.99", "9500.00", "12999.99", "13800.00");
const atelier = priceList("9620.00", "12480.00", "15860.00", "9040.00", "12130.00", "10240.00", "9880.00", "13570.00", "14310.00");

/** every version is approved (DINUM prepares it, the second DINUM account approves it: seeds/factories.ts) */
export const priceSchedules: {
  contractor: string;
  contract: string;
  version: number;
  valid_from: string;
  valid_to: string | null;
  prices: Prices;
  note: string;
}[] = (
  [
    ["Octopus Numérique SAS", "21_BAM_048", 1, "2022-02-01", "2025-06-30", octopusV1, "Bordereau initial"],
    ["Octopus Numérique SAS", "21_BAM_048", 2, "2025-07-01", null, octopusV2, "Révision de prix au 1er juillet 2025 (+3 %)"],
    ["Coopérative Les Faiseurs", "21_BAM_048", 1, "2022-02-01", null, faiseurs, "Bordereau initial"],
    ["Octopus Numérique SAS", "25_BAM_112", 1, "2026-02-01", null, octopusV2, "Bordereau initial"],
    ["Atelier Numérique Public", "25_BAM_112", 1, "2026-02-01", null, atelier, "Bordereau initial"],
    ["Coopérative Les Faiseurs", "25_BAM_112", 1, "2026-02-01", null, faiseurs, "Bordereau initial"],
  ] as const
).map(([contractor, contract, version, valid_from, valid_to, prices, note]) => ({ contractor, contract, version, valid_from, valid_to, prices, note }));

export const beneficiaries = [
  { name: "DINUM", acronym: "DINUM", is_dinum: true },
  { name: "Ministères sociaux – Fabrique numérique", acronym: "MAS", is_dinum: false },
  { name: "Ministère de l'Économie et des Finances", acronym: "MEF", is_dinum: false },
  { name: "Ministère du Travail et de l'Emploi", acronym: "MTE", is_dinum: false },
  { name: "Ministère de la Transition écologique", acronym: "MTECT", is_dinum: false },
  { name: "Agence nationale de la cohésion des territoires", acronym: "ANCT", is_dinum: false },
  { name: "Ministère de la Culture", acronym: "MC", is_dinum: false },
] as const;

type Risk = { title: string; level: "faible" | "moyen" | "eleve" | "critique"; status: "ouvert" | "maitrise" | "clos"; identified_on: string };
/** [beneficiary, its products: [name, description, stats_url, kind (default: a Startup d'État)]] */
const productsByBeneficiary: [string, [string, string, string | null, ProductKind?][]][] = [
  [
    "DINUM",
    [
      ["FranceConnect", "Fédération d'identité des usagers.", "https://franceconnect.gouv.fr/statistiques", "dinum_product"],
      ["api.gouv.fr", "Catalogue des API du service public.", "https://api.gouv.fr/stats", "dinum_product"],
      ["demarches-simplifiees.fr", "Dématérialisation des démarches administratives.", "https://www.demarches-simplifiees.fr/stats", "dinum_product"],
      ["Produits @ beta.gouv.fr", "Accompagnement des produits aux standards beta.gouv.fr.", null],
    ],
  ],
  [
    "Ministères sociaux – Fabrique numérique",
    [
      ["Cause médicale de décès", "Exploration des données des certificats de décès pour les ARS.", "https://cause-medicale-deces.example/stats"],
      ["Nata", "Suivi de grossesse des femmes en situation d'extrême précarité.", "https://nata.example/stats"],
      ["Enfants du spectacle", "Démarches et protection des enfants dans le travail des mineurs artistes.", "https://enfants-du-spectacle.example/stats"],
      ["La ressourcerie", "Partage des communs numériques de la sphère travail.", null],
      ["TuMePlay", "Apprentissage ludique en santé sexuelle pour les jeunes.", "https://tumeplay.example/stats"],
      ["Mano", "Outil des équipes mobiles auprès des personnes à la rue.", "https://mano.example/stats"],
    ],
  ],
  [
    "Ministère de l'Économie et des Finances",
    [
      ["Mon Entreprise", "L'assistant officiel des entrepreneurs.", "https://mon-entreprise.urssaf.fr/stats"],
      ["SignalConso", "Signalement des problèmes de consommation.", "https://signal.conso.gouv.fr/stats"],
    ],
  ],
  ["Ministère du Travail et de l'Emploi", [["La Bonne Boîte", "Les entreprises qui recrutent sans publier d'offre.", "https://labonneboite.example/stats"]]],
  ["Ministère de la Transition écologique", [["Trackdéchets", "Traçabilité des déchets dangereux.", "https://trackdechets.example/stats"]]],
  [
    "Agence nationale de la cohésion des territoires",
    [["Aidants Connect", "Sécuriser l'aide aux démarches en ligne.", "https://aidantsconnect.example/stats"]],
  ],
  ["Ministère de la Culture", [["Collectif Objets", "Recensement des objets mobiliers protégés.", null]]],
];
/** [product, phase, started_on, decision] */
const productPhases: [string, ProductPhase, string, string][] = [
  ["FranceConnect", "consolidation", "2021-06-01", "Produit opéré par la DINUM"],
  ["api.gouv.fr", "consolidation", "2020-01-01", "Produit opéré par la DINUM"],
  ["demarches-simplifiees.fr", "consolidation", "2019-01-01", "Produit opéré par la DINUM"],
  ["Produits @ beta.gouv.fr", "investigation", "2022-01-01", "Lancement interne"],
  ["Produits @ beta.gouv.fr", "construction", "2025-09-15", "Comité d'investissement du 15/09/2025"],
  ["Cause médicale de décès", "construction", "2024-03-01", "Comité d'investissement"],
  ["Cause médicale de décès", "acceleration", "2025-10-01", "Comité d'investissement du 01/10/2025"],
  ["Nata", "investigation", "2025-11-01", "Comité d'investissement"],
  ["Nata", "construction", "2026-03-01", "Comité d'investissement du 01/03/2026"],
  ["Enfants du spectacle", "acceleration", "2024-06-01", "Comité d'investissement"],
  ["La ressourcerie", "construction", "2025-01-15", "Comité d'investissement"],
  ["TuMePlay", "acceleration", "2023-09-01", "Comité d'investissement"],
  ["TuMePlay", "transfert", "2026-06-01", "Décision de transfert à Santé publique France"],
  ["Mano", "acceleration", "2025-05-01", "Comité d'investissement"],
  ["Mon Entreprise", "acceleration", "2022-01-01", "Comité d'investissement"],
  ["SignalConso", "acceleration", "2024-01-01", "Comité d'investissement"],
  ["La Bonne Boîte", "acceleration", "2023-01-01", "Comité d'investissement"],
  ["Trackdéchets", "acceleration", "2022-06-01", "Comité d'investissement"],
  ["Aidants Connect", "acceleration", "2023-05-01", "Comité d'investissement"],
  ["Collectif Objets", "construction", "2025-04-01", "Comité d'investissement"],
];
/** [product, title, level, status, identified_on] */
const productRisks: [string, Risk["title"], Risk["level"], Risk["status"], Risk["identified_on"]][] = [
  ["FranceConnect", "Dépendance à un fournisseur d'identité majeur", "eleve", "ouvert", "2026-03-02"],
  ["demarches-simplifiees.fr", "Montée en charge lors des campagnes nationales", "moyen", "maitrise", "2026-01-12"],
  ["Cause médicale de décès", "Qualité des données sources hétérogène", "moyen", "ouvert", "2026-02-10"],
  ["Nata", "Recrutement des professionnels de santé partenaires", "eleve", "ouvert", "2026-04-20"],
  ["TuMePlay", "Transfert de compétences à l'opérateur", "moyen", "ouvert", "2026-06-05"],
  ["Mon Entreprise", "Évolutions réglementaires annuelles (LFSS)", "moyen", "maitrise", "2025-12-01"],
];

export const products: {
  beneficiary: string;
  name: string;
  kind: ProductKind;
  description: string;
  stats_url: string | null;
  phases: [ProductPhase, string, string][];
  risks?: Risk[];
}[] = productsByBeneficiary.flatMap(([beneficiary, rows]) =>
  rows.map(([name, description, stats_url, kind = "startup_etat"]) => {
    const risks = productRisks.filter((r) => r[0] === name).map(([, title, level, status, identified_on]) => ({ title, level, status, identified_on }));
    const phases = productPhases
      .filter((p) => p[0] === name)
      .map(([, phase, started_on, decision]): [ProductPhase, string, string] => [phase, started_on, decision]);
    return { beneficiary, name, kind, description, stats_url, phases, ...(risks.length ? { risks } : {}) };
  }),
);

export const users: { email: string; name: string; role: Role; beneficiary?: string; contractor?: string; demo?: string }[] = [
  { email: demoAccounts.dinum, name: "Camille Centrale", role: "dinum", demo: "DINUM" },
  { email: DINUM_APPROVER, name: "Ange Validation", role: "dinum", demo: "DINUM (approuve les bordereaux préparés par l'autre compte)" },
  {
    email: demoAccounts.correspondentA,
    name: "Sacha Solidaire",
    role: "correspondent",
    beneficiary: "Ministères sociaux – Fabrique numérique",
    demo: "Correspondant·e (Ministères sociaux)",
  },
  {
    email: demoAccounts.correspondentB,
    name: "Dominique Bercy",
    role: "correspondent",
    beneficiary: "Ministère de l'Économie et des Finances",
    demo: "Correspondant·e (Économie)",
  },
  { email: otherDemoAccounts.correspondentDinum, name: "Alix Produit", role: "correspondent", beneficiary: "DINUM" },
  { email: otherDemoAccounts.correspondentTravail, name: "Lou Emploi", role: "correspondent", beneficiary: "Ministère du Travail et de l'Emploi" },
  { email: otherDemoAccounts.correspondentEcologie, name: "Noa Déchets", role: "correspondent", beneficiary: "Ministère de la Transition écologique" },
  {
    email: otherDemoAccounts.correspondentAnct,
    name: "Eden Territoires",
    role: "correspondent",
    beneficiary: "Agence nationale de la cohésion des territoires",
  },
  { email: otherDemoAccounts.correspondentCulture, name: "Maé Patrimoine", role: "correspondent", beneficiary: "Ministère de la Culture" },
  { email: demoAccounts.contractorA, name: "Robin Octopus", role: "contractor", contractor: "Octopus Numérique SAS", demo: "Titulaire (Octopus Numérique)" },
  { email: demoAccounts.contractorB, name: "Charlie Faiseur", role: "contractor", contractor: "Coopérative Les Faiseurs", demo: "Titulaire (Les Faiseurs)" },
  { email: otherDemoAccounts.contractorAtelier, name: "Jo Atelier", role: "contractor", contractor: "Atelier Numérique Public" },
];

export interface RefIds {
  contract: Record<string, number>;
  lot: Record<string, number>; // "REF#n"
  contractor: Record<string, number>;
  beneficiary: Record<string, number>;
  product: Record<string, number>;
  user: Record<string, number>;
}

/** A contractor or a beneficiary (unique by name) inserted unless one of that name exists: its id. */
async function idByName<T extends "contractor" | "beneficiary">(db: Executor, table: T, values: Insertable<DB[T]> & { name: string }): Promise<number> {
  await db
    .insertInto(table as "contractor")
    .values(values as Insertable<DB["contractor"]>)
    .onConflict((oc) => oc.column("name").doNothing())
    .execute();
  const row = await db
    .selectFrom(table as "contractor")
    .select("id")
    .where("name", "=", values.name)
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function seedReference(db: Executor, hash: (password: string) => Promise<string>): Promise<RefIds> {
  const ids: RefIds = { contract: {}, lot: {}, contractor: {}, beneficiary: {}, product: {}, user: {} };

  for (const [i, w] of workUnitCatalogue.entries()) {
    await db
      .insertInto("work_unit_type")
      .values({ ...w, sort_order: i + 1 })
      .onConflict((oc) => oc.column("code").doNothing())
      .execute();
  }

  for (const c of contracts) {
    const { lots, renewals, ...row } = c;
    await db
      .insertInto("contract")
      .values(row)
      .onConflict((oc) => oc.column("reference").doNothing())
      .execute();
    const { id } = await db.selectFrom("contract").select("id").where("reference", "=", c.reference).executeTakeFirstOrThrow();
    ids.contract[c.reference] = id;
    for (const lot of lots) {
      await db
        .insertInto("lot")
        .values({ contract_id: id, ...lot })
        .onConflict((oc) => oc.columns(["contract_id", "number"]).doNothing())
        .execute();
      const l = await db.selectFrom("lot").select("id").where("contract_id", "=", id).where("number", "=", lot.number).executeTakeFirstOrThrow();
      ids.lot[`${c.reference}#${lot.number}`] = l.id;
    }
    for (const r of renewals) {
      await db
        .insertInto("contract_renewal")
        .values({ contract_id: id, ...r })
        .onConflict((oc) => oc.columns(["contract_id", "renewal_no"]).doNothing())
        .execute();
    }
  }

  for (const c of contractors) ids.contractor[c.name] = await idByName(db, "contractor", c);
  for (const [ref, lotNo, name, since] of lotHolders) {
    await db
      .insertInto("lot_holder")
      .values({ lot_id: ids.lot[`${ref}#${lotNo}`], contractor_id: ids.contractor[name], since })
      .onConflict((oc) => oc.columns(["lot_id", "contractor_id"]).doNothing())
      .execute();
  }

  for (const b of beneficiaries) ids.beneficiary[b.name] = await idByName(db, "beneficiary", b);

  for (const u of users) {
    const existing = await db.selectFrom("app_user").select("id").where("email", "=", u.email).executeTakeFirst();
    if (existing) {
      ids.user[u.email] = existing.id;
      continue;
    }
    const inserted = await db
      .insertInto("app_user")
      .values({
        email: u.email,
        name: u.name,
        role: u.role,
        beneficiary_id: u.beneficiary ? ids.beneficiary[u.beneficiary] : null,
        contractor_id: u.contractor ? ids.contractor[u.contractor] : null,
        password_hash: await hash(DEMO_PASSWORD),
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    ids.user[u.email] = inserted.id;
  }
  const dinumUser = ids.user[demoAccounts.dinum];

  // through the real use cases (seeds/factories.ts): DINUM creates each version, then approves it
  for (const s of priceSchedules) {
    const contractId = ids.contract[s.contract];
    const contractorId = ids.contractor[s.contractor];
    const existing = await db
      .selectFrom("price_schedule")
      .select("id")
      .where("contract_id", "=", contractId)
      .where("contractor_id", "=", contractorId)
      .where("version", "=", s.version)
      .executeTakeFirst();
    if (existing) continue;
    await buildPriceSchedule(db, {
      contract: contractId,
      contractor: contractorId,
      validFrom: s.valid_from,
      validTo: s.valid_to,
      prices: s.prices,
      note: s.note,
      at: `${s.valid_from}T09:00:00Z`,
    });
  }

  for (const p of products) {
    const beneficiaryId = ids.beneficiary[p.beneficiary];
    let row = await db.selectFrom("product").select("id").where("beneficiary_id", "=", beneficiaryId).where("name", "=", p.name).executeTakeFirst();
    if (!row) {
      // R19: the Startups d'État of the other beneficiaries come from the beta.gouv.fr registry (id: the record's file name)
      const registry =
        p.kind === "startup_etat" && p.beneficiary !== "DINUM"
          ? {
              source: "registry" as const,
              registry_id: p.name
                .normalize("NFD")
                .replace(/[\u0300-\u036f]/g, "")
                .toLowerCase()
                .replace(/[^a-z0-9]+/g, "-")
                .replace(/^-|-$/g, ""),
            }
          : {};
      row = await db
        .insertInto("product")
        .values({ beneficiary_id: beneficiaryId, name: p.name, kind: p.kind, description: p.description, stats_url: p.stats_url, ...registry })
        .returning("id")
        .executeTakeFirstOrThrow();
      for (const [phase, started_on, decision] of p.phases) {
        await db.insertInto("product_phase").values({ product_id: row.id, phase, started_on, decision, recorded_by: dinumUser }).execute();
      }
      for (const r of p.risks ?? [])
        await db
          .insertInto("product_risk")
          .values({ product_id: row.id, ...r })
          .execute();
    }
    ids.product[p.name] = row.id;
  }
  return ids;
}
