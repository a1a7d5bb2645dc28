// The demo accounts (README, "Demo accounts"), listed once: the seeds create them (seeds/reference.ts),
// the tests and the e2e specs sign in with them. Imports nothing, so Playwright can load it as is.
export const DEMO_PASSWORD = "pilotage-demo-2026";

/** The five accounts of the README, by the part they play in the tests (A and B: two tenants). */
export const demoAccounts = {
  dinum: "dinum@demo.pilotage-uo.fr",
  correspondentA: "correspondant.sociaux@demo.pilotage-uo.fr",
  correspondentB: "correspondant.economie@demo.pilotage-uo.fr",
  contractorA: "titulaire.octopus@demo.pilotage-uo.fr",
  contractorB: "titulaire.faiseurs@demo.pilotage-uo.fr",
} as const;

/** The other seeded accounts (README, "Other seeded accounts"): one correspondent per other beneficiary, a third contractor. */
export const otherDemoAccounts = {
  correspondentDinum: "correspondant.dinum@demo.pilotage-uo.fr",
  correspondentTravail: "correspondant.travail@demo.pilotage-uo.fr",
  correspondentEcologie: "correspondant.ecologie@demo.pilotage-uo.fr",
  correspondentAnct: "correspondant.anct@demo.pilotage-uo.fr",
  correspondentCulture: "correspondant.culture@demo.pilotage-uo.fr",
  contractorAtelier: "titulaire.atelier@demo.pilotage-uo.fr",
} as const;
/** A second DINUM account: a price schedule version is approved by another DINUM user than its preparer (R4). */
export const DINUM_APPROVER = "dinum.validation@demo.pilotage-uo.fr";
