// Pure model of the consolidated workbook: database rows in, report rows out. Everything the tests
// assert on the figures is decided here (and in the SQL sums), never in a renderer.
import type { ProductPhase } from "../../db/schema";
import { Decimal, dec, toCents, type DecimalInput } from "../../app/lib/decimal";
import { formatDate, formatDateTime } from "../../app/lib/format";
import { phaseLabels, productKindLabels, riskLevelLabels, riskStatusLabels } from "../labels";
import type { ResolvedFilters } from "./filters";
import type { BudgetRow, ParameterRow, ProductRow, SummaryRow, WorkUnitRow } from "./tables";
import type { RawBudget } from "../../app/domain/budget/ae-cp.server";
import type { ReportedFigures } from "../../app/domain/consumption/queries.server";

const days = (v: DecimalInput | null | undefined) => dec(v).toFixed(1);
const cents = (v: DecimalInput | null | undefined) => toCents(dec(v));

function rate(consumed: Decimal, ordered: Decimal): string {
  return ordered.isZero() ? "0.0000" : consumed.dividedBy(ordered).toDecimalPlaces(4, Decimal.ROUND_HALF_UP).toFixed(4);
}

export interface RawSummary extends ReportedFigures {
  beneficiary: string;
  orders: string;
}

export function toSummaryRow(r: RawSummary): SummaryRow {
  const od = dec(r.ordered_days);
  const cd = dec(r.consumed_days);
  return {
    beneficiary: r.beneficiary,
    orders: Number(r.orders),
    orderedDays: days(od),
    orderedHt: cents(r.ordered_ht),
    orderedTtc: cents(r.ordered_ttc),
    consumedDays: days(cd),
    consumedHt: cents(r.consumed_ht),
    consumedTtc: cents(r.consumed_ttc),
    pendingDays: days(r.pending_days),
    remainingDays: days(od.minus(cd)),
    remainingHt: cents(dec(r.ordered_ht).minus(r.consumed_ht)),
    remainingTtc: cents(dec(r.ordered_ttc).minus(r.consumed_ttc)),
    releasedDays: days(r.released_days),
    releasedHt: cents(r.released_ht),
    releasedTtc: cents(r.released_ttc),
    consumptionRate: rate(cd, od),
  };
}

export interface RawWorkUnit {
  beneficiary: string;
  work_unit: string;
  orders: string;
  quantity: string;
  ordered_days: string;
  ordered_ht: string;
  consumed_days: string;
  consumed_ht: string;
  pending_days: string;
}

export function toWorkUnitRow(r: RawWorkUnit): WorkUnitRow {
  return {
    beneficiary: r.beneficiary,
    workUnit: r.work_unit,
    orders: Number(r.orders),
    quantity: dec(r.quantity).toFixed(3),
    orderedDays: days(r.ordered_days),
    orderedHt: cents(r.ordered_ht),
    consumedDays: days(r.consumed_days),
    consumedHt: cents(r.consumed_ht),
    pendingDays: days(r.pending_days),
    remainingDays: days(dec(r.ordered_days).minus(r.consumed_days)),
    remainingHt: cents(dec(r.ordered_ht).minus(r.consumed_ht)),
  };
}

export interface RawProduct {
  beneficiary: string;
  product: string;
  registry_id: string | null;
  incubator: string | null;
  kind: string;
  phase: ProductPhase | null;
  phase_since: string | null;
  stats_url: string | null;
  risks: { title: string; level: string; status: string }[] | null;
  orders: string;
  ordered_days: string;
  ordered_ht: string;
  consumed_days: string;
  consumed_ht: string;
}

/** Main risks: those not closed, the most severe first (the SQL sorts them). */
export function formatRisks(risks: RawProduct["risks"]): string {
  return (risks ?? []).map((r) => `${r.title} (${riskLevelLabels[r.level] ?? r.level}, ${riskStatusLabels[r.status] ?? r.status})`).join(" ; ");
}

export function toProductRow(r: RawProduct): ProductRow {
  return {
    beneficiary: r.beneficiary,
    product: r.product,
    registryId: r.registry_id ?? "saisi à la main",
    incubator: r.incubator ?? "",
    kind: productKindLabels[r.kind] ?? r.kind,
    phase: r.phase ? phaseLabels[r.phase] : "",
    phaseSince: r.phase_since,
    statsUrl: r.stats_url,
    risks: formatRisks(r.risks),
    orders: Number(r.orders),
    orderedDays: days(r.ordered_days),
    orderedHt: cents(r.ordered_ht),
    consumedDays: days(r.consumed_days),
    consumedHt: cents(r.consumed_ht),
    remainingDays: days(dec(r.ordered_days).minus(r.consumed_days)),
  };
}

export type { RawBudget };

export function toBudgetRow(r: RawBudget): BudgetRow {
  return {
    year: r.year,
    beneficiary: r.beneficiary,
    aeIssued: cents(r.ae_issued),
    aeAmended: cents(r.ae_amended),
    aeCancelled: cents(r.ae_cancelled),
    aeReleased: cents(r.ae_released),
    aeNet: cents(dec(r.ae_issued).plus(r.ae_amended).plus(r.ae_cancelled).plus(r.ae_released)),
    cp: cents(r.cp),
  };
}

export interface ExportContext {
  exportedAt: Date;
  exportedBy: string;
  scope: string;
  /** names of the filtered entities, for display */
  beneficiaryName?: string | null;
  contractorName?: string | null;
}

export const METHOD_NOTES: [string, string][] = [
  [
    "Bons de commande retenus",
    "Bons de commande émis ou soldés (les brouillons et les bons annulés sont exclus des feuilles Synthèse, Lignes de BC, UO x bénéficiaire et Produits), dont la période d'exécution recoupe la période filtrée.",
  ],
  [
    "Consommé, restant",
    "Consommé = jours et montants des déclarations validées (service fait), cumulés à la date d'export ; restant = commandé − consommé (R10). Les jours en attente sont ceux des déclarations soumises non encore validées.",
  ],
  [
    "Bons soldés (R13)",
    "Un bon de commande soldé compte pour ce qu'il a consommé : commandé = consommé, restant = 0 ; ce que le solde a libéré figure à part (colonnes « libéré »). La quantité (UO) reste celle du bon de commande.",
  ],
  [
    "TTC (R13)",
    "Le TTC est calculé une fois par bon de commande : commandé TTC = commandé HT + TVA arrondie au centime, consommé TTC de même, restant TTC = commandé TTC − consommé TTC (jamais le TTC du restant HT). Un total au-dessus du bon de commande est la somme des bons.",
  ],
  [
    "TVA et TTC par ligne",
    "La TVA est calculée sur le total du bon de commande et arrondie au centime (R5) ; elle est répartie sur les lignes, la dernière ligne absorbant l'arrondi, de sorte que la somme des lignes égale exactement le bon de commande. Le consommé TTC suit la même règle.",
  ],
  [
    "Déclarations",
    "Une ligne par ligne de déclaration soumise ou validée et par mois, pour les mois compris dans la période. Une correction porte la variation qu'elle apporte (éventuellement négative).",
  ],
  [
    "AE (engagements)",
    "Année d'émission : TTC de la révision initiale du bon de commande (date d'émission). Année d'un modificatif : écart de TTC entre la révision et la précédente (date d'effet). Année d'annulation : moins le TTC de la dernière révision. Année du solde : moins le TTC libéré (R13 : le bon soldé compte pour ce qu'il a consommé).",
  ],
  [
    "CP (paiements)",
    "TTC des factures payées dans l'année (date du paiement, R15). Le service fait validé non encore payé n'est pas un CP : il figure dans la feuille Factures (facturé non payé) et sur la page de chaque bon de commande (service fait non encore facturé).",
  ],
];

export function parameterRows(f: ResolvedFilters, ctx: ExportContext): ParameterRow[] {
  const period = f.from || f.to ? `${f.from ? `du ${formatDate(f.from)}` : "depuis l'origine"} ${f.to ? `au ${formatDate(f.to)}` : "à aujourd'hui"}` : "Toutes";
  return [
    { parameter: "Accord-cadre", value: f.contract ?? "Tous" },
    { parameter: "Année", value: f.year ? String(f.year) : "Toutes" },
    { parameter: "Période", value: period },
    { parameter: "Bénéficiaire", value: f.beneficiaryId ? (ctx.beneficiaryName ?? `n° ${f.beneficiaryId}`) : "Tous" },
    { parameter: "Titulaire", value: f.contractorId ? (ctx.contractorName ?? `n° ${f.contractorId}`) : "Tous" },
    { parameter: "Périmètre de l'utilisateur", value: ctx.scope },
    { parameter: "Exporté le", value: formatDateTime(ctx.exportedAt) + " (heure de Paris)" },
    { parameter: "Exporté par", value: ctx.exportedBy },
    ...METHOD_NOTES.map(([parameter, value]) => ({ parameter, value })),
  ];
}
