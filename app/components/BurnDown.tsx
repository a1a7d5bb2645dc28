// Burn-down (R10): ordered days vs cumulative consumed days per month, with the forecast at the current
// burn rate. Plain SVG (no chart library), described for screen readers, with the same figures in a data
// table (the accessible alternative, RGAA 1.x / WCAG 1.1.1).
import { formatDate, formatDays, formatMonth } from "../lib/format";
import { EndedWithRemainingBadge } from "./OrderStatusBadge";

export interface BurnDownSeriesPoint {
  month: string;
  ordered: string;
  consumed: string | null;
  forecast: string | null;
}
export interface BurnDownForecast {
  series: BurnDownSeriesPoint[];
  burnRate: string | null;
  exhaustionDate: string | null;
  overRun: boolean;
  underConsumption: boolean;
  remainingDays: string;
  pendingDays: string;
  projectedLeftAtEnd: string | null;
  ended: boolean;
  endedWithRemaining: boolean;
}

const MONTHS = ["janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.", "nov.", "déc."];
const shortMonth = (m: string) => `${MONTHS[Number(m.slice(5, 7)) - 1]} ${m.slice(2, 4)}`;

export function ForecastFlags({
  forecast,
}: {
  forecast: Pick<BurnDownForecast, "overRun" | "underConsumption" | "burnRate" | "ended" | "endedWithRemaining">;
}) {
  // R14: past its end an order is no longer forecast; it is "échu avec reste" until closed
  if (forecast.endedWithRemaining) return <EndedWithRemainingBadge />;
  if (forecast.ended) return null;
  if (forecast.overRun) return <p className="fr-badge fr-badge--sm fr-badge--error">Dépassement prévu</p>;
  if (forecast.underConsumption) return <p className="fr-badge fr-badge--sm fr-badge--warning">Sous-consommation prévue</p>;
  if (forecast.burnRate === null) return <p className="fr-badge fr-badge--sm fr-badge--no-icon">Sans prévision</p>;
  return <p className="fr-badge fr-badge--sm fr-badge--success">Conforme</p>;
}

export function forecastSentence(f: BurnDownForecast, periodEnd: string): string {
  if (f.endedWithRemaining)
    return `Période d'exécution terminée le ${formatDate(periodEnd)} avec ${formatDays(f.remainingDays)} jours non consommés (échu avec reste) : plus de prévision ; le bon de commande reste à solder pour libérer ce reste.`;
  if (f.ended) return `Période d'exécution terminée le ${formatDate(periodEnd)}, sans jour restant.`;
  if (f.burnRate === null) return "Pas encore de rythme de consommation mesurable (moins d'un mois écoulé).";
  const rate = `Rythme des trois derniers mois : ${formatDays(f.burnRate)} jours par mois.`;
  if (f.exhaustionDate === null) return `${rate} Aucun jour restant à déclarer.`;
  const when = `À ce rythme, les jours commandés seront épuisés le ${formatDate(f.exhaustionDate)}`;
  if (f.overRun) return `${rate} ${when}, avant la fin du bon de commande (${formatDate(periodEnd)}) : dépassement prévu.`;
  if (f.underConsumption && f.projectedLeftAtEnd)
    return `${rate} ${when} ; il resterait environ ${formatDays(f.projectedLeftAtEnd)} jours à la fin du bon de commande (${formatDate(periodEnd)}) : sous-consommation prévue.`;
  return `${rate} ${when}.`;
}

export function BurnDown({ id, title, forecast, periodEnd }: { id: string; title: string; forecast: BurnDownForecast; periodEnd: string }) {
  const s = forecast.series;
  const W = 720,
    H = 280,
    L = 48,
    R = 12,
    T = 16,
    B = 40;
  // geometry only: days become pixel coordinates here, never amounts
  const num = (v: string | null) => (v === null ? null : Number(v));
  const max = Math.max(1, ...s.flatMap((p) => [num(p.ordered) ?? 0, num(p.consumed) ?? 0, num(p.forecast) ?? 0]));
  const x = (i: number) => L + (s.length <= 1 ? 0 : (i * (W - L - R)) / (s.length - 1));
  const y = (v: number) => T + (H - T - B) * (1 - v / max);
  const path = (key: "ordered" | "consumed" | "forecast") =>
    s
      .map((p, i) => [i, num(p[key])] as const)
      .filter(([, v]) => v !== null)
      .map(([i, v], k) => `${k ? "L" : "M"}${x(i).toFixed(1)},${y(v!).toFixed(1)}`)
      .join(" ");
  const ticks = [0, 0.25, 0.5, 0.75, 1].map((r) => Math.round(max * r));
  const step = Math.max(1, Math.ceil(s.length / 12));
  const descId = `${id}-desc`;
  return (
    <figure className="pilotage-burndown fr-mb-4w" aria-labelledby={`${id}-title`}>
      <figcaption id={`${id}-title`} className="fr-h6 fr-mb-1w">
        Consommation de {title} : commandé, consommé cumulé et prévision
      </figcaption>
      <p id={descId} className="fr-text--sm">
        {forecastSentence(forecast, periodEnd)}
      </p>
      {s.length > 0 && (
        <svg
          viewBox={`0 0 ${W} ${H}`}
          width="100%"
          role="img"
          aria-labelledby={`${id}-title`}
          aria-describedby={descId}
          style={{ maxWidth: W }}
          data-testid="burndown-svg"
        >
          {ticks.map((t) => (
            <g key={t}>
              <line x1={L} x2={W - R} y1={y(t)} y2={y(t)} stroke="#dddddd" />
              <text x={L - 6} y={y(t) + 4} textAnchor="end" fontSize="11" fill="#3a3a3a">
                {t}
              </text>
            </g>
          ))}
          {s.map((p, i) =>
            i % step === 0 ? (
              <text key={p.month} x={x(i)} y={H - B + 16} textAnchor="middle" fontSize="11" fill="#3a3a3a">
                {shortMonth(p.month)}
              </text>
            ) : null,
          )}
          <text x={4} y={T - 4} fontSize="11" fill="#3a3a3a">
            jours
          </text>
          <path d={path("ordered")} fill="none" stroke="#000091" strokeWidth="2" strokeDasharray="6 4" />
          <path d={path("consumed")} fill="none" stroke="#18753c" strokeWidth="3" />
          <path d={path("forecast")} fill="none" stroke="#b34000" strokeWidth="2" strokeDasharray="2 4" />
          <g fontSize="12" transform={`translate(${L}, ${H - 8})`}>
            <line x1="0" x2="24" y1="-4" y2="-4" stroke="#000091" strokeWidth="2" strokeDasharray="6 4" />
            <text x="30" y="0">
              Commandé
            </text>
            <line x1="120" x2="144" y1="-4" y2="-4" stroke="#18753c" strokeWidth="3" />
            <text x="150" y="0">
              Consommé cumulé
            </text>
            <line x1="290" x2="314" y1="-4" y2="-4" stroke="#b34000" strokeWidth="2" strokeDasharray="2 4" />
            <text x="320" y="0">
              Prévision
            </text>
          </g>
        </svg>
      )}
      <details className="fr-mt-1w">
        <summary>Données du graphique (tableau)</summary>
        <div className="fr-table fr-table--bordered">
          <div className="fr-table__wrapper">
            <div
              className="fr-table__container"
              // focusable so that keyboard users can scroll a wide table (axe: scrollable-region-focusable)
              // eslint-disable-next-line jsx-a11y/no-noninteractive-tabindex
              tabIndex={0}
            >
              <div className="fr-table__content">
                <table data-testid="burndown-table">
                  <caption>Jours commandés, consommés cumulés et prévision par mois — {title}</caption>
                  <thead>
                    <tr>
                      <th scope="col">Mois</th>
                      <th scope="col" className="pilotage-num">
                        Commandé (j)
                      </th>
                      <th scope="col" className="pilotage-num">
                        Consommé cumulé (j)
                      </th>
                      <th scope="col" className="pilotage-num">
                        Prévision cumulée (j)
                      </th>
                    </tr>
                  </thead>
                  <tbody>
                    {s.map((p) => (
                      <tr key={p.month}>
                        <th scope="row">{formatMonth(p.month)}</th>
                        <td className="pilotage-num">{formatDays(p.ordered)}</td>
                        <td className="pilotage-num">{p.consumed === null ? "–" : formatDays(p.consumed)}</td>
                        <td className="pilotage-num">{p.forecast === null ? "–" : formatDays(p.forecast)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            </div>
          </div>
        </div>
      </details>
    </figure>
  );
}
