// The burn-down as drawn: round ticks, labels that do not collide or run off the drawing, the forecast attached to
// the consumed line and said in the legend, and a title in French (« Consommation du bon de commande … »).
import { describe, expect, it } from "vitest";
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { forecast as computeForecast, type ForecastInput } from "../domain/forecast/forecast";
import { BurnDown, forecastLegend, forecastSentence, type BurnDownForecast, type BurnDownSeriesPoint } from "./BurnDown";
import { burnDownChart, burnDownCharts, NARROW_CHART, WIDE_CHART } from "./burn-down-chart.server";

const MONTHS = [3, 4, 5, 6, 7, 8, 9, 10, 11, 12].map((m) => `2026-${String(m).padStart(2, "0")}-01`).concat(["2027-01-01", "2027-02-01"]);

/** Months from March 2026, `ordered` days, consumed then forecast as given (null: none). */
function series(ordered: string, consumed: (string | null)[], forecast: (string | null)[]): BurnDownSeriesPoint[] {
  return consumed.map((c, i) => ({ month: MONTHS[i], ordered, consumed: c, forecast: forecast[i] ?? null }));
}

// the demo's 25_BAM_112-2026-0003: 365,5 days, 183 validated by September, 29 pending, 19,7 a month
const demo = series(
  "365.5",
  ["22.0", "55.0", "92.0", "128.0", "165.0", "183.0", "183.0", "183.0", "183.0", "183.0", null, null],
  [null, null, null, null, null, null, null, null, "212.0", "231.7", "251.4", "271.1"],
);

const forecast: BurnDownForecast = {
  series: demo,
  burnRate: "19.7",
  exhaustionDate: "2027-07-27",
  overRun: false,
  underConsumption: true,
  remainingDays: "182.5",
  pendingDays: "29.0",
  projectedLeftAtEnd: "95.5",
  ended: false,
  endedWithRemaining: false,
  closed: false,
  notStarted: false,
  consumedDays: "183.0",
};

describe("burn-down chart", () => {
  it("ticks are round values from 0 past the highest figure (d3-scale's nice ticks), labelled the French way", () => {
    expect(burnDownChart(demo, WIDE_CHART).yTicks.map((t) => t.label)).toEqual(["0", "100", "200", "300", "400"]);
    const ticks = (max: string) => burnDownChart(series(max, ["1.0"], [null]), WIDE_CHART).yTicks.map((t) => t.value);
    expect(ticks("90.0")).toEqual([0, 20, 40, 60, 80, 100]);
    expect(ticks("287.5")).toEqual([0, 50, 100, 150, 200, 250, 300]);
    expect(ticks("2.5")).toEqual([0, 1, 2, 3, 4, 5]);
    expect(burnDownChart(series("1840.0", ["1.0"], [null]), WIDE_CHART).yTicks.map((t) => t.label)).toEqual([
      "0",
      "500",
      "1\u202f000",
      "1\u202f500",
      "2\u202f000",
    ]);
    // the highest tick is at the top of the plot, 0 at its bottom
    const g = burnDownChart(demo, WIDE_CHART);
    expect(g.yTicks[0].y).toBe(WIDE_CHART.height - WIDE_CHART.bottom);
    expect(g.yTicks.at(-1)!.y).toBe(WIDE_CHART.top);
  });

  it("the axis' unit is written above the highest tick label, not on it", () => {
    for (const layout of [WIDE_CHART, NARROW_CHART]) {
      const g = burnDownChart(demo, layout);
      const topLabelTop = g.yTicks.at(-1)!.y + layout.fontSize / 3 - layout.fontSize; // baseline − text height
      expect(g.yTitle.y).toBeLessThan(topLabelTop);
      expect(g.yTitle.y - layout.fontSize).toBeGreaterThanOrEqual(0);
    }
  });

  it("month labels: every month when they fit, the last one always, and none cut at the right edge", () => {
    const wide = burnDownChart(demo, WIDE_CHART).xLabels;
    expect(wide.map((l) => l.label)).toEqual([
      "mars 26",
      "avr. 26",
      "mai 26",
      "juin 26",
      "juil. 26",
      "août 26",
      "sept. 26",
      "oct. 26",
      "nov. 26",
      "déc. 26",
      "janv. 27",
      "févr. 27",
    ]);
    const narrow = burnDownChart(demo, NARROW_CHART).xLabels;
    expect(narrow.map((l) => l.label)).toEqual(["mai 26", "août 26", "nov. 26", "févr. 27"]);
    for (const [layout, labels] of [
      [WIDE_CHART, wide],
      [NARROW_CHART, narrow],
    ] as const) {
      const last = labels.at(-1)!;
      const half = layout.fontSize * 2;
      const right = last.anchor === "end" ? last.x : last.anchor === "middle" ? last.x + half : last.x + 2 * half;
      expect(right).toBeLessThanOrEqual(layout.width);
    }
  });

  it("the forecast starts on the consumed line, where it leaves it, then follows the projected days", () => {
    const g = burnDownChart(demo, WIDE_CHART);
    const consumedAtNovember = g.consumed.split(" ")[8].slice(1);
    expect(g.forecast.startsWith(`M${consumedAtNovember} L`)).toBe(true);
    expect(g.forecastStart).not.toBeNull();
    expect(`${g.forecastStart!.x.toFixed(1)},${g.forecastStart!.y.toFixed(1)}`).toBe(consumedAtNovember);
    expect(g.forecast.split(" ")).toHaveLength(1 + 4);
    // no forecast (an ended order): no line, no point
    const ended = burnDownChart(series("90.0", ["10.0", "20.0"], [null, null]), WIDE_CHART);
    expect([ended.forecast, ended.forecastStart]).toEqual(["", null]);
  });

  it("the legend says what the forecast is; the title and the table's caption read « Consommation du bon de commande … »", () => {
    expect(forecastLegend(forecast)).toBe(
      "Prévision : le consommé plus les 29 j en attente de validation, puis 19,7 j par mois (rythme des trois derniers mois), sans dépasser le commandé",
    );
    expect(forecastLegend({ burnRate: "3.0", pendingDays: "0.0" })).toBe(
      "Prévision : le consommé, puis 3 j par mois (rythme des trois derniers mois), sans dépasser le commandé",
    );
    const html = renderToStaticMarkup(
      createElement(BurnDown, { id: "b", title: "du bon de commande 25_BAM_112-2026-0003", forecast, charts: burnDownCharts(demo), periodEnd: "2027-02-28" }),
    );
    expect(html).toContain("Consommation du bon de commande 25_BAM_112-2026-0003 : commandé, consommé cumulé et prévision");
    expect(html).toContain("Consommation du bon de commande 25_BAM_112-2026-0003 par mois : jours commandés, consommés cumulés et prévision");
    expect(html).not.toMatch(/de du|de de/);
    expect(html).toContain("Prévision : le consommé plus les 29 j en attente de validation");
    expect(html).toContain("Commandé (365,5 j)");
    // one drawing per screen size, the data table kept
    expect(html.match(/<svg[^>]*role="img"/g)).toHaveLength(2);
    expect(html).toContain('data-testid="burndown-table"');
  });
});

describe("the sentence above the burn-down (the product follow-up, /suivi/produits/…)", () => {
  // the demo's products on 1 December 2026: Cause médicale de décès's order ran March–December 2025, fully consumed and closed
  const sentence = (input: Omit<ForecastInput, "today"> & { today?: string }) =>
    forecastSentence(computeForecast({ today: "2026-12-01", ...input }), input.periodEnd);
  const months = ["2025-03-01", "2025-06-01", "2025-12-01"].map((month) => ({ month, consumed: "95.8", pending: "0" }));

  it("a closed order, its period long past, is said closed, not 'less than a month elapsed'", () => {
    const s = sentence({ orderedDays: "287.5", periodStart: "2025-03-01", periodEnd: "2025-12-31", months, open: false });
    expect(s).toBe("Aucun bon de commande en cours (soldé ou annulé) : 287,4 j consommés, plus de prévision.");
    expect(s).not.toContain("moins d'un mois");
  });

  it("an order whose period has not begun says so; one in its first month says the rate needs months elapsed", () => {
    const future = sentence({ orderedDays: "20", periodStart: "2027-02-01", periodEnd: "2027-06-30", months: [], open: true });
    expect(future).toBe("La période d'exécution n'a pas encore commencé : pas encore de prévision.");
    const young = sentence({ orderedDays: "20", periodStart: "2026-12-01", periodEnd: "2027-06-30", months: [], open: true });
    expect(young).toBe("Pas encore de rythme de consommation : la période d'exécution a commencé ce mois-ci, et le rythme se mesure sur les mois écoulés.");
  });

  it("an open order with months elapsed still gets its rate", () => {
    const s = sentence({
      orderedDays: "60",
      periodStart: "2026-09-01",
      periodEnd: "2027-06-30",
      months: [{ month: "2026-11-01", consumed: "9", pending: "0" }],
      open: true,
    });
    expect(s).toMatch(/^Rythme des trois derniers mois : 3 jours par mois\./);
  });
});
