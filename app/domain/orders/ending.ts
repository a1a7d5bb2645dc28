// R14 End of an order, pure. An issued order whose period has ended (end date before today, in Paris) is
// "échu"; while it has days left (ordered − consumed > 0) it is "échu avec reste": every list, page,
// dashboard and export says so, its correspondents and DINUM get an alert, and it has no exhaustion
// forecast. It stays so until it is closed ("soldé"). The SQL twin, for filters and exports, is
// `endedWithRemainingSql` (ending.server.ts); a database test checks that both agree.
import type { OrderStatus } from "../../../db/schema";
import { dec, type DecimalInput } from "../../lib/decimal";
import { orderStatusLabels } from "./labels";

export const ENDED_WITH_REMAINING_LABEL = "Échu avec reste";

/** The status label of lists and exports: "Émis, échu avec reste" instead of "Émis" when it applies. */
export const ENDED_WITH_REMAINING_STATUS_LABEL = `${orderStatusLabels.issued}, ${ENDED_WITH_REMAINING_LABEL.toLowerCase()}`;

/** Issued, and its period ended before `today` ('YYYY-MM-DD', the day in Europe/Paris). */
export function isEnded(order: { status: OrderStatus; periodEnd: string }, today: string): boolean {
  return order.status === "issued" && order.periodEnd < today;
}

/** Échu with days left: the state R14 shows everywhere until the order is closed. */
export function isEndedWithRemaining(order: { status: OrderStatus; periodEnd: string; remainingDays: DecimalInput }, today: string): boolean {
  return isEnded(order, today) && dec(order.remainingDays).greaterThan(0);
}

export function orderStateLabel(status: OrderStatus, endedWithRemaining: boolean): string {
  return endedWithRemaining ? ENDED_WITH_REMAINING_STATUS_LABEL : orderStatusLabels[status];
}
