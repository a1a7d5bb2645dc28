// Service fait certificate (report 4): a pure model of a validated declaration, then rendered to PDF.
import { dec, toCents } from "../../app/lib/decimal";
import { allocateVat, daysFromQuantity } from "../../app/domain/orders/amounts";
import { formatDateTime, formatDays, formatEuros, formatMonth, formatPercent } from "../../app/lib/format";
import { de } from "../../app/lib/french";

export interface ServiceFaitInput {
  declaration: {
    id: number;
    month: string;
    kind: "initial" | "correction";
    status: string;
    correction_reason: string | null;
    corrects_id: number | null;
    orderNumber: string | null;
    ejNumber: string | null;
    productName: string;
    beneficiaryName: string;
    contractorName: string;
    contractReference: string;
    /** the order's VAT rate (R5) */
    vatRate: string;
    validated_at: Date | string | null;
    validatedByName: string | null;
    submitted_at: Date | string | null;
    submittedByName: string | null;
  };
  lines: {
    orderLineId: number;
    lineNo: number;
    workUnitLabel: string;
    unitPrice: string;
    days: string;
    deltaDays: string | null;
    consumedAmount: string | null;
    activities: string;
  }[];
  /** R18: the service fait per company (companies/allocation.ts), when the holder's people are named */
  byCompany?: { name: string; days: string; amountHt: string }[];
  /** each order line once this declaration was validated (query.server.ts lineProgressAtValidation) */
  progress?: ServiceFaitLineProgress[];
}

export interface ServiceFaitLineProgress {
  orderLineId: number;
  /** the line as ordered when the declaration was validated */
  orderedQuantity: string;
  orderedHt: string;
  /** validated up to this declaration, this one included */
  consumedDays: string;
  consumedHt: string;
}

export interface ServiceFaitModel {
  title: string;
  fileName: string;
  facts: [string, string][];
  correction: boolean;
  columns: string[];
  rows: string[][];
  totals: string[];
  /** HT, VAT at the order's rate and TTC of the declaration */
  amounts: [string, string][];
  /** [line, UO, ordered days, consumed days, consumed HT, remaining days, remaining HT] after this declaration */
  progressColumns: string[];
  progress: string[][];
  activities: { label: string; text: string }[];
  /** R18: [company, days, HT] rows; empty for a holder of one company whose people are all its own */
  companies: string[][];
  attestation: string;
}

export function serviceFaitModel({ declaration: d, lines, byCompany = [], progress = [] }: ServiceFaitInput): ServiceFaitModel {
  if (d.status !== "validated" || !d.validated_at) throw new Error("Only a validated declaration has a service fait certificate");
  const correction = d.kind === "correction";
  const month = formatMonth(d.month);
  const totalDays = lines.reduce((s, l) => s.plus(l.days), dec(0));
  const totalDelta = lines.reduce((s, l) => s.plus(l.deltaDays ?? 0), dec(0));
  const totalAmount = lines.reduce((s, l) => s.plus(l.consumedAmount ?? 0), dec(0));
  // R5: VAT on the declaration's total, each line's share allocated so that the lines add up to it
  const vat = allocateVat(
    lines.map((l) => l.consumedAmount ?? 0),
    d.vatRate,
  );
  const totalVat = vat.reduce((s, v) => s.plus(v), dec(0));
  const vatLabel = `TVA (${formatPercent(d.vatRate, 1)})`;
  const facts: [string, string][] = [
    ["Bon de commande", d.orderNumber ?? ""],
    ["Engagement juridique (EJ)", d.ejNumber ?? "non renseigné"],
    ["Accord-cadre", d.contractReference],
    ["Produit", d.productName],
    ["Bénéficiaire", d.beneficiaryName],
    ["Titulaire", d.contractorName],
    ["Mois", month],
    ["Déclaration", `n° ${d.id}${correction ? ` (corrective de la déclaration n° ${d.corrects_id})` : ""}`],
  ];
  if (correction) facts.push(["Motif de la correction", d.correction_reason ?? ""]);
  facts.push(["Soumise", `le ${formatDateTime(d.submitted_at)} par ${d.submittedByName ?? ""}`]);
  facts.push(["Service fait validé", `le ${formatDateTime(d.validated_at)} par ${d.validatedByName ?? ""}`]);
  const columns = correction
    ? ["N°", "UO", "Prix unitaire HT", "Jours du mois", "Écart (j)", "Montant HT de l'écart", "TVA", "Montant TTC"]
    : ["N°", "UO", "Prix unitaire HT", "Jours", "Montant HT", "TVA", "Montant TTC"];
  const rows = lines.map((l, i) => {
    const ht = l.consumedAmount ?? "0";
    const amounts = [formatEuros(ht), formatEuros(vat[i]), formatEuros(dec(ht).plus(vat[i]))];
    return correction
      ? [String(l.lineNo), l.workUnitLabel, formatEuros(l.unitPrice), formatDays(l.days), formatDays(l.deltaDays ?? 0), ...amounts]
      : [String(l.lineNo), l.workUnitLabel, formatEuros(l.unitPrice), formatDays(l.days), ...amounts];
  });
  const totalAmounts = [formatEuros(totalAmount), formatEuros(totalVat), formatEuros(totalAmount.plus(totalVat))];
  const totals = correction
    ? ["Total", "", "", formatDays(totalDays), formatDays(totalDelta), ...totalAmounts]
    : ["Total", "", "", formatDays(totalDays), ...totalAmounts];
  const byLine = new Map(progress.map((p) => [p.orderLineId, p]));
  return {
    title: `Attestation de service fait – ${month}`,
    fileName: `service-fait-${(d.orderNumber ?? String(d.id)).replace(/[^A-Za-z0-9_-]/g, "_")}-${d.month.slice(0, 7)}${correction ? `-correction-${d.id}` : ""}.pdf`,
    facts,
    correction,
    columns,
    rows,
    totals,
    amounts: [
      [correction ? "Total HT de l'écart" : "Total HT", formatEuros(totalAmount)],
      [vatLabel, formatEuros(totalVat)],
      [correction ? "Total TTC de l'écart" : "Total TTC", formatEuros(totalAmount.plus(totalVat))],
    ],
    progressColumns: ["N°", "UO", "Commandé (j)", "Consommé (j)", "Consommé HT", "Restant (j)", "Restant HT"],
    progress: lines.flatMap((l) => {
      const p = byLine.get(l.orderLineId);
      if (!p) return [];
      const ordered = daysFromQuantity(p.orderedQuantity);
      return [
        [
          String(l.lineNo),
          l.workUnitLabel,
          formatDays(ordered.toFixed(1)),
          formatDays(dec(p.consumedDays).toFixed(1)),
          formatEuros(p.consumedHt),
          formatDays(ordered.minus(p.consumedDays).toFixed(1)),
          formatEuros(toCents(dec(p.orderedHt).minus(p.consumedHt))),
        ],
      ];
    }),
    companies:
      byCompany.length > 1 || (byCompany.length === 1 && byCompany[0].name !== d.contractorName)
        ? byCompany.map((c) => [c.name, formatDays(c.days), formatEuros(c.amountHt)])
        : [],
    activities: lines.filter((l) => l.activities.trim()).map((l) => ({ label: `Ligne ${l.lineNo} – ${l.workUnitLabel}`, text: l.activities.trim() })),
    attestation: `${d.validatedByName ?? ""}, correspondant ${de(d.beneficiaryName)}, atteste que les prestations ${de(month)} décrites ci-dessus ont été réalisées (service fait), pour ${formatDays(correction ? totalDelta : totalDays)} jour(s) et ${formatEuros(totalAmount)} HT, soit ${formatEuros(totalAmount.plus(totalVat))} TTC.`,
  };
}
