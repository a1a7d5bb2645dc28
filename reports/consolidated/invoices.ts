// The "Factures" sheet of the consolidated workbook (domain.md Reports 1, R15/R16) and its CSV
// (`--table factures`): one row per invoice of the selected orders, with its deadline, state and late
// interest as of the export's day. Declared once here (spec and pure model); rows from invoices.server.ts.
import { dec } from "../../app/lib/decimal";
import { halfYearLabel, type InvoiceClock } from "../../app/domain/invoices/deadline";
import { invoiceStatusLabels, type HolderApproval } from "../../app/domain/invoices/states";
import type { InvoiceStatus } from "../../db/schema";
import { defineTable } from "../spec/columns";
import { sharedColumns } from "../spec/shared-columns";

export interface InvoiceSheetRow {
  number: string;
  beneficiary: string;
  contractor: string;
  company: string;
  companySiret: string;
  orderNumber: string;
  ej: string;
  receivedOn: string;
  serviceFaitOn: string;
  amountHt: string;
  amountVat: string;
  amountTtc: string;
  state: string;
  suspendedOn: string | null;
  suspensionReason: string;
  dueOn: string | null;
  paidOn: string | null;
  daysLate: number;
  interestRate: string | null;
  interest: string | null;
  indemnity: string | null;
  note: string;
}

export const invoicesTable = defineTable<InvoiceSheetRow>({
  id: "factures",
  sheet: "Factures",
  totalsLabel: "Total",
  columns: [
    { key: "number", label: "N° de facture", format: "text", width: 18 },
    ...sharedColumns(["beneficiary", 36], ["contractor", 28]),
    { key: "company", label: "Entreprise qui facture", format: "text", width: 28 },
    { key: "companySiret", label: "SIRET de l'entreprise", format: "text", width: 16 },
    ...sharedColumns(["orderNumber", 20], ["ej", 14]),
    { key: "receivedOn", label: "Dépôt", format: "date", width: 12 },
    { key: "serviceFaitOn", label: "Service fait", format: "date", width: 12 },
    { key: "amountHt", label: "HT", format: "euros", width: 16, total: true },
    { key: "amountVat", label: "TVA", format: "euros", width: 14, total: true },
    { key: "amountTtc", label: "TTC", format: "euros", width: 16, total: true },
    { key: "state", label: "État", format: "text", width: 16 },
    { key: "suspendedOn", label: "Suspendue le", format: "date", width: 12 },
    { key: "suspensionReason", label: "Motif de la suspension", format: "text", width: 40 },
    { key: "dueOn", label: "Échéance", format: "date", width: 12 },
    { key: "paidOn", label: "Payée le", format: "date", width: 12 },
    { key: "daysLate", label: "Jours de retard", format: "integer", width: 10 },
    { key: "interestRate", label: "Taux des intérêts moratoires", format: "percent", width: 12 },
    { key: "interest", label: "Intérêts moratoires", format: "euros", width: 14, total: true },
    { key: "indemnity", label: "Indemnité forfaitaire", format: "euros", width: 12, total: true },
    { key: "note", label: "Observation", format: "text", width: 40 },
  ],
});

export interface RawInvoice {
  number: string;
  beneficiary_name: string;
  contractor_name: string;
  company_name: string;
  company_siret: string | null;
  order_number: string | null;
  ej_number: string;
  received_on: string;
  service_fait_on: string;
  amount_ht: string;
  amount_vat: string;
  amount_ttc: string;
  status: InvoiceStatus;
  suspended_on: string | null;
  suspension_reason: string | null;
  paid_on: string | null;
}

export function toInvoiceSheetRow(r: RawInvoice, clock: InvoiceClock, approval: HolderApproval | null = null): InvoiceSheetRow {
  const i = clock.interest;
  const note = !i.late
    ? clock.stopped
      ? "Délai suspendu"
      : ""
    : i.rateMissing
      ? `Taux BCE manquant (${halfYearLabel(i.halfYear)}) : intérêts non calculés`
      : `${r.paid_on ? "Payée" : "Non payée"} avec ${i.days} j de retard (BCE ${halfYearLabel(i.halfYear)} + 8 points)`;
  return {
    number: r.number,
    beneficiary: r.beneficiary_name,
    contractor: r.contractor_name,
    company: r.company_name,
    companySiret: r.company_siret ?? "",
    orderNumber: r.order_number ?? "",
    ej: r.ej_number,
    receivedOn: r.received_on,
    serviceFaitOn: r.service_fait_on,
    amountHt: r.amount_ht,
    amountVat: r.amount_vat,
    amountTtc: r.amount_ttc,
    state:
      approval?.state === "awaiting"
        ? "En attente d'acceptation du titulaire"
        : approval?.state === "refused"
          ? "Refusée par le titulaire"
          : invoiceStatusLabels[r.status],
    suspendedOn: r.suspended_on,
    suspensionReason: r.suspension_reason ?? "",
    dueOn: clock.dueOn,
    paidOn: r.paid_on,
    daysLate: clock.daysLate,
    interestRate: i.late && !i.rateMissing ? dec(i.rate).dividedBy(100).toFixed(4) : null,
    interest: i.late && !i.rateMissing ? i.interest : null,
    indemnity: i.late ? i.indemnity : null,
    note,
  };
}
