import type { OrderStatus } from "../../db/schema";
import { orderStatusLabels, orderStatusSeverity } from "../domain/orders/labels";
import { ENDED_WITH_REMAINING_LABEL } from "../domain/orders/ending";

/** The order's status; `endedWithRemaining` (R14, app/domain/orders/ending.ts) adds "Échu avec reste" beside it. */
export function OrderStatusBadge({ status, endedWithRemaining = false }: { status: OrderStatus; endedWithRemaining?: boolean }) {
  const badge = <p className={`fr-badge fr-badge--sm fr-badge--${orderStatusSeverity[status]} fr-badge--no-icon`}>{orderStatusLabels[status]}</p>;
  if (!endedWithRemaining) return badge;
  return (
    <>
      {badge} <EndedWithRemainingBadge />
    </>
  );
}

/** R14 "échu avec reste": the same badge on every list, page and dashboard. */
export function EndedWithRemainingBadge() {
  return (
    <p className="fr-badge fr-badge--sm fr-badge--warning" data-testid="ended-with-remaining">
      {ENDED_WITH_REMAINING_LABEL}
    </p>
  );
}
