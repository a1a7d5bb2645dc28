import { describe, expect, it } from "vitest";
import { formatRisks, parameterRows, toBudgetRow, toSummaryRow } from "./model";
import { resolveFilters } from "./filters";

describe("summary, budget, products, parameters", () => {
  it("summary remaining and rate", () => {
    const r = toSummaryRow({
      beneficiary: "B",
      orders: "2",
      ordered_days: "40",
      ordered_ht: "2000",
      ordered_ttc: "2400",
      consumed_days: "10.5",
      consumed_ht: "525",
      consumed_ttc: "630",
      pending_days: "2",
      released_days: "0",
      released_ht: "0",
      released_ttc: "0",
    });
    expect(r).toMatchObject({ orders: 2, remainingDays: "29.5", remainingHt: "1475.00", remainingTtc: "1770.00", consumptionRate: "0.2625" });
  });

  it("AE net = issues + amendments + cancellations", () => {
    expect(
      toBudgetRow({ year: 2026, beneficiary: "B", ae_issued: "1200.00", ae_amended: "240.00", ae_cancelled: "-600.00", ae_released: "-40.00", cp: "300.00" })
        .aeNet,
    ).toBe("800.00");
  });

  it("risks read as a sentence, most severe first as the SQL sorted them", () => {
    expect(
      formatRisks([
        { title: "A", level: "eleve", status: "ouvert" },
        { title: "B", level: "moyen", status: "maitrise" },
      ]),
    ).toBe("A (élevé, ouvert) ; B (moyen, maîtrisé)");
    expect(formatRisks(null)).toBe("");
  });

  it("the parameters sheet states the filters, date and exporter", () => {
    const rows = parameterRows(resolveFilters({ year: 2026, contract: "21_BAM_048" }), {
      exportedAt: new Date("2026-11-23T10:00:00Z"),
      exportedBy: "Camille",
      scope: "Tout",
    });
    const map = Object.fromEntries(rows.map((r) => [r.parameter, r.value]));
    expect(map).toMatchObject({
      "Accord-cadre": "21_BAM_048",
      Année: "2026",
      Période: "du 01/01/2026 au 31/12/2026",
      Bénéficiaire: "Tous",
      "Exporté par": "Camille",
    });
    expect(map["Exporté le"]).toContain("23/11/2026 11:00");
  });
});
