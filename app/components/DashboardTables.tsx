// Tables of the home dashboards (issue 5): figures per contract / beneficiary / product, shares, AE/CP,
// and the forecast of the orders in progress.
import { Link } from "@remix-run/react";
import type { GroupFigures, OrderForecast, Share } from "../domain/dashboard/queries.server";
import type { YearBudget } from "../domain/dashboard/dashboard.server";
import { formatDate, formatDays, formatEuros, formatPercent } from "../lib/format";
import { DataTable } from "./DataTable";
import { ForecastFlags } from "./BurnDown";
import { FigureCells } from "./FigureCells";

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
    <DataTable caption={caption} id={testId}>
      <thead>
        <tr>
          <th scope="col">{head}</th>
          <th scope="col" className="pilotage-num">
            BC
          </th>
          <th scope="col" className="pilotage-num">
            Commandé (j)
          </th>
          <th scope="col" className="pilotage-num">
            Commandé TTC
          </th>
          <th scope="col" className="pilotage-num">
            Consommé (j)
          </th>
          <th scope="col" className="pilotage-num">
            Consommé TTC
          </th>
          <th scope="col" className="pilotage-num">
            En attente (j)
          </th>
          <th scope="col" className="pilotage-num">
            Restant (j)
          </th>
          <th scope="col" className="pilotage-num">
            Restant TTC
          </th>
          <th scope="col" className="pilotage-num">
            Taux
          </th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={r.key} data-testid={testId ? `${testId}-row` : undefined}>
            <th scope="row">{link ? <Link to={link(r)}>{r.label}</Link> : r.label}</th>
            <td className="pilotage-num">{r.orders}</td>
            <FigureCells
              figures={r.figures}
              keys={["orderedDays", "orderedTtc", "consumedDays", "consumedTtc", "pendingDays", "remainingDays", "remainingTtc", "consumptionRate"]}
            />
          </tr>
        ))}
      </tbody>
    </DataTable>
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
    <DataTable caption={caption} id={testId}>
      <thead>
        <tr>
          <th scope="col">{head}</th>
          <th scope="col" className="pilotage-num">
            BC
          </th>
          <th scope="col" className="pilotage-num">
            Jours commandés
          </th>
          <th scope="col" className="pilotage-num">
            {countLabel}
          </th>
          <th scope="col" className="pilotage-num">
            Commandé HT
          </th>
          <th scope="col" className="pilotage-num">
            Part des montants
          </th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={r.label}>
            <th scope="row">{r.label}</th>
            <td className="pilotage-num">{r.orders}</td>
            <td className="pilotage-num">{formatDays(r.days)}</td>
            <td className="pilotage-num">{formatPercent(r.orderShare)}</td>
            <td className="pilotage-num">{formatEuros(r.amountHt)}</td>
            <td className="pilotage-num">{formatPercent(r.amountShare)}</td>
          </tr>
        ))}
      </tbody>
    </DataTable>
  );
}

export function BudgetTable({ rows }: { rows: YearBudget[] }) {
  return (
    <DataTable caption="Engagements (AE) et paiements (CP) par année, TTC" id="budget">
      <thead>
        <tr>
          <th scope="col">Année</th>
          <th scope="col" className="pilotage-num">
            AE (émissions, modificatifs, annulations, soldes)
          </th>
          <th scope="col" className="pilotage-num">
            CP (service fait)
          </th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={r.year} data-testid="budget-row">
            <th scope="row">{r.year}</th>
            <td className="pilotage-num">{formatEuros(r.ae)}</td>
            <td className="pilotage-num">{formatEuros(r.cp)}</td>
          </tr>
        ))}
      </tbody>
    </DataTable>
  );
}

export function ForecastTable({ caption, rows, showBeneficiary }: { caption: string; rows: OrderForecast[]; showBeneficiary?: boolean }) {
  return (
    <DataTable caption={caption} id="forecasts">
      <thead>
        <tr>
          <th scope="col">Bon de commande</th>
          <th scope="col">Produit</th>
          {showBeneficiary && <th scope="col">Bénéficiaire</th>}
          <th scope="col">Fin</th>
          <th scope="col" className="pilotage-num">
            Commandé (j)
          </th>
          <th scope="col" className="pilotage-num">
            Consommé (j)
          </th>
          <th scope="col" className="pilotage-num">
            En attente (j)
          </th>
          <th scope="col" className="pilotage-num">
            Restant (j)
          </th>
          <th scope="col" className="pilotage-num">
            Rythme (j/mois)
          </th>
          <th scope="col">Épuisement prévu</th>
          <th scope="col">Prévision</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((o) => (
          <tr key={o.id} data-testid="forecast-row">
            <th scope="row">
              <Link to={`/suivi/commandes/${o.id}`}>
                {o.number}
                <span className="fr-sr-only"> : suivi de consommation</span>
              </Link>
            </th>
            <td>
              <Link to={`/suivi/produits/${o.productId}`}>{o.productName}</Link>
            </td>
            {showBeneficiary && <td>{o.beneficiaryName}</td>}
            <td>{formatDate(o.periodEnd)}</td>
            <td className="pilotage-num">{formatDays(o.orderedDays)}</td>
            <td className="pilotage-num">{formatDays(o.forecast.consumedDays)}</td>
            <td className="pilotage-num">{formatDays(o.forecast.pendingDays)}</td>
            <td className="pilotage-num">{formatDays(o.forecast.remainingDays)}</td>
            <td className="pilotage-num">{o.forecast.burnRate === null ? "–" : formatDays(o.forecast.burnRate)}</td>
            <td>{o.forecast.exhaustionDate ? formatDate(o.forecast.exhaustionDate) : "–"}</td>
            <td>
              <ForecastFlags forecast={o.forecast} />
            </td>
          </tr>
        ))}
      </tbody>
    </DataTable>
  );
}
