// Service fait certificate (report 4): a pure model of a validated declaration, then rendered to PDF.
import { dec } from "../../app/lib/decimal";
import { formatDateTime, formatDays, formatEuros, formatMonth } from "../../app/lib/format";
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
    validated_at: Date | string | null;
    validatedByName: string | null;
    submitted_at: Date | string | null;
    submittedByName: string | null;
  };
  lines: {
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
}

export interface ServiceFaitModel {
  title: string;
  fileName: string;
  facts: [string, string][];
  correction: boolean;
  columns: string[];
  rows: string[][];
  totals: string[];
  activities: { label: string; text: string }[];
  /** R18: [company, days, HT] rows; empty for a holder of one company whose people are all its own */
  companies: string[][];
  attestation: string;
}

export function serviceFaitModel({ declaration: d, lines, byCompany = [] }: ServiceFaitInput): ServiceFaitModel {
  if (d.status !== "validated" || !d.validated_at) throw new Error("Only a validated declaration has a service fait certificate");
  const correction = d.kind === "correction";
  const month = formatMonth(d.month);
  const totalDays = lines.reduce((s, l) => s.plus(l.days), dec(0));
  const totalDelta = lines.reduce((s, l) => s.plus(l.deltaDays ?? 0), dec(0));
  const totalAmount = lines.reduce((s, l) => s.plus(l.consumedAmount ?? 0), dec(0));
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
    ? ["Ligne", "UO", "Prix unitaire HT", "Jours du mois", "Écart (j)", "Montant HT de l'écart"]
    : ["Ligne", "UO", "Prix unitaire HT", "Jours", "Montant HT"];
  const rows = lines.map((l) =>
    correction
      ? [String(l.lineNo), l.workUnitLabel, formatEuros(l.unitPrice), formatDays(l.days), formatDays(l.deltaDays ?? 0), formatEuros(l.consumedAmount ?? 0)]
      : [String(l.lineNo), l.workUnitLabel, formatEuros(l.unitPrice), formatDays(l.days), formatEuros(l.consumedAmount ?? 0)],
  );
  const totals = correction
    ? ["Total", "", "", formatDays(totalDays), formatDays(totalDelta), formatEuros(totalAmount)]
    : ["Total", "", "", formatDays(totalDays), formatEuros(totalAmount)];
  return {
    title: `Attestation de service fait – ${month}`,
    fileName: `service-fait-${(d.orderNumber ?? String(d.id)).replace(/[^A-Za-z0-9_-]/g, "_")}-${d.month.slice(0, 7)}${correction ? `-correction-${d.id}` : ""}.pdf`,
    facts,
    correction,
    columns,
    rows,
    totals,
    companies:
      byCompany.length > 1 || (byCompany.length === 1 && byCompany[0].name !== d.contractorName)
        ? byCompany.map((c) => [c.name, formatDays(c.days), formatEuros(c.amountHt)])
        : [],
    activities: lines.filter((l) => l.activities.trim()).map((l) => ({ label: `Ligne ${l.lineNo} – ${l.workUnitLabel}`, text: l.activities.trim() })),
    attestation: `${d.validatedByName ?? ""}, correspondant ${de(d.beneficiaryName)}, atteste que les prestations ${de(month)} décrites ci-dessus ont été réalisées (service fait), pour ${formatDays(correction ? totalDelta : totalDays)} jour(s) et ${formatEuros(totalAmount)} HT.`,
  };
}
