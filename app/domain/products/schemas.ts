import { z } from "zod";
import { id, isoDate, optionalText, text } from "../../lib/form-fields";

export const productKinds = { startup_etat: "Startup d'État", dinum_product: "Produit DINUM" } as const;
export const productPhases = {
  investigation: "Investigation",
  construction: "Construction",
  acceleration: "Accélération",
  transfert: "Transfert",
  consolidation: "Consolidation",
  arret: "Arrêt",
} as const;
export const riskLevels = { faible: "Faible", moyen: "Moyen", eleve: "Élevé", critique: "Critique" } as const;
export const riskStatuses = { ouvert: "Ouvert", maitrise: "Maîtrisé", clos: "Clos" } as const;

const statsUrl = z
  .string()
  .trim()
  .max(500, "500 caractères au plus.")
  .refine((v) => v === "" || /^https?:\/\/[^\s]+$/.test(v), "Saisissez une adresse commençant par https:// (la page /stats du produit).")
  .transform((v) => (v === "" ? null : v));

export const productSchema = z.object({
  beneficiaryId: id("le bénéficiaire"),
  name: text("le nom du produit", 200),
  kind: z.enum(["startup_etat", "dinum_product"], { error: "Choisissez le type de produit." }),
  description: optionalText(2000),
  statsUrl: statsUrl.optional().transform((v) => v ?? null), // zod 4: a default skips the transform
});
export type ProductInput = z.infer<typeof productSchema>;

export const phaseSchema = z.object({
  phase: z.enum(["investigation", "construction", "acceleration", "transfert", "consolidation", "arret"], { error: "Choisissez la phase." }),
  startedOn: isoDate("la date de la décision"),
  decision: text("la décision (par exemple : comité d'investissement du …)", 500),
});
export type PhaseInput = z.infer<typeof phaseSchema>;

export const riskSchema = z.object({
  title: text("l'intitulé du risque", 300),
  level: z.enum(["faible", "moyen", "eleve", "critique"], { error: "Choisissez le niveau." }),
  status: z.enum(["ouvert", "maitrise", "clos"], { error: "Choisissez le statut." }),
  identifiedOn: isoDate("la date d'identification"),
  description: optionalText(2000),
});
export type RiskInput = z.infer<typeof riskSchema>;
