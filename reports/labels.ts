// French labels used by the reports: the screens' maps (app/domain/*/labels.ts, products/schemas.ts), re-exported.
import type { ProductPhase } from "../db/schema";
import { productKinds, productPhases, riskLevels, riskStatuses } from "../app/domain/products/schemas";
export { orderStatusLabels } from "../app/domain/orders/labels";

export const phaseLabels: Record<ProductPhase, string> = productPhases;

export { declarationKindLabels, declarationStatusLabels } from "../app/domain/declarations/labels";

export const productKindLabels: Record<string, string> = productKinds;

// the screens' risk labels (products/schemas.ts), in lower case inside a sentence: "Titre (élevé, ouvert)"
const lower = (labels: Record<string, string>) => Object.fromEntries(Object.entries(labels).map(([k, v]) => [k, v.toLowerCase()]));
export const riskLevelLabels: Record<string, string> = lower(riskLevels);
export const riskStatusLabels: Record<string, string> = lower(riskStatuses);
