// The bon de commande (R7) as a pure model: every string the PDF shows, formatted the French way.
import type { WorkUnitCode } from "../../db/schema";
import { daysFromQuantity, formatDayRate } from "../../app/domain/orders/amounts";
import { dec, type DecimalInput } from "../../app/lib/decimal";
import { formatDate, formatDateTime, formatDays, formatEuros, formatPercent, formatQuantity } from "../../app/lib/format";
import { de } from "../../app/lib/french";

export interface PurchaseOrderDocumentInput {
  order: {
    id: number;
    number: string;
    status: "issued" | "closed" | "cancelled" | "draft";
    title: string;
    periodStart: string;
    periodEnd: string;
    vatRate: string;
    ejNumber: string | null;
    budgetProgramme: string | null;
    budgetCentre: string | null;
    issuedOn: string;
    issuerName: string;
    issuerEmail: string;
    currentRevision: number;
    closedReason: string | null;
    cancelReason: string | null;
  };
  contract: { reference: string; title: string; buyer: string; notifiedOn: string | null; lotNumber: number; lotTitle: string };
  beneficiary: { name: string; acronym: string };
  product: { name: string };
  contractor: { name: string; siret: string | null; address: string; email: string };
  revision: {
    revisionNo: number;
    reason: string;
    effectiveOn: string;
    createdAt: Date | string;
    authorName: string;
    totalHt: string;
    totalVat: string;
    totalTtc: string;
    lines: { line_no: number; work_unit_code: WorkUnitCode; quantity: string; unit_price: string; amount_ht: string }[];
  };
  /** the revision this one amends (its number − 1); null or absent for revision 0 */
  previous?: {
    revisionNo: number;
    effectiveOn: string;
    totalHt: string;
    totalVat: string;
    totalTtc: string;
    lines: PurchaseOrderDocumentInput["revision"]["lines"];
  } | null;
  workUnitLabels: Partial<Record<WorkUnitCode, string>>;
}

/** What an amendment changed, line by line and in total, against the revision it amends. */
export interface AmendmentModel {
  heading: string;
  columns: string[];
  rows: string[][];
  totalsColumns: string[];
  totals: string[][];
}

export interface PurchaseOrderModel {
  fileName: string;
  title: string;
  subtitle: string;
  notice: string | null;
  parties: { heading: string; lines: string[] }[];
  facts: [string, string][];
  columns: string[];
  rows: string[][];
  totals: [string, string][];
  amendment: AmendmentModel | null;
  commitment: [string, string][];
  signatures: { heading: string; lines: string[] }[];
  footer: string;
}

export function purchaseOrderModel(input: PurchaseOrderDocumentInput, generatedAt: Date = new Date()): PurchaseOrderModel {
  const { order, contract, beneficiary, product, contractor, revision } = input;
  const revisionText =
    revision.revisionNo === 0
      ? `Révision 0 : émission du ${formatDate(revision.effectiveOn)}`
      : `Révision ${revision.revisionNo} du ${formatDate(revision.effectiveOn)} (bon de commande modificatif) : ${revision.reason}`;
  const notice =
    order.status === "cancelled"
      ? `Bon de commande ANNULÉ${order.cancelReason ? ` : ${order.cancelReason}` : ""}`
      : order.status === "closed"
        ? `Bon de commande SOLDÉ${order.closedReason ? ` : ${order.closedReason}` : ""}`
        : revision.revisionNo < order.currentRevision
          ? `Cette révision a été remplacée : la révision en vigueur est la n° ${order.currentRevision}.`
          : null;
  return {
    fileName: `bon-de-commande-${order.number}${revision.revisionNo > 0 ? `-rev${revision.revisionNo}` : ""}.pdf`,
    title: `Bon de commande n° ${order.number}`,
    subtitle: revisionText,
    notice,
    parties: [
      {
        heading: "Acheteur",
        lines: [
          contract.buyer,
          `Bénéficiaire : ${beneficiary.name}${beneficiary.acronym && beneficiary.acronym !== beneficiary.name ? ` (${beneficiary.acronym})` : ""}`,
          `Émis par : ${order.issuerName} (${order.issuerEmail})`,
        ],
      },
      {
        heading: "Titulaire",
        lines: [
          contractor.name,
          ...(contractor.siret ? [`SIRET : ${contractor.siret}`] : []),
          ...(contractor.address ? [contractor.address] : []),
          ...(contractor.email ? [contractor.email] : []),
        ],
      },
    ],
    facts: [
      ["Accord-cadre", `${contract.reference} – ${contract.title}${contract.notifiedOn ? ` (notifié le ${formatDate(contract.notifiedOn)})` : ""}`],
      ["Lot", `Lot ${contract.lotNumber} : ${contract.lotTitle}`],
      ["Produit", product.name],
      ...(order.title ? [["Objet", order.title] as [string, string]] : []),
      ["Période d'exécution", `du ${formatDate(order.periodStart)} au ${formatDate(order.periodEnd)}`],
      ["Date d'émission", formatDate(order.issuedOn)],
    ],
    columns: ["N°", "Unité d'œuvre", "Quantité (UO)", "Jours", "Prix unitaire HT", "Prix de journée HT", "Montant HT"],
    rows: revision.lines.map((l) => [
      String(l.line_no),
      input.workUnitLabels[l.work_unit_code] ?? l.work_unit_code,
      formatQuantity(l.quantity),
      formatDays(daysFromQuantity(l.quantity)),
      formatEuros(l.unit_price),
      formatDayRate(l.unit_price),
      formatEuros(l.amount_ht),
    ]),
    totals: [
      ["Total HT", formatEuros(revision.totalHt)],
      [`TVA (${formatPercent(order.vatRate, 1)})`, formatEuros(revision.totalVat)],
      ["Total TTC", formatEuros(revision.totalTtc)],
    ],
    amendment: input.previous ? amendmentModel(input, input.previous) : null,
    commitment: [
      ["Engagement juridique (EJ)", order.ejNumber ?? "à compléter"],
      ["Programme", order.budgetProgramme ?? "à compléter"],
      ["Centre financier", order.budgetCentre ?? "à compléter"],
    ],
    signatures: [
      {
        heading: "Pour l'acheteur",
        lines: [`${order.issuerName}, correspondant·e ${de(beneficiary.name)}`, `Le ${formatDate(revision.effectiveOn)}`, "Signature :"],
      },
      { heading: "Pour le titulaire (bon pour accord)", lines: [contractor.name, "Nom, qualité et date :", "Signature :"] },
    ],
    footer: `Bon de commande ${order.number} – révision ${revision.revisionNo} – édité le ${formatDateTime(generatedAt)} par Pilotage UO. 1 UO = 20 jours ; prix du bordereau approuvé en vigueur à l'émission.`,
  };
}

/** A change of amount, signed: "+1 234,00 €", "-617,28 €", "0,00 €". */
function signedEuros(value: DecimalInput): string {
  return `${dec(value).greaterThan(0) ? "+" : ""}${formatEuros(value)}`;
}

/**
 * The amendment's changes: each line of the revision with its quantity and amount HT before and after (lines
 * are matched by number: an amendment never renumbers nor removes a line, a new line takes the next number).
 */
function amendmentModel(input: PurchaseOrderDocumentInput, previous: NonNullable<PurchaseOrderDocumentInput["previous"]>): AmendmentModel {
  const { order, revision } = input;
  const before = new Map(previous.lines.map((l) => [l.line_no, l]));
  const label = (code: WorkUnitCode) => input.workUnitLabels[code] ?? code;
  const vat = `TVA (${formatPercent(order.vatRate, 1)})`;
  return {
    heading: `Modifications apportées par la révision ${revision.revisionNo} à la révision ${previous.revisionNo} du ${formatDate(previous.effectiveOn)}`,
    columns: ["N°", "Unité d'œuvre", "Quantité avant (UO)", "Quantité après (UO)", "Montant HT avant", "Montant HT après", "Variation HT"],
    rows: revision.lines.map((l) => {
      const old = before.get(l.line_no);
      if (!old)
        return [
          String(l.line_no),
          label(l.work_unit_code),
          "–",
          formatQuantity(l.quantity),
          "–",
          formatEuros(l.amount_ht),
          `${signedEuros(l.amount_ht)}\nligne ajoutée`,
        ];
      const unchanged = dec(old.quantity).equals(l.quantity);
      return [
        String(l.line_no),
        label(l.work_unit_code),
        formatQuantity(old.quantity),
        formatQuantity(l.quantity),
        formatEuros(old.amount_ht),
        formatEuros(l.amount_ht),
        unchanged ? "ligne inchangée" : signedEuros(dec(l.amount_ht).minus(old.amount_ht)),
      ];
    }),
    totalsColumns: ["", `Avant (révision ${previous.revisionNo})`, `Après (révision ${revision.revisionNo})`, "Variation"],
    totals: (
      [
        ["Total HT", previous.totalHt, revision.totalHt],
        [vat, previous.totalVat, revision.totalVat],
        ["Total TTC", previous.totalTtc, revision.totalTtc],
      ] as const
    ).map(([name, a, b]) => [name, formatEuros(a), formatEuros(b), signedEuros(dec(b).minus(a))]),
  };
}
