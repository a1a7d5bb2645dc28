// The columns several report tables show (consolidated workbook, follow-up), declared once: their label,
// format and whether the totals row sums them. A table picks them by key, with its own width, and words one
// its own way where it must (`label`, `total`).
import type { OrderFigures } from "../../app/domain/consumption/figures";
import type { Column, ColumnFormat } from "./columns";

/** The R13 figures of a row of a summary table (decimal strings): an order's or a group of orders' (consumption/figures.ts). */
export type ReportFigures = OrderFigures;

interface SharedColumn {
  label: string;
  format: ColumnFormat;
  total?: boolean;
}

const SHARED = {
  beneficiary: { label: "Bénéficiaire", format: "text" },
  orders: { label: "Bons de commande", format: "integer", total: true },
  orderedDays: { label: "Jours commandés", format: "days", total: true },
  orderedHt: { label: "Commandé HT", format: "euros", total: true },
  orderedTtc: { label: "Commandé TTC", format: "euros", total: true },
  consumedDays: { label: "Jours consommés", format: "days", total: true },
  consumedHt: { label: "Consommé HT", format: "euros", total: true },
  consumedTtc: { label: "Consommé TTC", format: "euros", total: true },
  pendingDays: { label: "Jours en attente", format: "days", total: true },
  remainingDays: { label: "Jours restants", format: "days", total: true },
  remainingHt: { label: "Restant HT", format: "euros", total: true },
  remainingTtc: { label: "Restant TTC", format: "euros", total: true },
  releasedDays: { label: "Jours libérés (soldes)", format: "days", total: true },
  releasedHt: { label: "Libéré HT (soldes)", format: "euros", total: true },
  consumptionRate: { label: "Taux (jours)", format: "percent" },
  contract: { label: "Accord-cadre", format: "text" },
  product: { label: "Produit", format: "text" },
  phase: { label: "Phase", format: "text" },
  contractor: { label: "Titulaire", format: "text" },
  orderNumber: { label: "N° de bon de commande", format: "text" },
  ej: { label: "EJ", format: "text" },
  status: { label: "Statut", format: "text" },
  periodStart: { label: "Début", format: "date" },
  periodEnd: { label: "Fin", format: "date" },
  lineNo: { label: "Ligne", format: "integer" },
  workUnit: { label: "UO", format: "text" },
  quantity: { label: "Quantité (UO)", format: "quantity", total: true },
  month: { label: "Mois", format: "date" },
  year: { label: "Année", format: "integer" },
  kind: { label: "Type", format: "text" },
  declaredDays: { label: "Jours déclarés du mois", format: "days" },
  activities: { label: "Activités réalisées", format: "text" },
  estimatedRemainingDays: { label: "Reste à faire estimé par le titulaire (j)", format: "days" },
  remainingWork: { label: "Reste à faire (activités)", format: "text" },
} satisfies Record<string, SharedColumn>;

export type SharedKey = keyof typeof SHARED;

/** The shared columns `[key, width, overrides?]`, in order, as columns of a table of rows `R`. */
export function sharedColumns<R>(...specs: [key: SharedKey & keyof R, width: number, overrides?: { label?: string; total?: boolean }][]): Column<R>[] {
  return specs.map(([key, width, overrides]) => {
    const c: SharedColumn = { ...SHARED[key], ...overrides };
    return { key, label: c.label, format: c.format, width, ...(c.total ? { total: true } : {}) };
  });
}
