// The kinds of e-mail (issue 16), who receives each and how each user may choose to receive it: at once,
// in a daily (or weekly) digest, or not at all. Security messages (the password reset) are always sent at once.
import type { Role } from "../../../db/schema";

export type Delivery = "immediate" | "daily" | "weekly";
export type DeliveryChoice = Delivery | "none";

export type NotificationKind =
  | "declaration_submitted"
  | "declaration_decided"
  | "order_issued"
  | "months_to_declare"
  | "declarations_waiting"
  | "order_ending"
  | "price_schedule_pending"
  | "invoices_due" // R16: invoices due within 7 days or late (daily digest)
  | "password_reset"
  | "digest";

export interface KindSpec {
  label: string;
  /** the roles that receive it (and see it among their settings) */
  roles: readonly Role[];
  choices: readonly DeliveryChoice[];
  /** the delivery when the user chose nothing, per role */
  defaults: Partial<Record<Role, Delivery>>;
  /** a security message: always at once, not among the settings */
  security?: boolean;
}

export const KINDS: Record<NotificationKind, KindSpec> = {
  declaration_submitted: {
    label: "Déclaration soumise, à valider",
    roles: ["correspondent"],
    choices: ["immediate", "daily", "none"],
    defaults: { correspondent: "immediate" },
  },
  declaration_decided: {
    label: "Déclaration validée ou rejetée",
    roles: ["contractor"],
    choices: ["immediate", "daily", "none"],
    defaults: { contractor: "immediate" },
  },
  order_issued: {
    label: "Bon de commande émis ou modifié",
    roles: ["contractor"],
    choices: ["immediate", "daily", "none"],
    defaults: { contractor: "immediate" },
  },
  months_to_declare: {
    label: "Mois à déclarer (1er et 5e jour ouvré du mois)",
    roles: ["contractor"],
    choices: ["immediate", "none"],
    defaults: { contractor: "immediate" },
  },
  declarations_waiting: {
    label: "Déclarations en attente de validation depuis 5 jours ouvrés",
    roles: ["correspondent"],
    choices: ["daily", "none"],
    defaults: { correspondent: "daily" },
  },
  order_ending: {
    label: "Bon de commande qui se termine dans 30 jours ou échu avec reste",
    roles: ["correspondent", "dinum"],
    choices: ["immediate", "daily", "weekly", "none"],
    defaults: { correspondent: "immediate", dinum: "weekly" },
  },
  price_schedule_pending: {
    label: "Version de bordereau de prix à approuver",
    roles: ["dinum"],
    choices: ["immediate", "daily", "none"],
    defaults: { dinum: "immediate" },
  },
  invoices_due: {
    label: "Factures à échéance dans 7 jours ou en retard",
    roles: ["correspondent"],
    choices: ["daily", "none"],
    defaults: { correspondent: "daily" },
  },
  password_reset: { label: "Mot de passe oublié", roles: ["dinum", "correspondent", "contractor"], choices: ["immediate"], defaults: {}, security: true },
  digest: { label: "Récapitulatif", roles: [], choices: ["immediate"], defaults: {}, security: true },
};

export const DELIVERY_LABELS: Record<DeliveryChoice, string> = {
  immediate: "Tout de suite",
  daily: "Récapitulatif quotidien",
  weekly: "Récapitulatif hebdomadaire",
  none: "Jamais",
};

/** The kinds a user of this role may set, in the order of the settings page. */
export function settableKinds(role: Role): NotificationKind[] {
  return (Object.keys(KINDS) as NotificationKind[]).filter((k) => !KINDS[k].security && KINDS[k].roles.includes(role));
}

/** How a message of `kind` reaches a user: their choice if it is one the kind allows, else the kind's default. */
export function deliveryFor(kind: NotificationKind, role: Role, chosen: DeliveryChoice | undefined): DeliveryChoice {
  const spec = KINDS[kind];
  if (spec.security) return "immediate";
  if (chosen && spec.choices.includes(chosen)) return chosen;
  return spec.defaults[role] ?? spec.choices[0];
}

export function isKind(value: string): value is NotificationKind {
  return Object.hasOwn(KINDS, value);
}
