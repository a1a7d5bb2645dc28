// Declarative column specs (the Trackdéchets way): each report table is declared ONCE, as an ordered list
// of `{ key, label, format, width }`, and both renderers (reports/xlsx, reports/csv) walk the same list.
// Row values stay exact on the way in: money and days are decimal strings, dates 'YYYY-MM-DD' strings.
import { Decimal, dec } from "../../app/lib/decimal";

export type ColumnFormat =
  | "text" // user or reference text, always written as text and neutralised (see neutralise.ts)
  | "euros" // decimal string, two places
  | "days" // decimal string, half-days
  | "quantity" // decimal string, UO, up to three places
  | "date" // 'YYYY-MM-DD'
  | "integer" // number (counts, years, line numbers)
  | "percent" // decimal string, 0..1
  | "url"; // a link (http/https), written as a hyperlink in XLSX and as text in CSV

export type CellValue = string | number | null | undefined;

export interface Column<R> {
  key: keyof R & string;
  label: string;
  format: ColumnFormat;
  /** width in characters (Excel's unit) */
  width: number;
  /** summed in the totals row (numeric formats only) */
  total?: boolean;
}

export interface TableSpec<R> {
  /** stable identifier (CSV file names, `?table=` parameter) */
  id: string;
  /** sheet name: at most 31 characters, none of : \ / ? * [ ] */
  sheet: string;
  columns: readonly Column<R>[];
  /** label written in the first text column of the totals row */
  totalsLabel?: string;
}

export function defineTable<R>(spec: TableSpec<R>): TableSpec<R> {
  if (spec.sheet.length > 31 || /[:\\/?*[\]]/.test(spec.sheet)) throw new Error(`Invalid sheet name: ${spec.sheet}`);
  for (const c of spec.columns) {
    if (c.total && (c.format === "text" || c.format === "date" || c.format === "url"))
      throw new Error(`Column ${c.key}: a ${c.format} column cannot be totalled`);
  }
  return spec;
}

export function hasTotals<R>(spec: TableSpec<R>): boolean {
  return spec.columns.some((c) => c.total);
}

const PLAIN_DECIMAL = /^-?\d+(?:\.\d+)?$/;

/**
 * Running exact totals of the `total` columns, fed row by row while the rows stream. Values are summed
 * as integers of the column's smallest unit (cents, tenths of a day…) while that is exact (a value with
 * no more decimals than its format, a sum within 2^53), and in Decimal otherwise: the same exact result,
 * without a Decimal per cell on 300,000 rows.
 */
export class Totals<R> {
  private readonly columns: { key: string; scale: number; units: number; rest: Decimal }[] = [];
  constructor(spec: TableSpec<R>) {
    for (const c of spec.columns) if (c.total) this.columns.push({ key: c.key, scale: DECIMALS[c.format] ?? 0, units: 0, rest: new Decimal(0) });
  }
  add(row: R): void {
    for (const t of this.columns) {
      const v = (row as Record<string, CellValue>)[t.key];
      if (v === null || v === undefined || v === "") continue;
      const units = toUnits(v, t.scale);
      const next = units === null ? NaN : t.units + units;
      if (Number.isSafeInteger(next)) t.units = next;
      else t.rest = t.rest.plus(dec(v));
    }
  }
  get(key: string): Decimal | undefined {
    const t = this.columns.find((c) => c.key === key);
    return t && new Decimal(t.units).dividedBy(new Decimal(10).pow(t.scale)).plus(t.rest);
  }
}

/** "1234.5" at scale 2 → 123450; null when not a plain decimal with at most `scale` places or not a safe integer. */
function toUnits(value: string | number, scale: number): number | null {
  const text = typeof value === "number" ? (Number.isInteger(value) ? String(value) : "") : value;
  if (!PLAIN_DECIMAL.test(text)) return null;
  const dot = text.indexOf(".");
  const places = dot < 0 ? 0 : text.length - dot - 1;
  if (places > scale) return null;
  const digits = (dot < 0 ? text : text.slice(0, dot) + text.slice(dot + 1)) + "0".repeat(scale - places);
  const n = Number(digits);
  return Number.isSafeInteger(n) ? n : null;
}

/** Decimal places of each numeric format (how totals and CSV figures are printed). */
export const DECIMALS: Partial<Record<ColumnFormat, number>> = { euros: 2, days: 1, quantity: 3, integer: 0, percent: 4 };
