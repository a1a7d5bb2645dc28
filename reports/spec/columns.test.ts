import { describe, expect, it } from "vitest";
import { defineTable, Totals } from "./columns";
import fc from "fast-check";
import { Decimal, dec } from "../../app/lib/decimal";
import { csvText, toExcelSerial, toSpreadsheetNumber, toSpreadsheetNumberText, toUtcDate } from "./cells";
import { consolidatedTables } from "../consolidated/tables";
import { activitiesTable, orderFollowUpTable, productFollowUpTable } from "../follow-up/tables";

describe("column specs", () => {
  it("refuse invalid sheet names and totals on text", () => {
    expect(() => defineTable({ id: "x", sheet: "a".repeat(32), columns: [] })).toThrow();
    expect(() => defineTable({ id: "x", sheet: "a/b", columns: [] })).toThrow();
    expect(() => defineTable<{ a: string }>({ id: "x", sheet: "ok", columns: [{ key: "a", label: "A", format: "text", width: 5, total: true }] })).toThrow();
  });

  it("every declared table has unique ids, unique labels and sane widths", () => {
    const all = [...consolidatedTables, productFollowUpTable, orderFollowUpTable, activitiesTable];
    expect(new Set(all.map((t) => t.id)).size).toBe(all.length);
    for (const t of all) {
      expect(new Set(t.columns.map((c) => c.label)).size, t.id).toBe(t.columns.length);
      for (const c of t.columns) expect(c.width).toBeGreaterThan(3);
    }
  });

  it("totals are exact", () => {
    const spec = defineTable<{ a: string }>({ id: "x", sheet: "x", columns: [{ key: "a", label: "A", format: "euros", width: 5, total: true }] });
    const t = new Totals(spec);
    for (let i = 0; i < 10; i++) t.add({ a: "0.10" });
    expect(t.get("a")!.toFixed(2)).toBe("1.00");
  });

  it("totals summed as integers equal Decimal sums, past 2^53 and with more places than the format too", () => {
    const spec = defineTable<{ a: string | number | null; d: string | null }>({
      id: "x",
      sheet: "x",
      columns: [
        { key: "a", label: "A", format: "euros", width: 5, total: true },
        { key: "d", label: "D", format: "days", width: 5, total: true },
      ],
    });
    const money = fc.oneof(
      fc.bigInt({ min: -(10n ** 15n), max: 10n ** 15n }).map((c) => dec(c.toString()).dividedBy(100).toFixed(2)),
      fc.integer({ min: -1000, max: 1000 }),
      fc.constantFrom("0.005", "99999999999999999.99", "-0.0", "12", null),
    );
    const days = fc.oneof(
      fc.integer({ min: -400, max: 400 }).map((h) => dec(h).dividedBy(2).toFixed(1)),
      fc.constant(null),
    );
    fc.assert(
      fc.property(fc.array(fc.record({ a: money, d: days }), { maxLength: 60 }), (rows) => {
        const t = new Totals(spec);
        for (const r of rows) t.add(r);
        const expected = (k: "a" | "d") => rows.reduce((s, r) => (r[k] === null ? s : s.plus(dec(r[k]!))), new Decimal(0));
        expect(t.get("a")!.equals(expected("a"))).toBe(true);
        expect(t.get("d")!.equals(expected("d"))).toBe(true);
      }),
    );
  });
});

describe("cells", () => {
  it("numbers round-trip exactly, dates are UTC midnights", () => {
    expect(toSpreadsheetNumber("1234567.89")).toBe(1234567.89);
    expect(toSpreadsheetNumber("-2.0")).toBe(-2);
    expect(toSpreadsheetNumber("-0.0")).toBe(0);
    expect(toSpreadsheetNumber("0.10")).toBe(0.1);
    expect(toSpreadsheetNumber("100")).toBe(100);
    expect(() => toSpreadsheetNumber("12345678901234567.89")).toThrow();
    expect(toUtcDate("2026-02-28").toISOString()).toBe("2026-02-28T00:00:00.000Z");
  });

  it("the number text written into a cell is exact: plain decimals of ≤ 15 digits as they are, others checked", () => {
    expect(toSpreadsheetNumberText("1234.50")).toBe("1234.50");
    expect(toSpreadsheetNumberText("-2.0")).toBe("-2.0");
    expect(toSpreadsheetNumberText("-0.0")).toBe("0");
    expect(toSpreadsheetNumberText(7)).toBe("7");
    expect(toSpreadsheetNumberText("1234567890123.45")).toBe("1234567890123.45");
    expect(toSpreadsheetNumberText("0.1000000000000000")).toBe("0.1"); // 17 digits: through the checked path
    expect(() => toSpreadsheetNumberText("12345678901234567.89")).toThrow();
    fc.assert(
      fc.property(fc.bigInt({ min: -(10n ** 14n), max: 10n ** 14n }), (c) => {
        const text = dec(c.toString()).dividedBy(100).toFixed(2);
        expect(dec(Number(toSpreadsheetNumberText(text))).equals(dec(text))).toBe(true);
      }),
    );
  });

  it("Excel serial days (1900 system)", () => {
    expect(toExcelSerial("1900-03-01")).toBe(61);
    expect(toExcelSerial("2026-03-31")).toBe(46112);
  });

  it("CSV text: decimal comma, dd/mm/yyyy, neutralised text, empty for null", () => {
    const col = (format: "text" | "euros" | "days" | "date" | "percent") => ({ key: "k" as const, label: "K", format, width: 5 });
    expect(csvText(col("euros"), "1234.5")).toBe("1234,50");
    expect(csvText(col("days"), "-2")).toBe("-2,0");
    expect(csvText(col("date"), "2026-03-31")).toBe("31/03/2026");
    expect(csvText(col("percent"), "0.25")).toBe("0,2500");
    expect(csvText(col("text"), "=1+1")).toBe("'=1+1");
    expect(csvText(col("text"), null)).toBe("");
  });
});
