// Beneficiary follow-up (domain.md Reports 2, CCTP §3.3 "Suivi par bénéficiaire"): per product and per
// order, done and remaining in days and in activities. Declared once for XLSX (and CSV if wanted).
import { defineTable } from "../spec/columns";
import { sharedColumns, type ReportFigures } from "../spec/shared-columns";

export interface ProductFollowUpRow extends ReportFigures {
  beneficiary: string;
  product: string;
  phase: string;
  orders: number;
}

export const productFollowUpTable = defineTable<ProductFollowUpRow>({
  id: "suivi-produits",
  sheet: "Par produit",
  columns: [
    ...sharedColumns(
      ["beneficiary", 34],
      ["product", 30],
      ["phase", 14],
      ["orders", 11],
      ["orderedDays", 12],
      ["consumedDays", 12, { label: "Jours faits (service fait)" }],
      ["pendingDays", 13, { label: "Jours en attente de validation" }],
      ["remainingDays", 12, { label: "Jours restant à faire" }],
      ["orderedHt", 15],
      ["consumedHt", 15],
      ["remainingHt", 15],
      ["orderedTtc", 15],
      ["consumedTtc", 15],
      ["remainingTtc", 15],
      ["releasedDays", 12],
      ["consumptionRate", 10],
    ),
  ],
});

export interface OrderFollowUpRow extends ReportFigures {
  product: string;
  orderNumber: string;
  contractor: string;
  status: string;
  periodStart: string;
  periodEnd: string;
  lastMonth: string | null;
  lastActivities: string;
  estimatedRemainingDays: string | null;
  remainingWork: string;
  /** R15: invoiced (not rejected) and paid, TTC */
  invoicedTtc: string;
  paidTtc: string;
}

export const orderFollowUpTable = defineTable<OrderFollowUpRow>({
  id: "suivi-commandes",
  sheet: "Par bon de commande",
  columns: [
    ...sharedColumns(
      ["product", 28],
      ["orderNumber", 23],
      ["contractor", 26],
      ["status", 21],
      ["periodStart", 11],
      ["periodEnd", 11],
      ["orderedDays", 11],
      ["consumedDays", 12, { label: "Jours faits (service fait)" }],
      ["pendingDays", 11],
      ["remainingDays", 12, { label: "Jours restant à faire" }],
      ["remainingHt", 15],
      ["orderedTtc", 15],
      ["consumedTtc", 15],
      ["remainingTtc", 15],
      ["releasedDays", 12, { label: "Jours libérés (solde)" }],
      ["consumptionRate", 10],
    ),
    { key: "invoicedTtc", label: "Facturé TTC", format: "euros", width: 15 },
    { key: "paidTtc", label: "Payé TTC", format: "euros", width: 15 },
    { key: "lastMonth", label: "Dernier mois déclaré", format: "date", width: 12 },
    { key: "lastActivities", label: "Activités du dernier mois déclaré", format: "text", width: 60 },
    ...sharedColumns(["estimatedRemainingDays", 14], ["remainingWork", 50]),
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
    ...sharedColumns(
      ["product", 28],
      ["orderNumber", 23],
      ["month", 11],
      ["status", 20],
      ["workUnit", 28],
      ["declaredDays", 11, { label: "Jours déclarés" }],
      ["activities", 60],
      ["estimatedRemainingDays", 12, { label: "Reste à faire estimé (j)" }],
      ["remainingWork", 50],
    ),
  ],
});
