// French labels of a declaration's status and kind: the one map for the screens, the journal and the reports.
import type { DeclarationStatus } from "../../../db/schema";

export const declarationStatusLabels: Record<DeclarationStatus, string> = {
  draft: "Brouillon",
  submitted: "Soumise",
  validated: "Validée (service fait)",
  rejected: "Rejetée",
};

export const declarationKindLabels: Record<string, string> = { initial: "Initiale", correction: "Correction" };
