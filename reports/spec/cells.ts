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

const PLAIN_DECIMAL = /^-?\d+(?:\.\d+)?$/;
const NEGATIVE_ZERO = /^-0(?:\.0*)?$/;

/**
 * The same conversion, for a writer that puts the number's text in the cell (`<v>…</v>`): a plain
 * decimal of at most 15 digits is written as it is (a double holds any 15-significant-digit decimal
 * exactly enough to give it back, which is what toSpreadsheetNumber checks), anything else goes through
 * toSpreadsheetNumber and its check. No -0.
 */
export function toSpreadsheetNumberText(value: string | number): string {
  if (typeof value === "string" && PLAIN_DECIMAL.test(value)) {
    const digits = value.length - (value.charCodeAt(0) === 45 ? 1 : 0) - (value.includes(".") ? 1 : 0);
    if (digits <= 15) return value.charCodeAt(0) === 45 && NEGATIVE_ZERO.test(value) ? "0" : value;
  }
  return String(toSpreadsheetNumber(value));
}

/** 'YYYY-MM-DD' → Excel's serial day number (days since 30 December 1899, the 1900 date system). */
export function toExcelSerial(value: string): number {
  const [y, m, d] = value.slice(0, 10).split("-").map(Number);
  const serial = Date.UTC(y, m - 1, d) / 86_400_000 + 25_569;
  if (!Number.isInteger(serial)) throw new Error(`Date invalide : ${value}`);
  return serial;
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
      return dec(value)
        .toFixed(DECIMALS[column.format] ?? 2)
        .replace(".", ",");
  }
}
