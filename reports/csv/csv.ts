// CSV renderer of the same table specs (domain.md Reports 5): `;` separator, UTF-8 with BOM, CRLF,
// French decimal comma and dd/mm/yyyy dates (what Excel in French expects of a `;` file), and every text
// cell neutralised by the same function as the XLSX renderer. csv-stringify's own `escape_formulas` is
// NOT used: it would also prefix negative numbers (a correction's "-2,0" days) and break them.
//
// Two ways to the same bytes: csvStream formats rows in JavaScript (small tables, rows computed in JS);
// copyCsvStream lets PostgreSQL format a large table's rows (reports/spec/sql.ts mirrors csvText) and
// stream them with COPY, which is what keeps a 300,000-row export close to the database's own speed.
// COPY's CSV quoting is csv-stringify's (a field is quoted when it holds `;`, `"`, CR or LF, quotes are
// doubled, and NULLIF turns empty text into an unquoted empty field); only its line ends differ (LF),
// turned into CRLF here outside quoted fields. The database tests compare both byte for byte.
import { stringify } from "csv-stringify";
import { Readable } from "node:stream";
import type { RawBuilder } from "kysely";
import type { Executor } from "../../db/client";
import { copyOut, inlineParameters } from "../../db/streaming";
import type { CellValue, TableSpec } from "../spec/columns";
import { csvText } from "../spec/cells";
import { csvSelect } from "../spec/sql";

export function csvStream<R>(spec: TableSpec<R>, rows: AsyncIterable<R> | Iterable<R>): Readable {
  // quote_record_delimiter: a field holding a bare LF or CR is quoted too (csv-stringify quotes only the
  // record delimiter itself, CRLF, once `record_delimiter` is set: a one-line break in a comment used to
  // split the row in two for Excel)
  const stringifier = stringify({ delimiter: ";", bom: true, record_delimiter: "windows", quote_record_delimiter: true });
  async function* records() {
    yield spec.columns.map((c) => c.label);
    for await (const row of rows) yield spec.columns.map((c) => csvText(c, (row as Record<string, CellValue>)[c.key]));
  }
  const source = Readable.from(records());
  source.on("error", (error) => stringifier.destroy(error));
  return source.pipe(stringifier);
}

const QUOTE = 0x22;
const LF = 0x0a;
const CRLF = Buffer.from("\r\n");

/** csv-stringify's rule for one field. */
function csvField(text: string): string {
  return /[;"\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvHeader<R>(spec: TableSpec<R>): Buffer {
  return Buffer.from(`\ufeff${spec.columns.map((c) => csvField(c.label)).join(";")}\r\n`, "utf8");
}

/** Turns the record ends of a CSV byte stream (LF outside quotes) into CRLF; `state` carries across chunks. */
export function lfToCrlf(chunk: Buffer, state: { quoted: boolean }): Buffer {
  const parts: Buffer[] = [];
  let start = 0;
  let i = 0;
  let nextQuote = chunk.indexOf(QUOTE, 0);
  let nextLf = chunk.indexOf(LF, 0);
  while (i < chunk.length) {
    if (state.quoted) {
      if (nextQuote < 0) break;
      state.quoted = false;
      i = nextQuote + 1;
      nextQuote = chunk.indexOf(QUOTE, i);
      continue;
    }
    if (nextLf >= 0 && nextLf < i) nextLf = chunk.indexOf(LF, i);
    if (nextQuote >= 0 && (nextLf < 0 || nextQuote < nextLf)) {
      state.quoted = true;
      i = nextQuote + 1;
      nextQuote = chunk.indexOf(QUOTE, i);
      continue;
    }
    if (nextLf < 0) break;
    parts.push(chunk.subarray(start, nextLf), CRLF);
    start = i = nextLf + 1;
    nextLf = chunk.indexOf(LF, i);
  }
  if (parts.length === 0) return chunk;
  parts.push(chunk.subarray(start));
  return Buffer.concat(parts);
}

/** The CSV of a table whose rows come from one SQL query (aliases = the spec's keys), formatted and streamed by PostgreSQL. */
export function copyCsvStream<R>(db: Executor, spec: TableSpec<R>, rows: RawBuilder<R>): Readable {
  const copy = `COPY (${inlineParameters(csvSelect(spec, rows).compile(db))}) TO STDOUT WITH (FORMAT csv, DELIMITER ';')`;
  async function* bytes() {
    yield csvHeader(spec);
    const state = { quoted: false };
    for await (const chunk of copyOut(db, copy)) yield lfToCrlf(chunk, state);
  }
  return Readable.from(bytes(), { objectMode: false });
}
