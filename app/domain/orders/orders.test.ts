import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { itMaps } from "../../../tests/helpers/cases";
import { Decimal } from "../../lib/decimal";
import { lineAmountHt, orderTotals } from "./amounts";
import { oneMonthEnd, orderNumber } from "./rules";
import { parseSubmission } from "../../lib/conform";
import { amendmentSchema, draftSchema, quantityFromInput } from "./schemas";

describe("quantities typed in UO or in days (R1)", () => {
  it("accepts French decimals, half-days, and converts days to UO exactly", () => {
    expect(quantityFromInput("2,375", "uo")).toEqual({ quantity: "2.375" });
    expect(quantityFromInput("0,025", "uo")).toEqual({ quantity: "0.025" });
    expect(quantityFromInput("47,5", "days")).toEqual({ quantity: "2.375" });
    expect(quantityFromInput("0,5", "days")).toEqual({ quantity: "0.025" });
    expect(quantityFromInput(" 1 000 ", "uo")).toEqual({ quantity: "1000.000" });
    expect(quantityFromInput("0", "uo", true)).toEqual({ quantity: "0.000" });
  });
  it("refuses with a French message what is not a positive half-day quantity", () => {
    expect(quantityFromInput("0,01", "uo")).toEqual({ error: expect.stringMatching(/0,025 UO/) });
    expect(quantityFromInput("0,3", "days")).toEqual({ error: expect.stringMatching(/demi-journées/) });
    expect(quantityFromInput("0", "uo")).toEqual({ error: expect.stringMatching(/strictement positive/) });
    expect(quantityFromInput("-2", "uo")).toEqual({ error: expect.stringMatching(/quantité en UO/) });
    expect(quantityFromInput("abc", "days")).toEqual({ error: expect.stringMatching(/nombre de jours/) });
    expect(quantityFromInput("", "uo")).toEqual({ error: "Indiquez une quantité." });
    expect(quantityFromInput("1000,025", "uo")).toEqual({ error: expect.stringMatching(/1000 UO/) });
  });
});

describe("forms", () => {
  it("the order form as Conform parses it: a blank row is skipped, yet each message stays on its own row", () => {
    const f = new FormData();
    for (const [k, v] of Object.entries({
      productId: "3",
      lotId: "2",
      contractorId: "1",
      periodStart: "2026-12-01",
      periodEnd: "2027-01-31",
      "lines[0].workUnitCode": "",
      "lines[0].amount": "",
      "lines[1].workUnitCode": "PM",
      "lines[1].amount": "1,3",
      "lines[1].unit": "days",
      "lines[2].workUnitCode": "BIZDEV",
      "lines[2].amount": "2,5",
      "lines[2].unit": "days",
    }))
      f.set(k, v);
    const refused = parseSubmission(f, draftSchema);
    expect(refused.status).toBe("error");
    // the second row's message on the second row (dropping the blank row first moved it to the first)
    expect(refused.status === "error" && refused.error).toEqual({ "lines[1].amount": ["Ligne 2 : Les jours se commandent par demi-journées (0,5 jour)."] });
    f.set("lines[1].amount", "1,5");
    const parsed = parseSubmission(f, draftSchema);
    expect(parsed.status === "success" && parsed.value.lines).toEqual([
      { workUnitCode: "PM", quantity: "0.075" },
      { workUnitCode: "BIZDEV", quantity: "0.125" },
    ]);
    f.set("lines[1].workUnitCode", "");
    const noType = parseSubmission(f, draftSchema);
    expect(noType.status === "error" && noType.error).toEqual({ "lines[1].workUnitCode": ["Ligne 2 : choisissez un type d'UO."] });
  });
  it("the draft schema refuses a duplicated UO type and converts the VAT percentage", () => {
    const base = { productId: "1", lotId: "2", contractorId: "3", periodStart: "2026-12-01", periodEnd: "2027-01-31" };
    const r = draftSchema.safeParse({
      ...base,
      lines: [
        { workUnitCode: "PM", amount: "1" },
        { workUnitCode: "PM", amount: "2" },
      ],
    });
    expect(r.success).toBe(false);
    expect(r.error!.issues[0].message).toMatch(/figure déjà/);
    expect(draftSchema.parse({ ...base, vatPercent: "", lines: [{ workUnitCode: "PM", amount: "1" }] }).vatRate).toBe("0.2000");
    expect(draftSchema.safeParse({ ...base, productId: "", lines: [{ workUnitCode: "PM", amount: "1" }] }).error!.issues[0].message).toBe(
      "Choisissez un produit.",
    );
    expect(draftSchema.safeParse({ ...base, periodStart: "2026-02-30", lines: [{ workUnitCode: "PM", amount: "1" }] }).error!.issues[0].message).toMatch(
      /date invalide/,
    );
  });
  it("the amendment schema needs a reason and lets an existing line go to zero", () => {
    expect(amendmentSchema.safeParse({ reason: "", lines: [] }).error!.issues[0].message).toMatch(/motif/);
    const ok = amendmentSchema.parse({
      reason: "Fin du lot design",
      lines: [
        { lineId: "12", workUnitCode: "DESIGN_JUNIOR", amount: "0" },
        { workUnitCode: "PM", amount: "10", unit: "days" },
      ],
    });
    expect(ok.lines).toEqual([
      { lineId: 12, workUnitCode: "DESIGN_JUNIOR", quantity: "0.000" },
      { lineId: null, workUnitCode: "PM", quantity: "0.500" },
    ]);
    expect(amendmentSchema.safeParse({ reason: "Nouvelle ligne", lines: [{ workUnitCode: "PM", amount: "0" }] }).success).toBe(false);
  });
});

describe("R2 and R6 helpers", () => {
  itMaps("one month from a start date", oneMonthEnd, [
    ["2026-06-01", "2026-06-30"],
    ["2026-06-15", "2026-07-14"],
    ["2026-12-15", "2027-01-14"],
    ["2027-01-31", "2027-02-27"],
    ["2028-01-31", "2028-02-28"],
    ["2026-02-01", "2026-02-28"],
  ]);
  it("order numbers", () => {
    expect(orderNumber("25_BAM_112", 2026, 7)).toBe("25_BAM_112-2026-0007");
    expect(orderNumber("21_BAM_048", 2025, 1234)).toBe("21_BAM_048-2025-1234");
  });
});

describe("R5 amounts on awkward fractions", () => {
  it("2,375 UO at 12 345,67 € and 0,025 UO", () => {
    expect(lineAmountHt("2.375", "12345.67")).toBe("29320.97");
    expect(lineAmountHt("0.025", "0.01")).toBe("0.00"); // 0.00025
    expect(lineAmountHt("0.025", "0.20")).toBe("0.01"); // 0.005 half up
  });
  it("many lines whose cents round differently: HT is the sum of rounded lines, VAT once on the total", () => {
    const lines = [
      { quantity: "0.025", unitPrice: "12345.67" }, // 308.64175 → 308.64 (down)
      { quantity: "0.075", unitPrice: "9990.99" }, // 749.32425 → 749.32 (down)
      { quantity: "2.375", unitPrice: "13333.33" }, // 31666.65875 → 31666.66 (up)
      { quantity: "0.125", unitPrice: "9249.40" }, // 1156.175 → 1156.18 (half up)
      { quantity: "5.025", unitPrice: "10052.80" }, // 50515.32 exact
    ];
    const t = orderTotals(lines, "0.2000");
    expect(t.totalHt).toBe("84396.12");
    expect(t.totalVat).toBe("16879.22"); // 16879.224
    expect(t.totalTtc).toBe("101275.34");
  });
  it("agrees with an independent computation on random orders (half-day quantities, cent prices)", () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ halfDays: fc.integer({ min: 1, max: 40 * 50 }), cents: fc.integer({ min: 1, max: 3_000_000 }) }), { minLength: 1, maxLength: 12 }),
        fc.constantFrom("0.2000", "0.1000", "0.0550", "0.0000"),
        (raw, vat) => {
          const lines = raw.map((r) => ({
            quantity: new Decimal(r.halfDays).dividedBy(40).toFixed(3),
            unitPrice: new Decimal(r.cents).dividedBy(100).toFixed(2),
          }));
          // independent: integer arithmetic in tenths of a thousandth of a cent (quantity has 3 decimals, price 2)
          let htCents = 0n;
          for (const l of lines) {
            const q = BigInt(Math.round(Number(l.quantity) * 1000)); // exact for 3 decimals within range
            const p = BigInt(l.unitPrice.replace(".", ""));
            const milli = q * p; // in 1/1000 cent
            htCents += (milli + 500n) / 1000n; // half up (positive)
          }
          const vatBp = BigInt(vat.replace(".", "")); // rate × 10 000
          const vatCents = (htCents * vatBp + 5000n) / 10000n;
          const t = orderTotals(lines, vat);
          const fmt = (c: bigint) => `${c / 100n}.${String(c % 100n).padStart(2, "0")}`;
          expect(t.totalHt).toBe(fmt(htCents));
          expect(t.totalVat).toBe(fmt(vatCents));
          expect(t.totalTtc).toBe(fmt(htCents + vatCents));
        },
      ),
      { numRuns: 300 },
    );
  });
});
