// The invoices block of each home page (issue 17): a few rows and links to /factures filtered. Presentational.
import { Link } from "@remix-run/react";
import type { InvoiceStatus } from "../../db/schema";
import type { InvoiceClock } from "../domain/invoices/deadline";
import type { HolderApproval } from "../domain/invoices/states";
import { formatDate, formatEuros, formatPercent } from "../lib/format";
import { ColumnTable } from "./ColumnTable";
import { DueDate, invoiceNumberColumn, InvoiceStatusBadge, LateInterestText } from "./Invoices";

interface Row {
  id: number;
  number: string;
  orderNumber: string;
  contractorName: string;
  amountTtc: string;
  status: InvoiceStatus;
  clock: InvoiceClock;
  interestPerDay?: string | null;
  /** R18: a subcontractor's invoice, first approved by the holder */
  holderApproval?: HolderApproval | null;
}

type InvoiceHomeData =
  | {
      kind: "payments";
      stats: {
        paidCount: number;
        averageDays: string | null;
        lateShare: string | null;
        interest: { beneficiary: string; year: number; invoices: number; total: string; rateMissing: number; unpaid: number }[];
      };
    }
  | { kind: "watch"; late: Row[]; lateCount: number; latePerDay: string; soon: Row[]; soonCount: number }
  | {
      kind: "contractor";
      byStatus: { status: InvoiceStatus; count: number; ttc: string }[];
      open: Row[];
      openCount: number;
      awaitingApproval: { count: number; firstDueOn: string | null };
    }
  | null;

function WatchTable({ rows, caption, id, late }: { rows: Row[]; caption: string; id: string; late: boolean }) {
  return (
    <ColumnTable
      caption={caption}
      id={id}
      rows={rows}
      rowKey={(r) => r.id}
      rowTestId={(r) => `home-invoice-${r.number}`}
      columns={[
        invoiceNumberColumn,
        { header: "Titulaire", cell: (r) => r.contractorName },
        { header: "TTC", cell: (r) => formatEuros(r.amountTtc), num: true },
        { header: "Échéance", cell: (r) => formatDate(r.clock.dueOn) },
        { header: late ? "Retard et intérêts dus" : "Jours restants", cell: (r) => (late ? <LateInterestText clock={r.clock} /> : `${r.clock.daysLeft} j`) },
        { header: "Coût d'un jour de retard", cell: (r) => (r.interestPerDay ? formatEuros(r.interestPerDay) : "taux manquant"), num: true },
      ]}
    />
  );
}

export function InvoiceHome({ data }: { data: InvoiceHomeData }) {
  if (!data) return null;
  if (data.kind === "watch") {
    if (!data.lateCount && !data.soonCount) return null;
    return (
      <section className="fr-mb-4w" aria-labelledby="home-invoices" data-testid="home-invoices">
        <h2 className="fr-h4" id="home-invoices">
          Factures à payer
        </h2>
        {data.lateCount > 0 && (
          <>
            <p>
              <Link to="/factures?echeance=retard">
                {data.lateCount} facture{data.lateCount > 1 ? "s" : ""} en retard
              </Link>{" "}
              : ensemble, elles coûtent {formatEuros(data.latePerDay)} d'intérêts moratoires par jour.
            </p>
            <WatchTable rows={data.late} late caption="Factures en retard (les plus anciennes d'abord)" id="home-invoices-late" />
          </>
        )}
        {data.soonCount > 0 && (
          <>
            <p>
              <Link to="/factures?echeance=7j">
                {data.soonCount} facture{data.soonCount > 1 ? "s" : ""} à payer dans les 7 jours
              </Link>
            </p>
            <WatchTable rows={data.soon} late={false} caption="Factures à payer dans les 7 jours" id="home-invoices-soon" />
          </>
        )}
      </section>
    );
  }
  if (data.kind === "payments") {
    const s = data.stats;
    return (
      <section className="fr-mb-4w" aria-labelledby="home-payments" data-testid="home-payments">
        <h2 className="fr-h4" id="home-payments">
          Paiement des factures
        </h2>
        <p data-testid="payment-time">
          {s.paidCount
            ? `Délai global de paiement moyen sur 12 mois : ${s.averageDays!.replace(".", ",")} jours (${s.paidCount} facture${s.paidCount > 1 ? "s" : ""} payée${s.paidCount > 1 ? "s" : ""}), dont ${formatPercent(s.lateShare, 0)} payées en retard.`
            : "Aucune facture payée ces 12 derniers mois."}{" "}
          <Link to="/factures?echeance=retard">Factures en retard</Link>
        </p>
        {s.interest.length > 0 && (
          <ColumnTable
            caption="Intérêts moratoires et indemnités dus, par année et par bénéficiaire"
            id="home-interest"
            rows={s.interest}
            rowKey={(g) => `${g.year}-${g.beneficiary}`}
            columns={[
              { header: "Année", cell: (g) => g.year },
              { header: "Bénéficiaire", cell: (g) => g.beneficiary },
              {
                header: "Factures en retard",
                cell: (g) => (
                  <>
                    {g.invoices}
                    {g.unpaid ? ` (dont ${g.unpaid} non payée${g.unpaid > 1 ? "s" : ""}, à ce jour)` : ""}
                  </>
                ),
                num: true,
              },
              {
                header: "Intérêts et indemnités",
                cell: (g) => (
                  <>
                    {formatEuros(g.total)}
                    {g.rateMissing ? ` + ${g.rateMissing} au taux manquant` : ""}
                  </>
                ),
                num: true,
              },
            ]}
          />
        )}
      </section>
    );
  }
  return (
    <section className="fr-mb-4w" aria-labelledby="home-my-invoices" data-testid="home-my-invoices">
      <h2 className="fr-h4" id="home-my-invoices">
        Vos factures
      </h2>
      <p>
        {data.byStatus
          .filter((s) => s.count > 0)
          .map((s, i) => (
            <span key={s.status}>
              {i ? " · " : ""}
              <InvoiceStatusBadge status={s.status} small /> {s.count} ({formatEuros(s.ttc)} TTC)
            </span>
          ))}{" "}
        <Link to="/factures">Toutes vos factures</Link>
      </p>
      {data.awaitingApproval.count > 0 && (
        <div className="fr-alert fr-alert--warning fr-alert--sm fr-mb-2w" data-testid="home-awaiting-approval">
          <p>
            {data.awaitingApproval.count === 1
              ? "Une facture de sous-traitant attend votre acceptation"
              : `${data.awaitingApproval.count} factures de sous-traitants attendent votre acceptation`}
            {data.awaitingApproval.firstDueOn &&
              ` (la première au plus tard le ${formatDate(data.awaitingApproval.firstDueOn)} ; votre silence vaut acceptation)`}
            . <Link to="/factures?titulaire=attente">Les voir</Link>
          </p>
        </div>
      )}
      {data.open.length > 0 && (
        <ColumnTable
          caption={`Factures en attente de paiement (${data.openCount}) : date de paiement attendue`}
          id="home-open-invoices"
          rows={data.open}
          rowKey={(r) => r.id}
          rowTestId={(r) => `home-invoice-${r.number}`}
          columns={[
            invoiceNumberColumn,
            { header: "TTC", cell: (r) => formatEuros(r.amountTtc), num: true },
            { header: "État", cell: (r) => <InvoiceStatusBadge status={r.status} approval={r.holderApproval} small /> },
            {
              header: "Paiement attendu au plus tard le",
              cell: (r) =>
                r.holderApproval?.state === "awaiting" ? (
                  "fixée à votre acceptation"
                ) : (
                  <>
                    <DueDate clock={r.clock} status={r.status} />
                    {r.clock.daysLate > 0 ? ` (dépassée de ${r.clock.daysLate} j)` : ""}
                  </>
                ),
            },
          ]}
        />
      )}
    </section>
  );
}
