// Beneficiary follow-up (domain.md Reports 2, CCTP §3.3 "Suivi par bénéficiaire"): per product and per
// order, done and remaining in days and in activities. Declared once for XLSX (and CSV if wanted).
import { defineTable } from "../spec/columns";

export interface ProductFollowUpRow {
  beneficiary: string;
  product: string;
  phase: string;
  orders: number;
  orderedDays: string;
  consumedDays: string;
  pendingDays: string;
  remainingDays: string;
  orderedHt: string;
  consumedHt: string;
  remainingHt: string;
  orderedTtc: string;
  consumedTtc: string;
  remainingTtc: string;
  releasedDays: string;
  releasedHt: string;
  releasedTtc: string;
  consumptionRate: string;
}

export const productFollowUpTable = defineTable<ProductFollowUpRow>({
  id: "suivi-produits",
  sheet: "Par produit",
  columns: [
    { key: "beneficiary", label: "Bénéficiaire", format: "text", width: 34 },
    { key: "product", label: "Produit", format: "text", width: 30 },
    { key: "phase", label: "Phase", format: "text", width: 14 },
    { key: "orders", label: "Bons de commande", format: "integer", width: 11, total: true },
    { key: "orderedDays", label: "Jours commandés", format: "days", width: 12, total: true },
    { key: "consumedDays", label: "Jours faits (service fait)", format: "days", width: 12, total: true },
    { key: "pendingDays", label: "Jours en attente de validation", format: "days", width: 13, total: true },
    { key: "remainingDays", label: "Jours restant à faire", format: "days", width: 12, total: true },
    { key: "orderedHt", label: "Commandé HT", format: "euros", width: 15, total: true },
    { key: "consumedHt", label: "Consommé HT", format: "euros", width: 15, total: true },
    { key: "remainingHt", label: "Restant HT", format: "euros", width: 15, total: true },
    { key: "orderedTtc", label: "Commandé TTC", format: "euros", width: 15, total: true },
    { key: "consumedTtc", label: "Consommé TTC", format: "euros", width: 15, total: true },
    { key: "remainingTtc", label: "Restant TTC", format: "euros", width: 15, total: true },
    { key: "releasedDays", label: "Jours libérés (soldes)", format: "days", width: 12, total: true },
    { key: "consumptionRate", label: "Taux (jours)", format: "percent", width: 10 },
  ],
});

export interface OrderFollowUpRow {
  product: string;
  orderNumber: string;
  contractor: string;
  status: string;
  periodStart: string;
  periodEnd: string;
  orderedDays: string;
  consumedDays: string;
  pendingDays: string;
  remainingDays: string;
  orderedHt: string;
  consumedHt: string;
  remainingHt: string;
  orderedTtc: string;
  consumedTtc: string;
  remainingTtc: string;
  releasedDays: string;
  releasedHt: string;
  releasedTtc: string;
  consumptionRate: string;
  lastMonth: string | null;
  lastActivities: string;
  estimatedRemainingDays: string | null;
  remainingWork: string;
}

export const orderFollowUpTable = defineTable<OrderFollowUpRow>({
  id: "suivi-commandes",
  sheet: "Par bon de commande",
  columns: [
    { key: "product", label: "Produit", format: "text", width: 28 },
    { key: "orderNumber", label: "N° de bon de commande", format: "text", width: 23 },
    { key: "contractor", label: "Titulaire", format: "text", width: 26 },
    { key: "status", label: "Statut", format: "text", width: 21 },
    { key: "periodStart", label: "Début", format: "date", width: 11 },
    { key: "periodEnd", label: "Fin", format: "date", width: 11 },
    { key: "orderedDays", label: "Jours commandés", format: "days", width: 11, total: true },
    { key: "consumedDays", label: "Jours faits (service fait)", format: "days", width: 12, total: true },
    { key: "pendingDays", label: "Jours en attente", format: "days", width: 11, total: true },
    { key: "remainingDays", label: "Jours restant à faire", format: "days", width: 12, total: true },
    { key: "remainingHt", label: "Restant HT", format: "euros", width: 15, total: true },
    { key: "orderedTtc", label: "Commandé TTC", format: "euros", width: 15, total: true },
    { key: "consumedTtc", label: "Consommé TTC", format: "euros", width: 15, total: true },
    { key: "remainingTtc", label: "Restant TTC", format: "euros", width: 15, total: true },
    { key: "releasedDays", label: "Jours libérés (solde)", format: "days", width: 12, total: true },
    { key: "consumptionRate", label: "Taux (jours)", format: "percent", width: 10 },
    { key: "lastMonth", label: "Dernier mois déclaré", format: "date", width: 12 },
    { key: "lastActivities", label: "Activités du dernier mois déclaré", format: "text", width: 60 },
    { key: "estimatedRemainingDays", label: "Reste à faire estimé par le titulaire (j)", format: "days", width: 14 },
    { key: "remainingWork", label: "Reste à faire (activités)", format: "text", width: 50 },
  ],
});

export interface ActivityRow {
  product: string;
  orderNumber: string;
  month: string;
  status: string;
  workUnit: string;
  declaredDays: string;
  activities: string;
  estimatedRemainingDays: string | null;
  remainingWork: string;
}

export const activitiesTable = defineTable<ActivityRow>({
  id: "suivi-activites",
  sheet: "Activités par mois",
  columns: [
    { key: "product", label: "Produit", format: "text", width: 28 },
    { key: "orderNumber", label: "N° de bon de commande", format: "text", width: 23 },
    { key: "month", label: "Mois", format: "date", width: 11 },
    { key: "status", label: "Statut", format: "text", width: 20 },
    { key: "workUnit", label: "UO", format: "text", width: 28 },
    { key: "declaredDays", label: "Jours déclarés", format: "days", width: 11 },
    { key: "activities", label: "Activités réalisées", format: "text", width: 60 },
    { key: "estimatedRemainingDays", label: "Reste à faire estimé (j)", format: "days", width: 12 },
    { key: "remainingWork", label: "Reste à faire (activités)", format: "text", width: 50 },
  ],
});
