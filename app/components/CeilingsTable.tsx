// R17: ceilings per period of execution (the contract's, then each capped lot's), with what is ordered,
// what is left, the rate and the forecast date; the warnings at 80 % and 100 % as DSFR badges.
import { ColumnTable } from "./ColumnTable";
import { formatDate, formatEuros, formatPercent } from "../lib/format";

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
    <ColumnTable
      caption={caption}
      id={id}
      rows={rows}
      rowKey={(r) => `${r.periodId}-${r.lotNumber ?? 0}`}
      rowTestId={(r) => `ceiling-${r.periodId}-${r.lotNumber ?? 0}`}
      columns={[
        showContract && { header: "Accord-cadre", cell: (r) => r.contractReference },
        {
          header: "Période",
          cell: (r) => (
            <>
              {r.periodLabel}
              <br />
              <span className="fr-text--xs">
                du {formatDate(r.startDate)} au {formatDate(r.endDate)}
              </span>
            </>
          ),
        },
        { header: "Périmètre", cell: (r) => (r.lotNumber === null ? "Accord-cadre" : `Lot ${r.lotNumber} : ${r.lotTitle}`) },
        { header: "Maximum HT", cell: (r) => formatEuros(r.maxHt), right: true },
        { header: "Commandé HT", cell: (r) => formatEuros(r.orderedHt), right: true },
        { header: "Reste HT", cell: (r) => formatEuros(r.leftHt), right: true },
        { header: "Taux", cell: (r) => formatPercent(r.rate, 1), right: true },
        {
          header: "Date prévue d'atteinte",
          cell: (r) => (
            <>
              {r.current ? (r.forecastDate ? formatDate(r.forecastDate) : "— (aucune commande depuis six mois)") : "— (hors période en cours)"}
              <CeilingBadge row={r} />
            </>
          ),
        },
      ]}
    />
  );
}
