// Burn-down (R10): ordered days vs cumulative consumed days per month, with the forecast at the current
// burn rate. Plain SVG, described for screen readers, with the same figures in a data table (the accessible
// alternative, RGAA 1.x / WCAG 1.1.1). Its geometry is computed by the loader (burn-down-chart.server.ts, with
// d3-scale's round ticks), so no chart code reaches the browser. Two drawings of the same figures, one for
// wide screens and one for phones, so that the text stays legible; the DSFR's display classes show one of them.
import type { BurnDownCharts, ChartGeometry } from "./burn-down-chart.server";
import { formatDate, formatDays, formatMonth } from "../lib/format";
import { EndedWithRemainingBadge } from "./OrderStatusBadge";
import { HeaderCells, num } from "./HeaderCells";

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
  /** no open order any more (closed or cancelled) */
  closed: boolean;
  notStarted: boolean;
  consumedDays: string;
}

export function ForecastFlags({
  forecast,
}: {
  forecast: Pick<BurnDownForecast, "overRun" | "underConsumption" | "burnRate" | "ended" | "endedWithRemaining" | "closed">;
}) {
  // R14: past its end an order is no longer forecast; it is "échu avec reste" until closed
  if (forecast.endedWithRemaining) return <EndedWithRemainingBadge />;
  // nothing left to forecast: its status says why (soldé, annulé)
  if (forecast.ended || forecast.closed) return null;
  if (forecast.overRun) return <p className="fr-badge fr-badge--sm fr-badge--error">Dépassement prévu</p>;
  if (forecast.underConsumption) return <p className="fr-badge fr-badge--sm fr-badge--warning">Sous-consommation prévue</p>;
  if (forecast.burnRate === null) return <p className="fr-badge fr-badge--sm fr-badge--no-icon">Sans prévision</p>;
  return <p className="fr-badge fr-badge--sm fr-badge--success">Conforme</p>;
}

export function forecastSentence(f: BurnDownForecast, periodEnd: string): string {
  if (f.endedWithRemaining)
    return `Période d'exécution terminée le ${formatDate(periodEnd)} avec ${formatDays(f.remainingDays)} jours non consommés (échu avec reste) : plus de prévision ; le bon de commande reste à solder pour libérer ce reste.`;
  if (f.ended) return `Période d'exécution terminée le ${formatDate(periodEnd)}, sans jour restant.`;
  // a closed order's period may be long past, a cancelled one may never have started: no "rate" to wait for
  if (f.closed) return `Aucun bon de commande en cours (soldé ou annulé) : ${formatDays(f.consumedDays)} j consommés, plus de prévision.`;
  if (f.notStarted) return "La période d'exécution n'a pas encore commencé : pas encore de prévision.";
  if (f.burnRate === null)
    return "Pas encore de rythme de consommation : la période d'exécution a commencé ce mois-ci, et le rythme se mesure sur les mois écoulés.";
  const rate = `Rythme des trois derniers mois : ${formatDays(f.burnRate)} jours par mois.`;
  if (f.exhaustionDate === null) return `${rate} Aucun jour restant à déclarer.`;
  const when = `À ce rythme, les jours commandés seront épuisés le ${formatDate(f.exhaustionDate)}`;
  if (f.overRun) return `${rate} ${when}, avant la fin du bon de commande (${formatDate(periodEnd)}) : dépassement prévu.`;
  if (f.underConsumption && f.projectedLeftAtEnd)
    return `${rate} ${when} ; il resterait environ ${formatDays(f.projectedLeftAtEnd)} jours à la fin du bon de commande (${formatDate(periodEnd)}) : sous-consommation prévue.`;
  return `${rate} ${when}.`;
}

const ORDERED = { stroke: "#000091", strokeWidth: 2, strokeDasharray: "6 4" };
const CONSUMED = { stroke: "#18753c", strokeWidth: 3 };
const FORECAST = { stroke: "#b34000", strokeWidth: 2.5, strokeDasharray: "3 4" };

function Chart({
  g,
  className,
  testId,
  labelledBy,
  describedBy,
}: {
  g: ChartGeometry;
  className: string;
  testId: string;
  labelledBy: string;
  describedBy: string;
}) {
  const { width: W, height: H, left: L, right: R, bottom: B, fontSize } = g.layout;
  return (
    <svg
      viewBox={`0 0 ${W} ${H}`}
      width="100%"
      role="img"
      aria-labelledby={labelledBy}
      aria-describedby={describedBy}
      style={{ maxWidth: W }}
      className={className}
      data-testid={testId}
    >
      {g.yTicks.map((t) => (
        <g key={t.value}>
          <line x1={L} x2={W - R} y1={t.y} y2={t.y} stroke="#dddddd" />
          <text x={L - 6} y={t.y + fontSize / 3} textAnchor="end" fontSize={fontSize} fill="#3a3a3a">
            {t.label}
          </text>
        </g>
      ))}
      <text x={g.yTitle.x} y={g.yTitle.y} fontSize={fontSize} fill="#3a3a3a">
        {g.yTitle.text}
      </text>
      {g.xLabels.map((m) => (
        <text key={m.month} x={m.x} y={H - B + fontSize + 6} textAnchor={m.anchor} fontSize={fontSize} fill="#3a3a3a">
          {m.label}
        </text>
      ))}
      <path d={g.ordered} fill="none" {...ORDERED} />
      <path d={g.consumed} fill="none" {...CONSUMED} />
      {g.forecast && <path d={g.forecast} fill="none" {...FORECAST} />}
      {g.forecastStart && <circle cx={g.forecastStart.x} cy={g.forecastStart.y} r={4} fill="#ffffff" stroke={FORECAST.stroke} strokeWidth={2} />}
    </svg>
  );
}

const LEGEND_ITEM = { display: "flex", gap: "0.5rem", alignItems: "flex-start" } as const;

function Swatch({ line }: { line: typeof ORDERED | typeof CONSUMED | typeof FORECAST }) {
  return (
    <svg width="28" height="10" viewBox="0 0 28 10" aria-hidden="true" focusable="false" style={{ flex: "none", marginTop: "0.4rem" }}>
      <line x1="1" x2="27" y1="5" y2="5" {...line} />
    </svg>
  );
}

/** What the forecast line is, in the legend. */
export function forecastLegend(f: Pick<BurnDownForecast, "burnRate" | "pendingDays">): string {
  const start = Number(f.pendingDays) > 0 ? `le consommé plus les ${formatDays(f.pendingDays)} j en attente de validation` : "le consommé";
  return `Prévision : ${start}, puis ${formatDays(f.burnRate ?? "0")} j par mois (rythme des trois derniers mois), sans dépasser le commandé`;
}

/**
 * `title` names what is consumed, with its article: « du bon de commande 25_BAM_112-2026-0003 », « du produit Nata »
 * (the caption reads « Consommation du bon de commande … »).
 */
export function BurnDown({
  id,
  title,
  forecast,
  charts,
  periodEnd,
}: {
  id: string;
  title: string;
  forecast: BurnDownForecast;
  /** burnDownCharts(forecast.series), from the loader */
  charts: BurnDownCharts;
  periodEnd: string;
}) {
  const s = forecast.series;
  const titleId = `${id}-title`;
  const descId = `${id}-desc`;
  const hasForecast = s.some((p) => p.forecast !== null);
  return (
    <figure className="pilotage-burndown fr-mb-4w" aria-labelledby={titleId}>
      <figcaption id={titleId} className="fr-h6 fr-mb-1w">
        Consommation {title} : commandé, consommé cumulé et prévision
      </figcaption>
      <p id={descId} className="fr-text--sm">
        {forecastSentence(forecast, periodEnd)}
      </p>
      {s.length > 0 && (
        <>
          {/* DSFR: fr-hidden-sm hides from 576 px up, fr-hidden + fr-unhidden-sm shows from 576 px up */}
          <Chart g={charts.wide} className="fr-hidden fr-unhidden-sm" testId="burndown-svg" labelledBy={titleId} describedBy={descId} />
          <Chart g={charts.narrow} className="fr-hidden-sm" testId="burndown-svg-narrow" labelledBy={titleId} describedBy={descId} />
          <ul className="fr-text--sm fr-mt-1w" style={{ listStyle: "none", paddingLeft: 0 }} data-testid="burndown-legend">
            <li style={LEGEND_ITEM}>
              <Swatch line={ORDERED} />
              <span>Commandé ({formatDays(s[s.length - 1].ordered)} j)</span>
            </li>
            <li style={LEGEND_ITEM}>
              <Swatch line={CONSUMED} />
              <span>Consommé cumulé (jours validés)</span>
            </li>
            {hasForecast && (
              <li style={LEGEND_ITEM}>
                <Swatch line={FORECAST} />
                <span>{forecastLegend(forecast)}</span>
              </li>
            )}
          </ul>
        </>
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
                  <caption>Consommation {title} par mois : jours commandés, consommés cumulés et prévision</caption>
                  <thead>
                    <tr>
                      <HeaderCells headers={["Mois", num("Commandé (j)"), num("Consommé cumulé (j)"), num("Prévision cumulée (j)")]} />
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
