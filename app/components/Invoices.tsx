// R15/R16 on screen: an invoice's state badge, its deadline figures, the invoices table and an order's
// "Factures" section. Presentational: the figures come from the loaders (domain/invoices).
import { Link } from "@remix-run/react";
import type { InvoiceStatus } from "../../db/schema";
import type { InvoiceClock } from "../domain/invoices/deadline";
import { halfYearLabel } from "../domain/invoices/deadline";
import { invoiceStatusBadge, invoiceStatusLabels, type HolderApproval } from "../domain/invoices/states";
import { companyKindLabels } from "../domain/companies/labels";
import type { InvoicingCompany } from "../domain/invoices/by-company.server";
import type { InvoiceRow } from "../domain/invoices/queries.server";
import { formatDate, formatEuros } from "../lib/format";
import { ColumnTable, type Column } from "./ColumnTable";

/** The state, and for a subcontractor's invoice the step before R15's: awaiting the holder's approval, or refused by it (R18). */
export function InvoiceStatusBadge({ status, small, approval }: { status: InvoiceStatus; small?: boolean; approval?: HolderApproval | null }) {
  const awaiting = approval?.state === "awaiting";
  const label = awaiting ? "En attente d'acceptation du titulaire" : approval?.state === "refused" ? "Refusée par le titulaire" : invoiceStatusLabels[status];
  return (
    <span className={`fr-badge ${awaiting ? "fr-badge--warning" : invoiceStatusBadge[status]}${small ? " fr-badge--sm" : ""}`} data-testid="invoice-status">
      {label}
    </span>
  );
}

/** The due date, or why there is none. */
export function DueDate({ clock, status }: { clock: InvoiceClock; status: InvoiceStatus }) {
  if (status === "rejected") return <>—</>;
  if (clock.stopped) return <span>Délai suspendu</span>;
  return <>{formatDate(clock.dueOn)}</>;
}

/** Days late and the interest owed (R16), "taux manquant" when the half-year's ECB rate is not in the table. */
export function LateInterestText({ clock }: { clock: InvoiceClock }) {
  const i = clock.interest;
  if (!i.late) return <>—</>;
  if (i.rateMissing) {
    return (
      <span data-testid="interest">
        {i.days} j de retard, <strong>taux manquant</strong> ({halfYearLabel(i.halfYear)})
      </span>
    );
  }
  return (
    <span data-testid="interest">
      {i.days} j de retard : {formatEuros(i.total)}
    </span>
  );
}

/** A row of an invoices table: the list's and the order page's rows (queries.server.ts `InvoiceRow`). */
export type InvoiceListRow = Pick<
  InvoiceRow,
  | "id"
  | "number"
  | "orderId"
  | "orderNumber"
  | "beneficiaryName"
  | "contractorName"
  | "companyName"
  | "holderApproval"
  | "receivedOn"
  | "amountHt"
  | "amountTtc"
  | "status"
  | "paidOn"
  | "clock"
>;

/** An invoice's first column in the home's tables: its number, linked, and its order's. */
export const invoiceNumberColumn: Column<{ id: number; number: string; orderNumber: string }> = {
  header: "Facture",
  cell: (invoice) => (
    <>
      <Link to={`/factures/${invoice.id}`}>{invoice.number}</Link>
      <br />
      <span className="fr-text--xs">{invoice.orderNumber}</span>
    </>
  ),
};

export function InvoicesTable({
  rows,
  caption,
  showOrder = true,
  showContractor = showOrder,
  id = "invoices",
}: {
  rows: InvoiceListRow[];
  caption: string;
  showOrder?: boolean;
  showContractor?: boolean;
  id?: string;
}) {
  return (
    <ColumnTable
      caption={caption}
      id={id}
      rows={rows}
      rowKey={(r) => r.id}
      rowTestId={(r) => `invoice-${r.number}`}
      columns={[
        { header: "Facture", cell: (r) => <Link to={`/factures/${r.id}`}>{r.number}</Link> },
        showOrder && {
          header: "Bon de commande",
          cell: (r) => (
            <>
              <Link to={`/commandes/${r.orderId}`}>{r.orderNumber}</Link>
              <br />
              <span className="fr-text--xs">{r.beneficiaryName}</span>
            </>
          ),
        },
        showContractor && { header: "Titulaire", cell: (r) => r.contractorName },
        {
          header: "Émise par",
          cell: (r) => (
            <>
              {r.companyName}
              {r.holderApproval && (
                <>
                  <br />
                  <span className="fr-text--xs">sous-traitant</span>
                </>
              )}
            </>
          ),
        },
        { header: "Dépôt", cell: (r) => formatDate(r.receivedOn) },
        { header: "HT", cell: (r) => formatEuros(r.amountHt), num: true },
        { header: "TTC", cell: (r) => formatEuros(r.amountTtc), num: true },
        { header: "État", cell: (r) => <InvoiceStatusBadge status={r.status} approval={r.holderApproval} small /> },
        { header: "Échéance", cell: (r) => (r.holderApproval?.state === "awaiting" ? "—" : <DueDate clock={r.clock} status={r.status} />) },
        { header: "Paiement", cell: (r) => (r.paidOn ? formatDate(r.paidOn) : "—") },
        { header: "Retard et intérêts moratoires", cell: (r) => <LateInterestText clock={r.clock} /> },
      ]}
    />
  );
}

/** An order's "Factures" section: service fait validated, invoiced, paid, not yet invoiced, and its invoices. */
export function OrderInvoices({
  invoicing,
  canRecord,
  canApprove,
}: {
  invoicing: {
    order: { id: number };
    validatedHt: string;
    invoicedHt: string;
    invoicedTtc: string;
    paidTtc: string;
    notInvoicedHt: string;
    invoices: InvoiceListRow[];
    invoiceCount: number;
    companies: InvoicingCompany[];
  };
  canRecord: boolean;
  /** R18: the holder sees which of its subcontractors' invoices await its approval */
  canApprove?: boolean;
}) {
  const awaiting = canApprove ? invoicing.invoices.filter((i) => i.holderApproval?.state === "awaiting").length : 0;
  const tiles = [
    { label: "Service fait validé (HT)", value: invoicing.validatedHt, id: "validated" },
    { label: "Facturé (HT)", value: invoicing.invoicedHt, id: "invoiced" },
    { label: "Facturé (TTC)", value: invoicing.invoicedTtc, id: "invoiced-ttc" },
    { label: "Payé (TTC)", value: invoicing.paidTtc, id: "paid" },
    { label: "Service fait non encore facturé (HT)", value: invoicing.notInvoicedHt, id: "not-invoiced" },
  ];
  return (
    <section aria-labelledby="invoices-title" className="fr-mt-4w" id="factures">
      <h2 className="fr-h4" id="invoices-title">
        Factures
      </h2>
      <dl className="fr-grid-row fr-grid-row--gutters fr-mb-2w">
        {tiles.map((t) => (
          <div key={t.id} className="fr-col-6 fr-col-md-4 fr-col-lg">
            <dt className="fr-text--sm fr-mb-0">{t.label}</dt>
            <dd className="fr-text--lead fr-text--bold fr-mb-0" data-testid={`invoicing-${t.id}`}>
              {formatEuros(t.value)}
            </dd>
          </div>
        ))}
      </dl>
      {invoicing.companies.length > 1 && <CompaniesTable companies={invoicing.companies} />}
      {awaiting > 0 && (
        <div className="fr-alert fr-alert--warning fr-alert--sm fr-mb-2w" data-testid="order-awaiting-approval">
          <p>
            {awaiting === 1 ? "Une facture de sous-traitant attend" : `${awaiting} factures de sous-traitants attendent`} votre acceptation (15 jours ; votre
            silence vaut acceptation) : ouvrez-la pour l'accepter ou la refuser.
          </p>
        </div>
      )}
      {canRecord && (
        <p>
          <Link className="fr-btn fr-btn--secondary fr-icon-add-line fr-btn--icon-left" to={`/factures/nouvelle?commande=${invoicing.order.id}`}>
            Enregistrer une facture
          </Link>
        </p>
      )}
      {invoicing.invoices.length ? (
        <InvoicesTable rows={invoicing.invoices} caption={`${invoicing.invoiceCount} facture(s) de ce bon de commande`} showOrder={false} id="order-invoices" />
      ) : (
        <p>Aucune facture pour ce bon de commande.</p>
      )}
      {invoicing.invoiceCount > invoicing.invoices.length && (
        <p>
          <Link to={`/factures?commande=${invoicing.order.id}`}>Toutes les factures de ce bon de commande</Link>
        </p>
      )}
    </section>
  );
}

/** R18: an order's service fait, invoices and payments by company (a groupement's members, its accepted subcontractors). */
function CompaniesTable({ companies }: { companies: InvoicingCompany[] }) {
  return (
    <ColumnTable
      caption="Par entreprise (HT)"
      id="invoicing-companies"
      rows={companies}
      rowKey={(c) => c.id}
      rowTestId={(c) => `company-${c.id}`}
      columns={[
        {
          header: "Entreprise",
          rowHeader: true,
          cell: (c) => (
            <>
              {c.name}
              <br />
              <span className="fr-text--xs">
                {companyKindLabels[c.kind]}
                {c.siret && `, SIRET ${c.siret}`}
              </span>
            </>
          ),
        },
        { header: "Montant accepté", cell: (c) => (c.acceptedHt == null ? "—" : formatEuros(c.acceptedHt)), num: true },
        { header: "Service fait validé", cell: (c) => formatEuros(c.serviceFaitHt), num: true },
        { header: "Facturé", cell: (c) => formatEuros(c.invoicedHt), num: true },
        { header: "Payé", cell: (c) => formatEuros(c.paidHt), num: true },
        { header: "Reste à facturer", cell: (c) => formatEuros(c.leftHt), num: true, testId: "company-left" },
      ]}
    />
  );
}
