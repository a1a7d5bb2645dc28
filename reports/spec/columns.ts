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
    if (c.total && (c.format === "text" || c.format === "date" || c.format === "url")) throw new Error(`Column ${c.key}: a ${c.format} column cannot be totalled`);
  }
  return spec;
}

export function hasTotals<R>(spec: TableSpec<R>): boolean {
  return spec.columns.some((c) => c.total);
}

/** Running exact totals of the `total` columns, fed row by row while the rows stream. */
export class Totals<R> {
  private readonly sums = new Map<string, Decimal>();
  constructor(private readonly spec: TableSpec<R>) {
    for (const c of spec.columns) if (c.total) this.sums.set(c.key, new Decimal(0));
  }
  add(row: R): void {
    for (const [key, s] of this.sums) {
      const v = (row as Record<string, CellValue>)[key];
      if (v !== null && v !== undefined && v !== "") this.sums.set(key, s.plus(dec(v)));
    }
  }
  get(key: string): Decimal | undefined {
    return this.sums.get(key);
  }
}

/** Decimal places of each numeric format (how totals and CSV figures are printed). */
export const DECIMALS: Partial<Record<ColumnFormat, number>> = { euros: 2, days: 1, quantity: 3, integer: 0, percent: 4 };
