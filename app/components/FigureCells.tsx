// The R13 figure cells of a table row (orders list, dashboards, an order's lines): one right-aligned cell per
// figure, days, euros or a rate formatted by the figure's kind, under a header cell named once per figure.
// Every table of figures writes its columns with figureColumns (FigureCells: a totals row's cells).
import type { DecimalInput } from "../lib/decimal";
import type { Column } from "./ColumnTable";
import { formatDays, formatEuros, formatPercent } from "../lib/format";

export type FigureKey =
  | "orderedDays"
  | "orderedHt"
  | "orderedTtc"
  | "consumedDays"
  | "consumedHt"
  | "consumedTtc"
  | "pendingDays"
  | "remainingDays"
  | "remainingHt"
  | "remainingTtc"
  | "releasedDays"
  | "releasedHt"
  | "consumptionRate";

export const figureLabels: Record<FigureKey, string> = {
  orderedDays: "Commandé (j)",
  orderedHt: "Commandé HT",
  orderedTtc: "Commandé TTC",
  consumedDays: "Consommé (j)",
  consumedHt: "Consommé HT",
  consumedTtc: "Consommé TTC",
  pendingDays: "En attente (j)",
  remainingDays: "Restant (j)",
  remainingHt: "Restant HT",
  remainingTtc: "Restant TTC",
  releasedDays: "Libéré (j)",
  releasedHt: "Libéré HT",
  consumptionRate: "Taux",
};

function formatFigure(key: FigureKey, value: DecimalInput | null | undefined): string {
  if (key.endsWith("Days")) return formatDays(value);
  return key === "consumptionRate" ? formatPercent(value) : formatEuros(value);
}

/** The cells of `keys`, in order, from `figures`. */
export function FigureCells<K extends FigureKey>({ figures, keys }: { figures: Record<K, DecimalInput | null | undefined>; keys: readonly K[] }) {
  return (
    <>
      {keys.map((k) => (
        <td key={k} className="pilotage-num">
          {formatFigure(k, figures[k])}
        </td>
      ))}
    </>
  );
}

/** The column of figure `key` for a ColumnTable: each row's figures read by `figures`. */
export function figureColumn<T, K extends FigureKey>(key: K, figures: (row: T) => Record<K, DecimalInput | null | undefined>): Column<T> {
  return { header: figureLabels[key], cell: (row) => formatFigure(key, figures(row)[key]), num: true };
}

/** The columns of `keys`, in order (figureColumn). */
export function figureColumns<T, K extends FigureKey>(keys: readonly K[], figures: (row: T) => Record<K, DecimalInput | null | undefined>): Column<T>[] {
  return keys.map((k) => figureColumn(k, figures));
}
