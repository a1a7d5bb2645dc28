import type { DeclarationStatus } from "../../db/schema";
import { declarationStatusLabels } from "../domain/declarations/labels";

const severity: Record<DeclarationStatus, string> = {
  draft: "fr-badge--new",
  submitted: "fr-badge--info",
  validated: "fr-badge--success",
  rejected: "fr-badge--error",
};

export function DeclarationStatusBadge({ status, small }: { status: DeclarationStatus; small?: boolean }) {
  return (
    <span className={`fr-badge ${severity[status]}${small ? " fr-badge--sm" : ""}`} data-testid="declaration-status">
      {declarationStatusLabels[status]}
    </span>
  );
}
