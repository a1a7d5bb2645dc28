// CSV renderer of the same table specs (domain.md Reports 5): `;` separator, UTF-8 with BOM, CRLF,
// French decimal comma and dd/mm/yyyy dates (what Excel in French expects of a `;` file), and every text
// cell neutralised by the same function as the XLSX renderer. csv-stringify's own `escape_formulas` is
// NOT used: it would also prefix negative numbers (a correction's "-2,0" days) and break them.
import { stringify } from "csv-stringify";
import { Readable } from "node:stream";
import type { CellValue, TableSpec } from "../spec/columns";
import { csvText } from "../spec/cells";

export function csvStream<R>(spec: TableSpec<R>, rows: AsyncIterable<R> | Iterable<R>): Readable {
  const stringifier = stringify({ delimiter: ";", bom: true, record_delimiter: "windows" });
  async function* records() {
    yield spec.columns.map((c) => c.label);
    for await (const row of rows) yield spec.columns.map((c) => csvText(c, (row as Record<string, CellValue>)[c.key]));
  }
  const source = Readable.from(records());
  source.on("error", (error) => stringifier.destroy(error));
  return source.pipe(stringifier);
}
