// The CSV text of a column computed by PostgreSQL: the same rules as csvText (cells.ts) written in SQL,
// derived from the same column specs, so that a large table's CSV can be produced by `COPY … TO STDOUT`
// (reports/csv/csv.ts copyCsvStream) instead of formatting 300,000 rows in JavaScript. Database tests
// compare both byte for byte (tests/integration/reports-export.test.ts).
import { sql, type RawBuilder } from "kysely";
import type { Column, TableSpec } from "./columns";
import { DECIMALS } from "./columns";

/** neutralise.ts in SQL: a value whose first character, after spaces / line breaks / NBSP, is = + - @ tab or CR. */
export const FORMULA_TRIGGER_REGEX = "^[ \\n\\u00a0]*[=+\\-@\\t\\r]";
/** the first characters that can start a trigger (=, +, -, @, tab, CR, space, LF, NBSP): a cheap filter before the regex */
const TRIGGER_START_CODES = [61, 43, 45, 64, 9, 13, 32, 10, 160];

function columnRef(key: string): RawBuilder<unknown> {
  return sql.ref(`r.${key}`);
}

export function csvSqlExpression<R>(column: Column<R>): RawBuilder<string | null> {
  const x = columnRef(column.key);
  switch (column.format) {
    case "text":
    case "url":
      // NULLIF: COPY writes an empty string as "" (to tell it from NULL), csv-stringify as nothing
      return sql`nullif(CASE WHEN ascii(${x}) IN (${sql.raw(TRIGGER_START_CODES.join(","))}) AND ${x} ~ ${FORMULA_TRIGGER_REGEX} THEN '''' || ${x} ELSE ${x} END, '')`;
    case "date":
      return sql`to_char(${x}, 'DD/MM/YYYY')`;
    case "integer":
      return sql`(${x})::text`;
    default:
      return sql`replace(round((${x})::numeric, ${sql.raw(String(DECIMALS[column.format] ?? 2))})::text, '.', ',')`;
  }
}

/**
 * `SELECT <CSV text of each column> FROM (<rows>) r`: `rows` must name its columns after the spec's keys.
 * The subquery's ORDER BY gives the order (a projection over it keeps it).
 */
export function csvSelect<R>(spec: TableSpec<R>, rows: RawBuilder<R>): RawBuilder<unknown> {
  return sql`SELECT ${sql.join(spec.columns.map((c) => csvSqlExpression(c)))} FROM (${rows}) r`;
}

/** `SELECT <each column, in the spec's order> FROM (<rows>) r`: the rows as the spec lists them, for a reader by position (COPY). */
export function specSelect<R>(spec: TableSpec<R>, rows: RawBuilder<R>): RawBuilder<R> {
  return sql<R>`SELECT ${sql.join(spec.columns.map((c) => columnRef(c.key)))} FROM (${rows}) r`;
}
