// Tables of the home dashboards (issue 5): figures per contract / beneficiary / product, shares, AE/CP,
// and the forecast of the orders in progress.
import { Link } from "@remix-run/react";
import type { GroupFigures, OrderForecast, Share } from "../domain/dashboard/queries.server";
import type { YearBudget } from "../domain/dashboard/dashboard.server";
import { formatDate, formatDays, formatEuros, formatPercent } from "../lib/format";
import { ColumnTable } from "./ColumnTable";
import { ForecastFlags } from "./BurnDown";
import { figureColumns, type FigureKey } from "./FigureCells";

const GROUP_FIGURES = [
  "orderedDays",
  "orderedTtc",
  "consumedDays",
  "consumedTtc",
  "pendingDays",
  "remainingDays",
  "remainingTtc",
  "consumptionRate",
] as const satisfies readonly FigureKey[];
const FORECAST_FIGURES = ["orderedDays", "consumedDays", "pendingDays", "remainingDays"] as const satisfies readonly FigureKey[];

export function GroupFiguresTable({
  caption,
  head,
  rows,
  link,
  testId,
}: {
  caption: string;
  head: string;
  rows: GroupFigures[];
  link?: (r: GroupFigures) => string;
  testId?: string;
}) {
  return (
    <ColumnTable
      caption={caption}
      id={testId}
      rows={rows}
      rowKey={(r) => r.key}
      rowTestId={testId ? `${testId}-row` : undefined}
      columns={[
        { header: head, cell: (r) => (link ? <Link to={link(r)}>{r.label}</Link> : r.label), rowHeader: true },
        { header: "BC", cell: (r) => r.orders, num: true },
        ...figureColumns(GROUP_FIGURES, (r: GroupFigures) => r.figures),
      ]}
    />
  );
}

export function SharesTable({
  caption,
  head,
  rows,
  countLabel,
  testId,
}: {
  caption: string;
  head: string;
  rows: Share[];
  countLabel: string;
  testId?: string;
}) {
  return (
    <ColumnTable
      caption={caption}
      id={testId}
      rows={rows}
      rowKey={(r) => r.label}
      columns={[
        { header: head, cell: (r) => r.label, rowHeader: true },
        { header: "BC", cell: (r) => r.orders, num: true },
        { header: "Jours commandés", cell: (r) => formatDays(r.days), num: true },
        { header: countLabel, cell: (r) => formatPercent(r.orderShare), num: true },
        { header: "Commandé HT", cell: (r) => formatEuros(r.amountHt), num: true },
        { header: "Part des montants", cell: (r) => formatPercent(r.amountShare), num: true },
      ]}
    />
  );
}

export function BudgetTable({ rows }: { rows: YearBudget[] }) {
  return (
    <ColumnTable
      caption="Engagements (AE) et paiements (CP) par année, TTC"
      id="budget"
      rows={rows}
      rowKey={(r) => r.year}
      rowTestId="budget-row"
      columns={[
        { header: "Année", cell: (r) => r.year, rowHeader: true },
        { header: "AE (émissions, modificatifs, annulations, soldes)", cell: (r) => formatEuros(r.ae), num: true },
        { header: "CP (factures payées)", cell: (r) => formatEuros(r.cp), num: true },
      ]}
    />
  );
}

export function ForecastTable({ caption, rows, showBeneficiary }: { caption: string; rows: OrderForecast[]; showBeneficiary?: boolean }) {
  return (
    <ColumnTable
      caption={caption}
      id="forecasts"
      rows={rows}
      rowKey={(o) => o.id}
      rowTestId="forecast-row"
      columns={[
        {
          header: "Bon de commande",
          cell: (o) => (
            <Link to={`/suivi/commandes/${o.id}`}>
              {o.number}
              <span className="fr-sr-only"> : suivi de consommation</span>
            </Link>
          ),
          rowHeader: true,
        },
        { header: "Produit", cell: (o) => <Link to={`/suivi/produits/${o.productId}`}>{o.productName}</Link> },
        showBeneficiary && { header: "Bénéficiaire", cell: (o) => o.beneficiaryName },
        { header: "Fin", cell: (o) => formatDate(o.periodEnd) },
        ...figureColumns(FORECAST_FIGURES, (o: OrderForecast) => ({ ...o.forecast, orderedDays: o.orderedDays })),
        { header: "Rythme (j/mois)", cell: (o) => (o.forecast.burnRate === null ? "–" : formatDays(o.forecast.burnRate)), num: true },
        { header: "Épuisement prévu", cell: (o) => (o.forecast.exhaustionDate ? formatDate(o.forecast.exhaustionDate) : "–") },
        { header: "Prévision", cell: (o) => <ForecastFlags forecast={o.forecast} /> },
      ]}
    />
  );
}
