import type { Figures } from "../domain/consumption/figures";
import { formatDays, formatEuros, formatPercent } from "../lib/format";

/** Ordered / consumed / pending / remaining, in days and euros HT (R10). */
export function FigureTiles({ figures, remaining }: { figures: Figures; remaining?: { days: string; ht: string; label: string } }) {
  const rem = remaining ?? { days: figures.remainingDays, ht: figures.remainingHt, label: "Restant" };
  const tiles = [
    { label: "Commandé", days: figures.orderedDays, ht: figures.orderedHt },
    { label: "Consommé (service fait)", days: figures.consumedDays, ht: figures.consumedHt, extra: formatPercent(figures.consumptionRate) },
    { label: "En attente de validation", days: figures.pendingDays },
    { label: rem.label, days: rem.days, ht: rem.ht },
  ];
  return (
    <div className="pilotage-figures fr-mb-4w" data-testid="figures">
      {tiles.map((t) => (
        <div key={t.label} className="fr-card fr-card--no-arrow fr-p-2w">
          <p className="fr-text--sm fr-mb-1v">{t.label}</p>
          <p className="fr-h5 fr-mb-0" data-testid={`figure-${t.label}`}>{formatDays(t.days)} j</p>
          {t.ht !== undefined && <p className="fr-text--sm fr-mb-0">{formatEuros(t.ht)} HT</p>}
          {t.extra && <p className="fr-text--xs fr-mb-0">{t.extra} des jours commandés</p>}
        </div>
      ))}
    </div>
  );
}
