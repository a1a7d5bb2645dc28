// R17: what a correspondent reads before issuing a draft (or writing a new one): the budget year closed for
// orders, its AE envelope exceeded. Warnings only: nothing here blocks an order (the ceilings do, at issue).
import type { Executor } from "../../../db/client";
import type { SessionUser } from "../../auth/user";
import { envelopeWarning } from "../envelopes/services.server";
import { envelopeStatuses } from "../dashboard/dashboard.server";
import { can } from "../../auth/grants";
import { orderClosingWarning } from "./services.server";

export async function issueWarnings(db: Executor, user: SessionUser, today: string, orderTtc: string | null): Promise<string[]> {
  const [closing, envelope] = await Promise.all([
    orderClosingWarning(db, today),
    orderTtc === null || !can(user, "envelope:write")
      ? Promise.resolve(null)
      : envelopeStatuses(db, user, Number(today.slice(0, 4))).then(([mine]) => envelopeWarning(mine, orderTtc)),
  ]);
  return [closing, envelope].filter((w): w is string => w !== null);
}
