// R17: ceilings per period of execution (the contract's, then each capped lot's), with what is ordered,
// what is left, the rate and the forecast date; the warnings at 80 % and 100 % as DSFR badges.
import { DataTable } from "./DataTable";
import { formatDate, formatEuros, formatPercent } from "../lib/format";
import { HeaderCells } from "./HeaderCells";

export interface CeilingRowView {
  periodId: number;
  contractReference: string;
  periodLabel: string;
  startDate: string;
  endDate: string;
  lotNumber: number | null;
  lotTitle: string | null;
  maxHt: string;
  orderedHt: string;
  leftHt: string;
  rate: string;
  level: "ok" | "80" | "100";
  current: boolean;
  forecastDate: string | null;
  beforeEnd: boolean;
}

export function CeilingBadge({ row }: { row: Pick<CeilingRowView, "level" | "beforeEnd" | "current"> }) {
  if (row.level === "100") return <p className="fr-badge fr-badge--error fr-badge--sm">Montant maximum atteint</p>;
  if (row.level === "80") return <p className="fr-badge fr-badge--warning fr-badge--sm">Plus de 80 % du maximum</p>;
  if (row.current && row.beforeEnd) return <p className="fr-badge fr-badge--warning fr-badge--sm">Atteint avant la fin de la période</p>;
  return null;
}

export function CeilingsTable({ rows, caption, id, showContract = true }: { rows: CeilingRowView[]; caption: string; id: string; showContract?: boolean }) {
  return (
    <DataTable caption={caption} id={id}>
      <thead>
        <tr>
          {showContract && <th scope="col">Accord-cadre</th>}
          <HeaderCells headers={["Période", "Périmètre"]} />
          <th scope="col" className="fr-cell--right">
            Maximum HT
          </th>
          <th scope="col" className="fr-cell--right">
            Commandé HT
          </th>
          <th scope="col" className="fr-cell--right">
            Reste HT
          </th>
          <th scope="col" className="fr-cell--right">
            Taux
          </th>
          <th scope="col">Date prévue d'atteinte</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={`${r.periodId}-${r.lotNumber ?? 0}`} data-testid={`ceiling-${r.periodId}-${r.lotNumber ?? 0}`}>
            {showContract && <td>{r.contractReference}</td>}
            <td>
              {r.periodLabel}
              <br />
              <span className="fr-text--xs">
                du {formatDate(r.startDate)} au {formatDate(r.endDate)}
              </span>
            </td>
            <td>{r.lotNumber === null ? "Accord-cadre" : `Lot ${r.lotNumber} : ${r.lotTitle}`}</td>
            <td className="fr-cell--right">{formatEuros(r.maxHt)}</td>
            <td className="fr-cell--right">{formatEuros(r.orderedHt)}</td>
            <td className="fr-cell--right">{formatEuros(r.leftHt)}</td>
            <td className="fr-cell--right">{formatPercent(r.rate, 1)}</td>
            <td>
              {r.current ? (r.forecastDate ? formatDate(r.forecastDate) : "— (aucune commande depuis six mois)") : "— (hors période en cours)"}
              <CeilingBadge row={r} />
            </td>
          </tr>
        ))}
      </tbody>
    </DataTable>
  );
}
