// The sheets of the DINUM consolidated workbook (domain.md Reports 1), each declared once and rendered
// by both the XLSX and the CSV renderers.
import { defineTable } from "../spec/columns";

export interface SummaryRow {
  beneficiary: string;
  orders: number;
  orderedDays: string;
  orderedHt: string;
  orderedTtc: string;
  consumedDays: string;
  consumedHt: string;
  consumedTtc: string;
  pendingDays: string;
  remainingDays: string;
  remainingHt: string;
  remainingTtc: string;
  releasedDays: string;
  releasedHt: string;
  releasedTtc: string;
  consumptionRate: string;
}

export const summaryTable = defineTable<SummaryRow>({
  id: "synthese",
  sheet: "Synthèse",
  totalsLabel: "Total",
  columns: [
    { key: "beneficiary", label: "Bénéficiaire", format: "text", width: 42 },
    { key: "orders", label: "Bons de commande", format: "integer", width: 12, total: true },
    { key: "orderedDays", label: "Jours commandés", format: "days", width: 12, total: true },
    { key: "orderedHt", label: "Commandé HT", format: "euros", width: 16, total: true },
    { key: "orderedTtc", label: "Commandé TTC", format: "euros", width: 16, total: true },
    { key: "consumedDays", label: "Jours consommés", format: "days", width: 12, total: true },
    { key: "consumedHt", label: "Consommé HT", format: "euros", width: 16, total: true },
    { key: "consumedTtc", label: "Consommé TTC", format: "euros", width: 16, total: true },
    { key: "pendingDays", label: "Jours en attente de validation", format: "days", width: 14, total: true },
    { key: "remainingDays", label: "Jours restants", format: "days", width: 12, total: true },
    { key: "remainingHt", label: "Restant HT", format: "euros", width: 16, total: true },
    { key: "remainingTtc", label: "Restant TTC", format: "euros", width: 16, total: true },
    { key: "releasedDays", label: "Jours libérés (soldes)", format: "days", width: 12, total: true },
    { key: "releasedHt", label: "Libéré HT (soldes)", format: "euros", width: 16, total: true },
    { key: "releasedTtc", label: "Libéré TTC (soldes)", format: "euros", width: 16, total: true },
    { key: "consumptionRate", label: "Taux de consommation (jours)", format: "percent", width: 14 },
  ],
});

export interface OrderLineRow {
  contract: string;
  lot: number;
  beneficiary: string;
  product: string;
  phase: string;
  contractor: string;
  orderNumber: string;
  ej: string;
  status: string;
  issuedOn: string | null;
  periodStart: string;
  periodEnd: string;
  lineNo: number;
  workUnit: string;
  quantity: string;
  orderedDays: string;
  unitPrice: string;
  amountHt: string;
  vat: string;
  amountTtc: string;
  consumedDays: string;
  consumedHt: string;
  consumedTtc: string;
  pendingDays: string;
  remainingDays: string;
  remainingHt: string;
  remainingTtc: string;
  releasedDays: string;
  releasedHt: string;
}

export const orderLinesTable = defineTable<OrderLineRow>({
  id: "lignes",
  sheet: "Lignes de BC",
  columns: [
    { key: "contract", label: "Accord-cadre", format: "text", width: 13 },
    { key: "lot", label: "Lot", format: "integer", width: 5 },
    { key: "beneficiary", label: "Bénéficiaire", format: "text", width: 32 },
    { key: "product", label: "Produit", format: "text", width: 28 },
    { key: "phase", label: "Phase", format: "text", width: 14 },
    { key: "contractor", label: "Titulaire", format: "text", width: 26 },
    { key: "orderNumber", label: "N° de bon de commande", format: "text", width: 23 },
    { key: "ej", label: "EJ", format: "text", width: 12 },
    { key: "status", label: "Statut", format: "text", width: 21 },
    { key: "issuedOn", label: "Émis le", format: "date", width: 11 },
    { key: "periodStart", label: "Début", format: "date", width: 11 },
    { key: "periodEnd", label: "Fin", format: "date", width: 11 },
    { key: "lineNo", label: "Ligne", format: "integer", width: 6 },
    { key: "workUnit", label: "UO", format: "text", width: 28 },
    { key: "quantity", label: "Quantité (UO)", format: "quantity", width: 10, total: true },
    { key: "orderedDays", label: "Jours commandés", format: "days", width: 11, total: true },
    { key: "unitPrice", label: "Prix unitaire HT", format: "euros", width: 14 },
    { key: "amountHt", label: "Montant HT", format: "euros", width: 15, total: true },
    { key: "vat", label: "TVA", format: "euros", width: 14, total: true },
    { key: "amountTtc", label: "Montant TTC", format: "euros", width: 15, total: true },
    { key: "consumedDays", label: "Jours consommés", format: "days", width: 11, total: true },
    { key: "consumedHt", label: "Consommé HT", format: "euros", width: 15, total: true },
    { key: "consumedTtc", label: "Consommé TTC", format: "euros", width: 15, total: true },
    { key: "pendingDays", label: "Jours en attente", format: "days", width: 11, total: true },
    { key: "remainingDays", label: "Jours restants", format: "days", width: 11, total: true },
    { key: "remainingHt", label: "Restant HT", format: "euros", width: 15, total: true },
    { key: "remainingTtc", label: "Restant TTC", format: "euros", width: 15, total: true },
    { key: "releasedDays", label: "Jours libérés (solde)", format: "days", width: 11, total: true },
    { key: "releasedHt", label: "Libéré HT (solde)", format: "euros", width: 15, total: true },
  ],
});

export interface DeclarationRow {
  contract: string;
  beneficiary: string;
  product: string;
  contractor: string;
  orderNumber: string;
  ej: string;
  month: string;
  year: number;
  kind: string;
  status: string;
  validatedOn: string | null;
  lineNo: number;
  workUnit: string;
  declaredDays: string;
  consumedDays: string | null;
  pendingDays: string | null;
  consumedHt: string | null;
  activities: string;
  remainingEstimateDays: string | null;
  remainingComment: string;
  correctionReason: string;
}

export const declarationsTable = defineTable<DeclarationRow>({
  id: "declarations",
  sheet: "Déclarations",
  columns: [
    { key: "contract", label: "Accord-cadre", format: "text", width: 13 },
    { key: "beneficiary", label: "Bénéficiaire", format: "text", width: 32 },
    { key: "product", label: "Produit", format: "text", width: 28 },
    { key: "contractor", label: "Titulaire", format: "text", width: 26 },
    { key: "orderNumber", label: "N° de bon de commande", format: "text", width: 23 },
    { key: "ej", label: "EJ", format: "text", width: 12 },
    { key: "month", label: "Mois", format: "date", width: 11 },
    { key: "year", label: "Année", format: "integer", width: 7 },
    { key: "kind", label: "Type", format: "text", width: 11 },
    { key: "status", label: "Statut", format: "text", width: 20 },
    { key: "validatedOn", label: "Service fait le", format: "date", width: 12 },
    { key: "lineNo", label: "Ligne", format: "integer", width: 6 },
    { key: "workUnit", label: "UO", format: "text", width: 28 },
    { key: "declaredDays", label: "Jours déclarés du mois", format: "days", width: 11 },
    { key: "consumedDays", label: "Jours consommés (variation validée)", format: "days", width: 13, total: true },
    { key: "pendingDays", label: "Jours en attente (variation soumise)", format: "days", width: 13, total: true },
    { key: "consumedHt", label: "Consommé HT", format: "euros", width: 15, total: true },
    { key: "activities", label: "Activités réalisées", format: "text", width: 60 },
    { key: "remainingEstimateDays", label: "Reste à faire estimé (j)", format: "days", width: 12 },
    { key: "remainingComment", label: "Commentaire sur le reste à faire", format: "text", width: 40 },
    { key: "correctionReason", label: "Motif de correction", format: "text", width: 40 },
  ],
});

export interface WorkUnitRow {
  beneficiary: string;
  workUnit: string;
  orders: number;
  quantity: string;
  orderedDays: string;
  orderedHt: string;
  consumedDays: string;
  consumedHt: string;
  pendingDays: string;
  remainingDays: string;
  remainingHt: string;
}

export const workUnitsTable = defineTable<WorkUnitRow>({
  id: "uo-beneficiaire",
  sheet: "UO x bénéficiaire",
  columns: [
    { key: "beneficiary", label: "Bénéficiaire", format: "text", width: 42 },
    { key: "workUnit", label: "Type d'UO", format: "text", width: 30 },
    { key: "orders", label: "Bons de commande", format: "integer", width: 11 },
    { key: "quantity", label: "Quantité (UO)", format: "quantity", width: 11, total: true },
    { key: "orderedDays", label: "Jours commandés", format: "days", width: 12, total: true },
    { key: "orderedHt", label: "Commandé HT", format: "euros", width: 16, total: true },
    { key: "consumedDays", label: "Jours consommés", format: "days", width: 12, total: true },
    { key: "consumedHt", label: "Consommé HT", format: "euros", width: 16, total: true },
    { key: "pendingDays", label: "Jours en attente", format: "days", width: 12, total: true },
    { key: "remainingDays", label: "Jours restants", format: "days", width: 12, total: true },
    { key: "remainingHt", label: "Restant HT", format: "euros", width: 16, total: true },
  ],
});

export interface ProductRow {
  beneficiary: string;
  product: string;
  kind: string;
  phase: string;
  phaseSince: string | null;
  statsUrl: string | null;
  risks: string;
  orders: number;
  orderedDays: string;
  orderedHt: string;
  consumedDays: string;
  consumedHt: string;
  remainingDays: string;
}

export const productsTable = defineTable<ProductRow>({
  id: "produits",
  sheet: "Produits",
  columns: [
    { key: "beneficiary", label: "Bénéficiaire", format: "text", width: 36 },
    { key: "product", label: "Produit", format: "text", width: 30 },
    { key: "kind", label: "Nature", format: "text", width: 14 },
    { key: "phase", label: "Phase", format: "text", width: 14 },
    { key: "phaseSince", label: "Phase depuis le", format: "date", width: 12 },
    { key: "statsUrl", label: "Mesure d'impact (page /stats)", format: "url", width: 40 },
    { key: "risks", label: "Principaux risques (non clos)", format: "text", width: 60 },
    { key: "orders", label: "Bons de commande", format: "integer", width: 11, total: true },
    { key: "orderedDays", label: "Jours commandés", format: "days", width: 12, total: true },
    { key: "orderedHt", label: "Commandé HT", format: "euros", width: 16, total: true },
    { key: "consumedDays", label: "Jours consommés", format: "days", width: 12, total: true },
    { key: "consumedHt", label: "Consommé HT", format: "euros", width: 16, total: true },
    { key: "remainingDays", label: "Jours restants", format: "days", width: 12, total: true },
  ],
});

export interface BudgetRow {
  year: number;
  beneficiary: string;
  aeIssued: string;
  aeAmended: string;
  aeCancelled: string;
  aeReleased: string;
  aeNet: string;
  cp: string;
}

export const budgetTable = defineTable<BudgetRow>({
  id: "ae-cp",
  sheet: "AE-CP",
  columns: [
    { key: "year", label: "Année", format: "integer", width: 8 },
    { key: "beneficiary", label: "Bénéficiaire", format: "text", width: 42 },
    { key: "aeIssued", label: "AE : émissions TTC", format: "euros", width: 18, total: true },
    { key: "aeAmended", label: "AE : modificatifs TTC", format: "euros", width: 18, total: true },
    { key: "aeCancelled", label: "AE : annulations TTC", format: "euros", width: 18, total: true },
    { key: "aeReleased", label: "AE : libérations TTC (soldes)", format: "euros", width: 18, total: true },
    { key: "aeNet", label: "AE nettes TTC", format: "euros", width: 18, total: true },
    { key: "cp", label: "CP TTC (service fait)", format: "euros", width: 18, total: true },
  ],
});

export interface ParameterRow {
  parameter: string;
  value: string;
}

export const parametersTable = defineTable<ParameterRow>({
  id: "parametres",
  sheet: "Paramètres",
  columns: [
    { key: "parameter", label: "Paramètre", format: "text", width: 34 },
    { key: "value", label: "Valeur", format: "text", width: 110 },
  ],
});

export const consolidatedTables = [summaryTable, orderLinesTable, declarationsTable, workUnitsTable, productsTable, budgetTable, parametersTable];
