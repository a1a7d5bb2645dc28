// R18 labels, shared by the pages (no server code: route components import them).
import type { HolderRole } from "../../../db/schema";

export type CompanyKind = HolderRole | "subcontractor";
export const companyKindLabels: Record<CompanyKind, string> = { lead: "mandataire", co_contractor: "cotraitant", subcontractor: "sous-traitant" };
export const holderRoleLabels: Record<HolderRole, string> = { lead: companyKindLabels.lead, co_contractor: companyKindLabels.co_contractor };
