import type { Figures, OrderFigures } from "../domain/consumption/figures";
import { formatDays, formatEuros, formatPercent } from "../lib/format";

const isZero = (v: string) => /^-?0(\.0*)?$/.test(v);

/**
 * Ordered / consumed / pending / remaining (R10), in days, euros HT and, for orders and groups of orders,
 * TTC (R13); what a closed or cancelled order released, apart (`releasedLabel`).
 */
export function FigureTiles({ figures, releasedLabel = "Libéré" }: { figures: Figures | OrderFigures; releasedLabel?: string }) {
  const ttc = "orderedTtc" in figures ? figures : null;
  const tiles = [
    { key: "ordered", label: "Commandé", days: figures.orderedDays, ht: figures.orderedHt, ttc: ttc?.orderedTtc },
    {
      key: "consumed",
      label: "Consommé (service fait)",
      days: figures.consumedDays,
      ht: figures.consumedHt,
      ttc: ttc?.consumedTtc,
      extra: formatPercent(figures.consumptionRate),
    },
    { key: "pending", label: "En attente de validation", days: figures.pendingDays },
    { key: "remaining", label: "Restant", days: figures.remainingDays, ht: figures.remainingHt, ttc: ttc?.remainingTtc },
    ...(isZero(figures.releasedDays) && isZero(figures.releasedHt)
      ? []
      : [{ key: "released", label: releasedLabel, days: figures.releasedDays, ht: figures.releasedHt, ttc: ttc?.releasedTtc }]),
  ];
  return (
    <div className="pilotage-figures fr-mb-4w" data-testid="figures">
      {tiles.map((t) => (
        <div key={t.key} className="fr-card fr-card--no-arrow fr-p-2w" data-testid={`tile-${t.key}`}>
          <p className="fr-text--sm fr-mb-1v">{t.label}</p>
          <p className="fr-h5 fr-mb-0" data-testid={`figure-${t.label}`}>
            {formatDays(t.days)} j
          </p>
          {t.ht !== undefined && <p className="fr-text--sm fr-mb-0">{formatEuros(t.ht)} HT</p>}
          {t.ttc !== undefined && <p className="fr-text--sm fr-mb-0">{formatEuros(t.ttc)} TTC</p>}
          {t.extra && <p className="fr-text--xs fr-mb-0">{t.extra} des jours commandés</p>}
        </div>
      ))}
    </div>
  );
}
