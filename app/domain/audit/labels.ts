// French names of the audited entity types (journal screen).
import { orderStatusLabels } from "../orders/labels";
import { declarationStatusLabels } from "../declarations/labels";
import { formatDate, formatMonth } from "../../lib/format";
export const entityTypeLabels: Record<string, string> = {
  purchase_order: "Bon de commande",
  declaration: "Déclaration mensuelle",
  contract: "Accord-cadre",
  lot: "Lot",
  lot_holder: "Titulaire de lot",
  contractor: "Titulaire",
  price_schedule: "Bordereau de prix",
  work_unit_type: "Unité d'œuvre",
  beneficiary: "Bénéficiaire",
  user: "Utilisateur",
  app_user: "Utilisateur",
  product: "Produit",
  product_risk: "Risque produit",
  execution_period: "Période d'exécution (montant maximum)",
  lot_ceiling: "Montant maximum d'un lot",
  budget_year: "Année budgétaire",
  beneficiary_envelope: "Enveloppe AE d'un bénéficiaire",
};

/** French names of the audited actions; an unknown code is shown as is. */
export const actionLabels: Record<string, string> = {
  create: "Création",
  update: "Modification",
  delete: "Suppression",
  create_draft: "Brouillon créé",
  update_draft: "Brouillon modifié",
  delete_draft: "Brouillon supprimé",
  approve: "Approbation",
  close_validity: "Fin de validité",
  renew: "Reconduction",
  end: "Fin de détention",
  deactivate: "Désactivation",
  reactivate: "Réactivation",
  change_phase: "Changement de phase",
  issue: "Émission",
  amend: "Modification (avenant)",
  cancel: "Annulation",
  close: "Solde",
  auto_close: "Soldé automatiquement",
  commitment: "Engagement juridique",
  submit: "Soumission",
  validate: "Service fait",
  reject: "Rejet",
  withdraw: "Retirée par le titulaire",
  password_reset: "Mot de passe réinitialisé (lien par courriel)",
  password_change: "Mot de passe changé",
  create_correction: "Correction créée",
  set: "Fixé",
  remove: "Retiré",
};

/** French names of the fields recorded before/after a change; an unknown field is shown as is. */
export const fieldLabels: Record<string, string> = {
  status: "Statut",
  number: "Numéro",
  total_ht: "Total HT",
  total_ttc: "Total TTC",
  total_vat: "TVA",
  period_start: "Début de période",
  period_end: "Fin de période",
  contractor_id: "Titulaire (n°)",
  contractorId: "Titulaire (n°)",
  product_id: "Produit (n°)",
  beneficiary_id: "Bénéficiaire (n°)",
  contract_id: "Accord-cadre (n°)",
  order_id: "Bon de commande (n°)",
  lines: "Lignes",
  line_id: "Ligne (n°)",
  line_no: "N° de ligne",
  work_unit_code: "Type d'UO",
  quantity: "Quantité (UO)",
  unit_price: "Prix unitaire HT",
  amount_ht: "Montant HT",
  revision: "Révision",
  reason: "Motif",
  attribution_reason: "Motif d'attribution",
  released_days: "Jours libérés",
  released_ht: "Montant libéré HT",
  consumed_days: "Jours consommés",
  consumed_ht: "Consommé HT",
  ej_number: "Numéro d'EJ",
  budget_programme: "Programme",
  budget_centre: "Centre financier",
  month: "Mois",
  days: "Jours",
  deltas: "Variations de jours",
  consumed_amounts: "Montants consommés",
  corrects_id: "Corrige la déclaration (n°)",
  people: "Intervenants",
  name: "Nom",
  title: "Intitulé",
  description: "Description",
  kind: "Type",
  level: "Niveau",
  phase: "Phase",
  started_on: "Depuis le",
  decided_on: "Décidé le",
  decision: "Décision",
  identified_on: "Identifié le",
  product_phase_id: "Phase (n°)",
  role: "Rôle",
  active: "Actif",
  start_date: "Date de début",
  end_date: "Date de fin",
  renewal_no: "Reconduction n°",
  until: "Jusqu'au",
  valid_from: "Valide à partir du",
  valid_to: "Valide jusqu'au",
  version: "Version",
  replaced_by_version: "Remplacée par la version",
  prices: "Prix",
  email: "Adresse électronique",
  stats_url: "Page de statistiques",
  acronym: "Sigle",
  siret: "SIRET",
  label: "Libellé",
  period_no: "Période (0 = initiale)",
  max_ht: "Montant maximum HT",
  lot_id: "Lot (n°)",
  last_order_on: "Dernier jour des commandes",
  last_payment_on: "Dernier jour des paiements",
  year: "Année",
  ae_ttc: "Enveloppe AE TTC",
  sessions_revoked: "Sessions fermées",
};

const statusLabels: Record<string, Record<string, string>> = {
  purchase_order: orderStatusLabels,
  declaration: declarationStatusLabels,
  price_schedule: { draft: "Brouillon", approved: "Approuvé" },
};

/** A recorded value as the journal shows it: statuses in French, dates and months the French way. */
export function auditValueText(entityType: string, field: string, value: unknown): string {
  if (value === undefined) return "—";
  if (value === null) return "vide";
  if (typeof value === "object") return JSON.stringify(value);
  const text = String(value);
  if (field === "status") return statusLabels[entityType]?.[text] ?? text;
  if (field === "month" && /^\d{4}-\d{2}-01$/.test(text)) return formatMonth(text);
  if (/^\d{4}-\d{2}-\d{2}$/.test(text)) return formatDate(text);
  if (typeof value === "boolean") return value ? "oui" : "non";
  return text;
}
