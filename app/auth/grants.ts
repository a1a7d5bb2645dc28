// Permissions live here, in one table. The UI may hide a button with can(); the server always checks
// again through the guard (guard.server.ts), and rows are scoped by scope.server.ts.
import type { Role } from "../../db/schema";
import { NOT_ALLOWED, Refusal } from "../lib/refusal";

export type Permission =
  | "order:read"
  | "order:write" // draft, edit, issue, amend, cancel, close (own beneficiary)
  | "order:pdf"
  | "declaration:read"
  | "declaration:write" // contractor: draft, submit, correct, import
  | "declaration:validate" // correspondent: service fait or rejection
  | "product:read"
  | "product:write"
  | "reference:read"
  | "reference:write" // contracts, lots, holders, prices, catalogue, beneficiaries
  | "user:admin"
  | "audit:read"
  | "report:export"
  | "report:consolidated";

export const grants: Record<Role, readonly Permission[]> = {
  dinum: [
    "order:read", "order:pdf", "declaration:read", "product:read", "product:write", "reference:read",
    "reference:write", "user:admin", "audit:read", "report:export", "report:consolidated",
  ],
  correspondent: [
    "order:read", "order:write", "order:pdf", "declaration:read", "declaration:validate", "product:read",
    "product:write", "reference:read", "audit:read", "report:export",
  ],
  contractor: ["order:read", "order:pdf", "declaration:read", "declaration:write", "audit:read", "report:export"],
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
