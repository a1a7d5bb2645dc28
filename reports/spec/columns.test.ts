import { describe, expect, it } from "vitest";
import { defineTable, Totals } from "./columns";
import { csvText, toSpreadsheetNumber, toUtcDate } from "./cells";
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
