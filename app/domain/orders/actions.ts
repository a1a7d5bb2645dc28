// What an order's page offers a user, in one place (like the declarations' allowedActions). The
// services check again: this only decides which buttons, links and forms are shown.
import type { OrderStatus, Role } from "../../../db/schema";
import { can } from "../../auth/grants";

export interface OrderActions {
  /** the user is one of the order's buyers (a correspondent of its beneficiary) */
  buyer: boolean;
  /** edit the draft (its form) */
  edit: boolean;
  issue: boolean;
  delete: boolean;
  /** a new revision of an issued order (R6) */
  amend: boolean;
  close: boolean;
  cancel: boolean;
  /** EJ number and budget imputation, once issued (a draft gives them at issue) */
  commitment: boolean;
  /** the purchase order's PDF, once issued */
  pdf: boolean;
  /** the order's "Factures" section (R15), once issued */
  invoices: boolean;
  /** the contractor records an invoice on it: issued or closed (R15) */
  recordInvoice: boolean;
  /** the buyer accepts a subcontractor on it (DC4, R18): issued only */
  acceptSubcontractor: boolean;
  /** the holder approves or refuses its subcontractors' invoices on it (R18, R2193-12), once issued */
  approveSubcontractorInvoices: boolean;
}

export function allowedOrderActions(
  user: { role: Role; beneficiaryId: number | null; contractorId?: number | null },
  order: { status: OrderStatus; beneficiary_id: number; contractor_id?: number },
): OrderActions {
  const buyer = can(user, "order:write") && user.beneficiaryId != null && user.beneficiaryId === order.beneficiary_id;
  // a draft's actions go together (its page shows them as one block), and so do an issued order's
  const draft = buyer && order.status === "draft";
  const issued = buyer && order.status === "issued";
  const invoiceable = order.status === "issued" || order.status === "closed";
  return {
    buyer,
    edit: draft,
    issue: draft,
    delete: draft,
    amend: issued,
    close: issued,
    cancel: issued,
    commitment: buyer && invoiceable,
    pdf: can(user, "order:pdf") && order.status !== "draft",
    invoices: can(user, "invoice:read") && order.status !== "draft",
    recordInvoice: can(user, "invoice:record") && invoiceable,
    acceptSubcontractor:
      can(user, "subcontract:write") && user.beneficiaryId != null && user.beneficiaryId === order.beneficiary_id && order.status === "issued",
    approveSubcontractorInvoices:
      can(user, "invoice:approve") && user.contractorId != null && user.contractorId === order.contractor_id && order.status !== "draft",
  };
}

/** Whether the page has any action to offer (its "Actions" section). */
export function hasActions(a: OrderActions): boolean {
  return a.edit || a.issue || a.delete || a.amend || a.close || a.cancel || a.commitment;
}
