// The burn-down's drawing (BurnDown.tsx), computed on the server: d3-scale rounds the days axis (nice ticks),
// and the months, the lines and the forecast's start become coordinates. Pure; the loaders call burnDownCharts.
import { scaleLinear } from "d3-scale";
import { formatDays } from "../lib/format";
import type { BurnDownSeriesPoint } from "./BurnDown";

const MONTHS = ["janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.", "nov.", "déc."];
const shortMonth = (m: string) => `${MONTHS[Number(m.slice(5, 7)) - 1]} ${m.slice(2, 4)}`;

/** The drawing's size (viewBox units), its margins, its text size and how many month labels fit. */
export interface ChartLayout {
  width: number;
  height: number;
  left: number;
  right: number;
  top: number;
  bottom: number;
  fontSize: number;
  maxMonthLabels: number;
}

export const WIDE_CHART: ChartLayout = { width: 720, height: 280, left: 52, right: 30, top: 30, bottom: 28, fontSize: 12, maxMonthLabels: 12 };
export const NARROW_CHART: ChartLayout = { width: 360, height: 250, left: 44, right: 26, top: 30, bottom: 28, fontSize: 12, maxMonthLabels: 4 };

export interface ChartGeometry {
  layout: ChartLayout;
  /** the days axis: round values (d3-scale's nice ticks), their labels and heights */
  yTicks: { value: number; label: string; y: number }[];
  /** where the axis' unit is written: above the highest tick, never on it */
  yTitle: { x: number; y: number; text: string };
  /** the months labelled (the last one always), centred on their point but kept inside the drawing */
  xLabels: { month: string; label: string; x: number; anchor: "start" | "middle" | "end" }[];
  ordered: string;
  consumed: string;
  /** starts on the consumed line at the forecast's first month, then follows the forecast */
  forecast: string;
  /** the point where the forecast leaves the consumed line */
  forecastStart: { x: number; y: number } | null;
}

/** The burn-down drawn in `layout`: pure, so that the ticks and labels are tested without a browser. */
export function burnDownChart(series: BurnDownSeriesPoint[], layout: ChartLayout): ChartGeometry {
  const { width: W, height: H, left: L, right: R, top: T, bottom: B, fontSize } = layout;
  // geometry only: days become pixel coordinates here, never amounts
  const num = (v: string | null) => (v === null ? null : Number(v));
  const max = Math.max(5, ...series.flatMap((p) => [num(p.ordered) ?? 0, num(p.consumed) ?? 0, num(p.forecast) ?? 0]));
  const y = scaleLinear()
    .domain([0, max])
    .range([H - B, T])
    .nice(5);
  const x = (i: number) => L + (series.length <= 1 ? (W - L - R) / 2 : (i * (W - L - R)) / (series.length - 1));
  const at = (i: number, v: number) => `${x(i).toFixed(1)},${y(v).toFixed(1)}`;
  const path = (points: [number, number][]) => points.map(([i, v], k) => `${k ? "L" : "M"}${at(i, v)}`).join(" ");
  const pointsOf = (key: "ordered" | "consumed" | "forecast") =>
    series.flatMap((p, i) => {
      const v = num(p[key]);
      return v === null ? [] : [[i, v] as [number, number]];
    });
  // the forecast leaves the consumed line where it starts (its first month), so that it is read as its continuation
  const forecastPoints = pointsOf("forecast");
  const first = forecastPoints[0];
  const startValue = first ? num(series[first[0]].consumed) : null;
  const forecast = first && startValue !== null ? [[first[0], startValue] as [number, number], ...forecastPoints] : forecastPoints;
  // month labels: every `step` months counted back from the last, which is always labelled
  const step = Math.max(1, Math.ceil(series.length / layout.maxMonthLabels));
  const halfLabel = fontSize * 2; // half of "sept. 26" at this size, about
  const xLabels = series.flatMap((p, i) => {
    if ((series.length - 1 - i) % step !== 0) return [];
    const cx = x(i);
    const anchor: "start" | "middle" | "end" = cx + halfLabel > W ? "end" : cx - halfLabel < 0 ? "start" : "middle";
    return [{ month: p.month, label: shortMonth(p.month), x: anchor === "end" ? W - 1 : anchor === "start" ? 1 : cx, anchor }];
  });
  return {
    layout,
    yTicks: y.ticks(5).map((value) => ({ value, label: formatDays(String(value)), y: y(value) })),
    yTitle: { x: 2, y: T - fontSize - 2, text: "jours" },
    xLabels,
    ordered: path(pointsOf("ordered")),
    consumed: path(pointsOf("consumed")),
    forecast: path(forecast),
    forecastStart: first && startValue !== null ? { x: x(first[0]), y: y(startValue) } : null,
  };
}

export interface BurnDownCharts {
  wide: ChartGeometry;
  narrow: ChartGeometry;
}

/** Both drawings of a series: what BurnDown takes as `charts`. */
export function burnDownCharts(series: BurnDownSeriesPoint[]): BurnDownCharts {
  return { wide: burnDownChart(series, WIDE_CHART), narrow: burnDownChart(series, NARROW_CHART) };
}
