// Tables of the home dashboards (issue 5): figures per contract / beneficiary / product, shares, AE/CP,
// and the forecast of the orders in progress.
import { Link } from "@remix-run/react";
import type { GroupFigures, OrderForecast, Share } from "../domain/dashboard/queries.server";
import type { YearBudget } from "../domain/dashboard/dashboard.server";
import { formatDate, formatDays, formatEuros, formatPercent } from "../lib/format";
import { DataTable } from "./DataTable";
import { ForecastFlags } from "./BurnDown";
import { FigureCells, FigureHeaders, type FigureKey } from "./FigureCells";
import { HeaderCells, num } from "./HeaderCells";

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
    <DataTable caption={caption} id={testId}>
      <thead>
        <tr>
          <HeaderCells headers={[head, num("BC")]} />
          <FigureHeaders keys={GROUP_FIGURES} />
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={r.key} data-testid={testId ? `${testId}-row` : undefined}>
            <th scope="row">{link ? <Link to={link(r)}>{r.label}</Link> : r.label}</th>
            <td className="pilotage-num">{r.orders}</td>
            <FigureCells figures={r.figures} keys={GROUP_FIGURES} />
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
          <HeaderCells headers={[head, num("BC"), num("Jours commandés"), num(countLabel), num("Commandé HT"), num("Part des montants")]} />
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
          <HeaderCells headers={["Année", num("AE (émissions, modificatifs, annulations, soldes)"), num("CP (factures payées)")]} />
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
          <HeaderCells headers={["Bon de commande", "Produit"]} />
          {showBeneficiary && <th scope="col">Bénéficiaire</th>}
          <th scope="col">Fin</th>
          <FigureHeaders keys={FORECAST_FIGURES} />
          <HeaderCells headers={[num("Rythme (j/mois)"), "Épuisement prévu", "Prévision"]} />
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
            <FigureCells figures={{ ...o.forecast, orderedDays: o.orderedDays }} keys={FORECAST_FIGURES} />
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
