// The R13 figure cells of a table row (orders list, dashboards): one right-aligned cell per figure, days,
// euros or a rate formatted by the figure's kind. Every table of figures writes its cells with this.
import type { DecimalInput } from "../lib/decimal";
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
  | "consumptionRate";

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
