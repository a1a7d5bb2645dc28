// French labels used by the reports (the screens have their own in app/domain/*/labels.ts).
import type { DeclarationStatus, ProductPhase } from "../db/schema";
export { orderStatusLabels } from "../app/domain/orders/labels";

export const phaseLabels: Record<ProductPhase, string> = {
  investigation: "Investigation",
  construction: "Construction",
  acceleration: "Accélération",
  transfert: "Transfert",
  consolidation: "Consolidation",
  arret: "Arrêt",
};

export const declarationStatusLabels: Record<DeclarationStatus, string> = {
  draft: "Brouillon",
  submitted: "Soumise",
  validated: "Validée (service fait)",
  rejected: "Rejetée",
};

export const declarationKindLabels: Record<string, string> = { initial: "Initiale", correction: "Correction" };

export const productKindLabels: Record<string, string> = { startup_etat: "Startup d'État", dinum_product: "Produit DINUM" };

export const riskLevelLabels: Record<string, string> = { faible: "faible", moyen: "moyen", eleve: "élevé", critique: "critique" };
export const riskStatusLabels: Record<string, string> = { ouvert: "ouvert", maitrise: "maîtrisé", clos: "clos" };
