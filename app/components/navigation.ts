// Main navigation. Each entry names the permission that shows it (grants.ts); pages check again on the server.
import type { Permission } from "../auth/grants";
import { can } from "../auth/grants";
import type { Role } from "../../db/schema";

export interface NavEntry {
  label: string;
  to: string;
  permission: Permission;
}

export const navigation: NavEntry[] = [
  { label: "Tableau de bord", to: "/", permission: "order:read" },
  { label: "Bons de commande", to: "/commandes", permission: "order:read" },
  { label: "Déclarations", to: "/declarations", permission: "declaration:read" },
  { label: "Factures", to: "/factures", permission: "invoice:read" },
  { label: "Intervenants", to: "/personnes", permission: "person:write" },
  { label: "Alertes", to: "/alertes", permission: "order:read" },
  { label: "Rapports", to: "/rapports", permission: "report:export" },
  { label: "Fin d'année", to: "/annee-budgetaire", permission: "budget-year:read" },
  { label: "Produits", to: "/produits", permission: "product:read" },
  { label: "Référentiel", to: "/referentiel", permission: "reference:write" },
  { label: "Utilisateurs", to: "/utilisateurs", permission: "user:admin" },
  { label: "Journal", to: "/journal", permission: "audit:read" },
  { label: "Courriels", to: "/courriels", permission: "mail:admin" },
];

export function navigationFor(user: { role: Role } | null): NavEntry[] {
  if (!user) return [];
  return navigation.filter((e) => can(user, e.permission));
}
