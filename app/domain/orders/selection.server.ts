// Which orders a report or a screen's budget reads: in the user's scope (orderScope), with the statuses asked, matching
// the filters of the consolidated workbook (contract, beneficiary, contractor, period). Every report query starts
// from it (reports/consolidated, reports/follow-up), and so does R11's AE/CP (domain/budget).
import type { Executor } from "../../../db/client";
import type { SessionUser } from "../../auth/user";
import { orderScope } from "../../auth/scope.server";

/** The filters once resolved (a year turned into its period); every field null = the whole scope. */
export interface ResolvedFilters {
  contract: string | null;
  beneficiaryId: number | null;
  contractorId: number | null;
  year: number | null;
  from: string | null;
  to: string | null;
}

/** No filter: everything the user's scope holds. */
export const NO_FILTERS: ResolvedFilters = { contract: null, beneficiaryId: null, contractorId: null, year: null, from: null, to: null };

/** Orders in scope, issued or closed, matching the filters (period = overlap). */
export function selectedOrders(
  db: Executor,
  user: SessionUser,
  f: ResolvedFilters,
  options: { statuses?: ("issued" | "closed" | "cancelled")[]; period?: boolean } = {},
) {
  let q = db
    .selectFrom("purchase_order as po")
    .where(orderScope(user))
    .where("po.status", "in", options.statuses ?? ["issued", "closed"]);
  if (f.contract) q = q.where("po.contract_id", "in", db.selectFrom("contract").select("id").where("reference", "=", f.contract));
  if (f.beneficiaryId) q = q.where("po.beneficiary_id", "=", f.beneficiaryId);
  if (f.contractorId) q = q.where("po.contractor_id", "=", f.contractorId);
  if (options.period !== false) {
    if (f.from) q = q.where("po.period_end", ">=", f.from);
    if (f.to) q = q.where("po.period_start", "<=", f.to);
  }
  return q;
}
