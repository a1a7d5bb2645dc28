import type { OrderStatus } from "../../db/schema";
import { orderStatusLabels, orderStatusSeverity } from "../domain/orders/labels";

export function OrderStatusBadge({ status }: { status: OrderStatus }) {
  return <p className={`fr-badge fr-badge--sm fr-badge--${orderStatusSeverity[status]} fr-badge--no-icon`}>{orderStatusLabels[status]}</p>;
}
