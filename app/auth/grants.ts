// Permissions live here, in one table: what each role may do, read by can(). The UI may hide a button
// with can(); the server always checks again (guard.server.ts, the services), and rows are scoped by
// scope.server.ts, whose rules about drafts and organisations read these grants too.
import type { Role } from "../../db/schema";
import { NOT_ALLOWED, Refusal } from "../lib/refusal";
import { de } from "../lib/french";

export type Permission =
  | "order:read"
  | "order:write" // draft, edit, issue, amend, cancel, close (own beneficiary)
  | "order:pdf"
  | "order:see-drafts" // a draft order is its buyer's: DINUM and the beneficiary's correspondents, never the contractor (R6)
  | "declaration:read"
  | "declaration:write" // contractor: draft, submit, correct, import (own orders)
  | "declaration:withdraw" // contractor: a submitted declaration back to draft, until it is validated (own orders)
  | "declaration:validate" // correspondent: service fait or rejection (own beneficiary)
  | "declaration:see-drafts" // a draft declaration is its contractor's until submitted (lists, pages, alerts, journal)
  | "product:read"
  | "product:write" // own beneficiary's products, unless product:any-beneficiary
  | "product:any-beneficiary" // DINUM: every beneficiary's products, and chooses the beneficiary of a product
  | "reference:write" // contracts, lots, holders, prices, catalogue, beneficiaries
  | "user:admin"
  | "audit:read"
  | "budget:read" // AE / CP per year (R11) on the home page
  | "order:ended-alert" // R14: told of its scope's orders ended with days left (the buyer's side: DINUM, correspondents)
  | "report:export" // the workbooks and PDFs of the "Rapports" page, scoped like the screens
  | "report:consolidated" // contract-wide figures: per contract, beneficiary and contractor, UO mix, flagged forecasts
  | "ceiling:read" // R17: the contract's maxima per period, what is ordered and left, the forecast (home, alerts, "Plafonds" sheet)
  | "budget-year:read" // R17: the budget year's closing dates and the year-end view (AE committed not yet consumed), scoped
  | "envelope:write" // R17: the beneficiary's yearly AE envelope (its correspondents)
  | "invoice:read" // R15: invoices of the orders in scope
  | "invoice:record" // contractor: records its invoices on its orders, sends the missing items of a suspended one
  | "invoice:process" // the buyer's side (correspondents of the order's beneficiary, DINUM): suspend, reject, put in payment, paid
  | "invoice:approve" // R18: the holder approves or refuses its subcontractors' invoices on its orders (15 days, R2193-12)
  | "invoice:any-beneficiary" // DINUM: processes the invoices of every beneficiary's orders
  | "invoice:import" // the buyer's side: imports Chorus Pro's list of invoices received (/factures/import), for the orders in scope
  | "person:write" // R18: the contractor keeps its list of people (name, company, e-mail)
  | "subcontract:write" // R18: the buyer accepts a subcontractor on an issued order of its beneficiary (DC4), amends the acceptance
  | "ecb-rate:write" // R16: the ECB rates per half-year (reference data)
  | "mail:admin"; // the "Courriels" page: every message sent or to send, and sending a failed one again

export const grants: Record<Role, readonly Permission[]> = {
  dinum: [
    "order:read",
    "order:pdf",
    "order:see-drafts",
    "declaration:read",
    "product:read",
    "product:write",
    "product:any-beneficiary",
    "reference:write",
    "user:admin",
    "audit:read",
    "budget:read",
    "order:ended-alert",
    "report:export",
    "report:consolidated",
    "ceiling:read",
    "budget-year:read",
    "invoice:read",
    "invoice:process",
    "invoice:any-beneficiary",
    "invoice:import",
    "ecb-rate:write",
    "mail:admin",
  ],
  correspondent: [
    "order:read",
    "order:write",
    "order:pdf",
    "order:see-drafts",
    "declaration:read",
    "declaration:validate",
    "product:read",
    "product:write",
    "audit:read",
    "budget:read",
    "order:ended-alert",
    "report:export",
    "budget-year:read",
    "envelope:write",
    "invoice:read",
    "invoice:process",
    "invoice:import",
    "subcontract:write",
  ],
  contractor: [
    "order:read",
    "order:pdf",
    "declaration:read",
    "declaration:write",
    "declaration:withdraw",
    "declaration:see-drafts",
    "audit:read",
    "report:export",
    "invoice:read",
    "invoice:record",
    "invoice:approve",
    "person:write",
  ],
};

export function can(user: { role: Role } | null | undefined, permission: Permission): boolean {
  return !!user && grants[user.role].includes(permission);
}

/** For use cases (domain code): a missing permission is a refused use case (403), not a thrown Response. */
export function requireGrant(user: { role: Role } | null | undefined, permission: Permission): void {
  if (!can(user, permission)) throw new Refusal(NOT_ALLOWED, { status: 403 });
}

export const roleLabels: Record<Role, string> = {
  dinum: "DINUM",
  correspondent: "Correspondant",
  contractor: "Titulaire",
};

/** The header's label: "Camille Centrale · DINUM", "Sacha Solidaire · Correspondant de Ministères sociaux…", "Dominique Octo · Titulaire, Octopus…" */
export function userLabel(user: { name: string; role: Role; organisation: string }): string {
  if (user.role === "dinum") return `${user.name} · DINUM`;
  if (user.role === "correspondent") return `${user.name} · ${roleLabels.correspondent} ${de(user.organisation)}`;
  return `${user.name} · ${roleLabels[user.role]}, ${user.organisation}`;
}
