import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { dec, sum, toCents } from "../../app/lib/decimal";
import { lineAmountHt, ttcOf } from "../../app/domain/orders/amounts";
import { allocateVat, formatRisks, orderLineRows, orderLineStream, parameterRows, toBudgetRow, toSummaryRow, type RawOrderLine } from "./model";
import { resolveFilters } from "./filters";

const raw = (over: Partial<RawOrderLine>): RawOrderLine => ({
  order_id: 1, contract: "21_BAM_048", lot: 1, beneficiary: "B", product: "P", phase: "construction", contractor: "C",
  number: "21_BAM_048-2026-0001", ej_number: null, status: "issued", issued_on: "2026-01-05", period_start: "2026-01-01",
  period_end: "2026-12-31", vat_rate: "0.2000", line_no: 1, work_unit: "UO", quantity: "1.000", unit_price: "1000.00",
  amount_ht: "1000.00", ordered_days: "20.0", consumed_days: "0", consumed_ht: "0", pending_days: "0", ...over,
});

describe("allocateVat", () => {
  it("the lines' VAT adds up to the order's VAT, the last line absorbing the rounding", () => {
    // 3 × 0.05 HT at 20 %: each line rounds to 0.01, the order's VAT is round(0.15 × 0.2) = 0.03
    expect(allocateVat(["0.05", "0.05", "0.05"], "0.2")).toEqual(["0.01", "0.01", "0.01"]);
    expect(allocateVat(["0.03", "0.03", "0.03"], "0.2")).toEqual(["0.01", "0.01", "0.00"]);
    expect(allocateVat([], "0.2")).toEqual([]);
  });

  it("holds for any lines and rate", () => {
    const cents = fc.integer({ min: 0, max: 10_000_000 }).map((c) => dec(c).dividedBy(100).toFixed(2));
    fc.assert(fc.property(fc.array(cents, { minLength: 1, maxLength: 8 }), fc.integer({ min: 0, max: 9999 }), (amounts, r) => {
      const rate = dec(r).dividedBy(10000).toFixed(4);
      const vat = allocateVat(amounts, rate);
      expect(sum(vat).toFixed(2)).toBe(toCents(sum(amounts).times(rate)));
    }));
  });
});

describe("order line rows", () => {
  it("TTC per line adds up to the order's TTC, consumed and remaining too", () => {
    const lines = [
      raw({ line_no: 1, quantity: "1.375", unit_price: "1234.57", amount_ht: lineAmountHt("1.375", "1234.57"), ordered_days: "27.5", consumed_days: "10.5", consumed_ht: "648.15" }),
      raw({ line_no: 2, quantity: "0.025", unit_price: "999.99", amount_ht: lineAmountHt("0.025", "999.99"), ordered_days: "0.5", consumed_days: "0.5", consumed_ht: "25.00" }),
    ];
    const rows = orderLineRows(lines);
    const orderHt = sum(lines.map((l) => l.amount_ht));
    expect(sum(rows.map((r) => r.amountTtc)).toFixed(2)).toBe(ttcOf(orderHt, "0.2"));
    expect(sum(rows.map((r) => r.consumedTtc)).toFixed(2)).toBe(ttcOf("673.15", "0.2"));
    expect(sum(rows.map((r) => r.remainingTtc)).toFixed(2)).toBe(dec(ttcOf(orderHt, "0.2")).minus(ttcOf("673.15", "0.2")).toFixed(2));
    expect(rows[0]).toMatchObject({ remainingDays: "17.0", phase: "Construction", status: "Émis", quantity: "1.375" });
  });

  it("regroups a stream into whole orders", async () => {
    async function* src() { yield raw({ order_id: 1, line_no: 1 }); yield raw({ order_id: 1, line_no: 2 }); yield raw({ order_id: 2, line_no: 1 }); }
    const out = [];
    for await (const r of orderLineStream(src())) out.push(r);
    expect(out.map((r) => r.lineNo)).toEqual([1, 2, 1]);
  });
});

describe("summary, budget, products, parameters", () => {
  it("summary remaining and rate", () => {
    const r = toSummaryRow({ beneficiary: "B", orders: "2", ordered_days: "40", ordered_ht: "2000", ordered_ttc: "2400", consumed_days: "10.5", consumed_ht: "525", consumed_ttc: "630", pending_days: "2" });
    expect(r).toMatchObject({ orders: 2, remainingDays: "29.5", remainingHt: "1475.00", remainingTtc: "1770.00", consumptionRate: "0.2625" });
  });

  it("AE net = issues + amendments + cancellations", () => {
    expect(toBudgetRow({ year: 2026, beneficiary: "B", ae_issued: "1200.00", ae_amended: "240.00", ae_cancelled: "-600.00", cp: "300.00" }).aeNet).toBe("840.00");
  });

  it("risks read as a sentence, most severe first as the SQL sorted them", () => {
    expect(formatRisks([{ title: "A", level: "eleve", status: "ouvert" }, { title: "B", level: "moyen", status: "maitrise" }])).toBe("A (élevé, ouvert) ; B (moyen, maîtrisé)");
    expect(formatRisks(null)).toBe("");
  });

  it("the parameters sheet states the filters, date and exporter", () => {
    const rows = parameterRows(resolveFilters({ year: 2026, contract: "21_BAM_048" }), { exportedAt: new Date("2026-11-23T10:00:00Z"), exportedBy: "Camille", scope: "Tout" });
    const map = Object.fromEntries(rows.map((r) => [r.parameter, r.value]));
    expect(map).toMatchObject({ "Accord-cadre": "21_BAM_048", "Année": "2026", "Période": "du 01/01/2026 au 31/12/2026", "Bénéficiaire": "Tous", "Exporté par": "Camille" });
    expect(map["Exporté le"]).toContain("23/11/2026 11:00");
  });
});
