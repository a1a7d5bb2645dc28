// The sheets of the DINUM consolidated workbook (domain.md Reports 1), each declared once and rendered
// by both the XLSX and the CSV renderers.
import type { Figures } from "../../app/domain/consumption/figures";
import { defineTable } from "../spec/columns";
import { sharedColumns, type ReportFigures } from "../spec/shared-columns";
import { ceilingsTable } from "./ceilings-sheet";
import { invoicesTable } from "./invoices";
import { subcontractingTable } from "./subcontracting-sheet";

export interface SummaryRow extends ReportFigures {
  beneficiary: string;
  orders: number;
}

export const summaryTable = defineTable<SummaryRow>({
  id: "synthese",
  sheet: "Synthèse",
  totalsLabel: "Total",
  columns: [
    ...sharedColumns(
      ["beneficiary", 42],
      ["orders", 12],
      ["orderedDays", 12],
      ["orderedHt", 16],
      ["orderedTtc", 16],
      ["consumedDays", 12],
      ["consumedHt", 16],
      ["consumedTtc", 16],
      ["pendingDays", 14, { label: "Jours en attente de validation" }],
      ["remainingDays", 12],
      ["remainingHt", 16],
      ["remainingTtc", 16],
      ["releasedDays", 12],
      ["releasedHt", 16],
    ),
    { key: "releasedTtc", label: "Libéré TTC (soldes)", format: "euros", width: 16, total: true },
    ...sharedColumns(["consumptionRate", 14, { label: "Taux de consommation (jours)" }]),
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
    ...sharedColumns(["contract", 13]),
    { key: "lot", label: "Lot", format: "integer", width: 5 },
    ...sharedColumns(["beneficiary", 32], ["product", 28], ["phase", 14], ["contractor", 26], ["orderNumber", 23], ["ej", 12], ["status", 21]),
    { key: "issuedOn", label: "Émis le", format: "date", width: 11 },
    ...sharedColumns(["periodStart", 11], ["periodEnd", 11], ["lineNo", 6], ["workUnit", 28], ["quantity", 10], ["orderedDays", 11]),
    { key: "unitPrice", label: "Prix unitaire HT", format: "euros", width: 14 },
    { key: "amountHt", label: "Montant HT", format: "euros", width: 15, total: true },
    { key: "vat", label: "TVA", format: "euros", width: 14, total: true },
    { key: "amountTtc", label: "Montant TTC", format: "euros", width: 15, total: true },
    ...sharedColumns(
      ["consumedDays", 11],
      ["consumedHt", 15],
      ["consumedTtc", 15],
      ["pendingDays", 11],
      ["remainingDays", 11],
      ["remainingHt", 15],
      ["remainingTtc", 15],
      ["releasedDays", 11, { label: "Jours libérés (solde)" }],
      ["releasedHt", 15, { label: "Libéré HT (solde)" }],
    ),
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
  /** R18: the companies of the people named on the line (the holder's lead when it names nobody), and their SIRETs */
  companies: string;
  companySirets: string;
}

export const declarationsTable = defineTable<DeclarationRow>({
  id: "declarations",
  sheet: "Déclarations",
  columns: [
    ...sharedColumns(
      ["contract", 13],
      ["beneficiary", 32],
      ["product", 28],
      ["contractor", 26],
      ["orderNumber", 23],
      ["ej", 12],
      ["month", 11],
      ["year", 7],
      ["kind", 11],
      ["status", 20],
    ),
    { key: "validatedOn", label: "Service fait le", format: "date", width: 12 },
    ...sharedColumns(
      ["lineNo", 6],
      ["workUnit", 28],
      ["declaredDays", 11],
      ["consumedDays", 13, { label: "Jours consommés (variation validée)" }],
      ["pendingDays", 13, { label: "Jours en attente (variation soumise)" }],
      ["consumedHt", 15],
      ["activities", 60],
    ),
    { key: "remainingEstimateDays", label: "Reste à faire estimé (j)", format: "days", width: 12 },
    { key: "remainingComment", label: "Commentaire sur le reste à faire", format: "text", width: 40 },
    { key: "correctionReason", label: "Motif de correction", format: "text", width: 40 },
    { key: "companies", label: "Entreprises", format: "text", width: 36 },
    { key: "companySirets", label: "SIRET des entreprises", format: "text", width: 32 },
  ],
});

export interface WorkUnitRow extends Omit<Figures, "releasedDays" | "releasedHt" | "consumptionRate"> {
  beneficiary: string;
  workUnit: string;
  orders: number;
  quantity: string;
}

export const workUnitsTable = defineTable<WorkUnitRow>({
  id: "uo-beneficiaire",
  sheet: "UO x bénéficiaire",
  columns: [
    ...sharedColumns(
      ["beneficiary", 42],
      ["workUnit", 30, { label: "Type d'UO" }],
      ["orders", 11, { total: false }],
      ["quantity", 11],
      ["orderedDays", 12],
      ["orderedHt", 16],
      ["consumedDays", 12],
      ["consumedHt", 16],
      ["pendingDays", 12],
      ["remainingDays", 12],
      ["remainingHt", 16],
    ),
  ],
});

export interface ProductRow {
  beneficiary: string;
  product: string;
  registryId: string;
  incubator: string;
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
    ...sharedColumns(["beneficiary", 36], ["product", 30]),
    { key: "registryId", label: "Fiche du registre beta.gouv.fr", format: "text", width: 26 },
    { key: "incubator", label: "Incubateur", format: "text", width: 16 },
    ...sharedColumns(["kind", 14, { label: "Nature" }], ["phase", 14, { label: "Phase actuelle" }]),
    { key: "phaseSince", label: "Phase actuelle depuis le", format: "date", width: 12 },
    { key: "statsUrl", label: "Mesure d'impact (page /stats)", format: "url", width: 40 },
    { key: "risks", label: "Principaux risques (non clos)", format: "text", width: 60 },
    ...sharedColumns(["orders", 11], ["orderedDays", 12], ["orderedHt", 16], ["consumedDays", 12], ["consumedHt", 16], ["remainingDays", 12]),
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
    ...sharedColumns(["year", 8], ["beneficiary", 42]),
    { key: "aeIssued", label: "AE : émissions TTC", format: "euros", width: 18, total: true },
    { key: "aeAmended", label: "AE : modificatifs TTC", format: "euros", width: 18, total: true },
    { key: "aeCancelled", label: "AE : annulations TTC", format: "euros", width: 18, total: true },
    { key: "aeReleased", label: "AE : libérations TTC (soldes)", format: "euros", width: 18, total: true },
    { key: "aeNet", label: "AE nettes TTC", format: "euros", width: 18, total: true },
    { key: "cp", label: "CP TTC (factures payées)", format: "euros", width: 18, total: true },
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

export const consolidatedTables = [
  summaryTable,
  orderLinesTable,
  declarationsTable,
  workUnitsTable,
  productsTable,
  budgetTable,
  ceilingsTable,
  invoicesTable,
  subcontractingTable,
  parametersTable,
];
