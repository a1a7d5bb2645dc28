// Turning an exact row value into what a file stores. The one place where a decimal string becomes a
// JavaScript number: a spreadsheet cell IS an IEEE double, so the conversion happens at the file
// boundary only, and it is checked to round-trip exactly (15 significant digits are plenty for cents).
import { dec } from "../../app/lib/decimal";
import { formatDate } from "../../app/lib/format";
import type { CellValue, Column, ColumnFormat } from "./columns";
import { DECIMALS } from "./columns";
import { neutraliseText } from "./neutralise";

/** "12.50" → "12.5", "3.0" → "3", "-0.0" → "0": the shape String(number) gives, to compare without Decimal. */
function canonical(value: string): string {
  let s = value.trim();
  if (s.includes(".")) s = s.replace(/0+$/, "").replace(/\.$/, "");
  return s === "-0" ? "0" : s;
}

export function toSpreadsheetNumber(value: string | number): number {
  if (typeof value === "number") return value;
  const n = Number(value);
  // fast path for the usual case (millions of cells); Decimal only when the shapes differ
  if (Number.isFinite(n) && String(n) === canonical(value)) return n === 0 ? 0 : n; // no -0 in a cell
  if (!Number.isFinite(n) || !dec(String(n)).equals(dec(value))) throw new Error(`Nombre non représentable exactement : ${value}`);
  return n === 0 ? 0 : n;
}

/** 'YYYY-MM-DD' → a Date at UTC midnight (exceljs turns it into the Excel serial of that day). */
export function toUtcDate(value: string): Date {
  const [y, m, d] = value.slice(0, 10).split("-").map(Number);
  return new Date(Date.UTC(y, m - 1, d));
}

export function isNumericFormat(format: ColumnFormat): boolean {
  return format !== "text" && format !== "date" && format !== "url";
}

/** CSV text of a value: French decimal comma, dd/mm/yyyy dates, neutralised text. */
export function csvText<R>(column: Column<R>, value: CellValue): string {
  if (value === null || value === undefined || value === "") return "";
  switch (column.format) {
    case "text":
    case "url":
      return neutraliseText(String(value));
    case "date":
      return formatDate(String(value));
    case "integer":
      return String(value);
    default:
      return dec(value).toFixed(DECIMALS[column.format] ?? 2).replace(".", ",");
  }
}
