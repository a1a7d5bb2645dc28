// R15: an invoice's states and who moves it between them (pure; the services check again under lock).
import type { InvoiceStatus } from "../../../db/schema";
import { can } from "../../auth/grants";
import type { SessionUser } from "../../auth/user";

export const invoiceStatusLabels: Record<InvoiceStatus, string> = {
  deposited: "Déposée",
  suspended: "Suspendue",
  rejected: "Rejetée",
  in_payment: "Mise en paiement",
  paid: "Payée",
};

/** DSFR badge severity per state. */
export const invoiceStatusBadge: Record<InvoiceStatus, string> = {
  deposited: "fr-badge--info",
  suspended: "fr-badge--warning",
  rejected: "fr-badge--error",
  in_payment: "fr-badge--new",
  paid: "fr-badge--success",
};

export type InvoiceMove = "suspend" | "resume" | "reject" | "in_payment" | "pay";

export const invoiceMoveLabels: Record<InvoiceMove, string> = {
  suspend: "Suspendre (pièce manquante)",
  resume: "Pièces reçues : reprendre le délai",
  reject: "Rejeter",
  in_payment: "Mettre en paiement",
  pay: "Enregistrer le paiement",
};

/**
 * R15: déposée → suspendue (once, with its reason) → déposée again; déposée (or suspendue) → rejetée;
 * déposée → mise en paiement → payée. Rejected and paid are final.
 */
export function nextStatus(move: InvoiceMove, from: { status: InvoiceStatus; suspendedOn: string | null }): InvoiceStatus | null {
  switch (move) {
    case "suspend":
      return from.status === "deposited" && !from.suspendedOn ? "suspended" : null;
    case "resume":
      return from.status === "suspended" ? "deposited" : null;
    case "reject":
      return from.status === "deposited" || from.status === "suspended" ? "rejected" : null;
    case "in_payment":
      return from.status === "deposited" ? "in_payment" : null;
    case "pay":
      return from.status === "in_payment" ? "paid" : null;
  }
}

type Actor = Pick<SessionUser, "role" | "beneficiaryId" | "contractorId">;

/** R18 (R2193-12): the holder has 15 days from the receipt of a subcontractor's invoice to approve or refuse it. */
export const HOLDER_APPROVAL_DAYS = 15;

export interface HolderApprovalColumns {
  /** the last day of the holder's 15 days; null: not a subcontractor's invoice */
  approvalDueOn: string | null;
  holderDecision: "approved" | "refused" | null;
  holderDecidedOn: string | null;
}

export type HolderApproval = { state: "awaiting"; dueOn: string } | { state: "approved"; on: string; tacit: boolean } | { state: "refused"; on: string };

/**
 * A subcontractor's invoice's approval by the holder as of `today` (null for the holder's own companies' invoices):
 * awaiting until the last of its 15 days, then approved by silence as of that day unless it answered before.
 */
export function holderApproval(i: HolderApprovalColumns, today: string): HolderApproval | null {
  if (!i.approvalDueOn) return null;
  if (i.holderDecision === "refused") return { state: "refused", on: i.holderDecidedOn! };
  if (i.holderDecision === "approved") return { state: "approved", on: i.holderDecidedOn!, tacit: false };
  return today > i.approvalDueOn ? { state: "approved", on: i.approvalDueOn, tacit: true } : { state: "awaiting", dueOn: i.approvalDueOn };
}

/** Whether the user is the order's holder, who approves its subcontractors' invoices (R18). */
export function isHolderOf(user: Actor, order: { contractor_id: number }): boolean {
  return can(user, "invoice:approve") && user.contractorId === order.contractor_id;
}

/** Whether the user acts for the order's buyer (DINUM, or a correspondent of its beneficiary). */
export function isBuyerOf(user: Actor, order: { beneficiary_id: number }): boolean {
  return can(user, "invoice:process") && (can(user, "invoice:any-beneficiary") || user.beneficiaryId === order.beneficiary_id);
}

/** Whether the user is the order's contractor, who records its invoices. */
export function isContractorOf(user: Actor, order: { contractor_id: number }): boolean {
  return can(user, "invoice:record") && user.contractorId === order.contractor_id;
}

/** Who may make a move: the buyer's side, and for "resume" (the missing items sent) the contractor too. */
export function mayMove(user: Actor, move: InvoiceMove, order: { beneficiary_id: number; contractor_id: number }): boolean {
  return isBuyerOf(user, order) || (move === "resume" && isContractorOf(user, order));
}

/** The moves a page offers this user on this invoice (the service checks again). */
export function allowedInvoiceMoves(
  user: Actor,
  invoice: { status: InvoiceStatus; suspendedOn: string | null; awaitingHolder?: boolean },
  order: { beneficiary_id: number; contractor_id: number },
): InvoiceMove[] {
  // R18: the buyer processes a subcontractor's invoice once the holder has approved it
  if (invoice.awaitingHolder) return [];
  return (["suspend", "resume", "in_payment", "pay", "reject"] as const).filter((m) => nextStatus(m, invoice) && mayMove(user, m, order));
}

/**
 * The moves that take an invoice from its state to `to` (the Chorus Pro import: a re-import moves it on),
 * shortest first: [] when it is already there, null when R15 allows no way (back from paid or rejected, a
 * second suspension). Breadth-first over nextStatus.
 */
export function movesBetween(from: { status: InvoiceStatus; suspendedOn: string | null }, to: InvoiceStatus): InvoiceMove[] | null {
  type Node = { status: InvoiceStatus; suspended: boolean; path: InvoiceMove[] };
  const queue: Node[] = [{ status: from.status, suspended: !!from.suspendedOn, path: [] }];
  const seen = new Set<string>();
  while (queue.length) {
    const n = queue.shift()!;
    if (n.status === to) return n.path;
    const key = `${n.status}|${n.suspended}`;
    if (seen.has(key)) continue;
    seen.add(key);
    for (const move of ["resume", "suspend", "in_payment", "pay", "reject"] as const) {
      const next = nextStatus(move, { status: n.status, suspendedOn: n.suspended ? "x" : null });
      if (next) queue.push({ status: next, suspended: n.suspended || move === "suspend", path: [...n.path, move] });
    }
  }
  return null;
}
