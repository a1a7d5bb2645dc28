// Streaming XLSX renderer: exceljs's WorkbookWriter writes each row as soon as it is committed, so the
// workbook is never whole in memory. Each table is declared once (reports/spec) and rendered with a
// frozen, filterable header row, column widths and number formats, and a totals row whose cells carry
// both the formula and its exact computed result (so a reader that does not recalculate still sees it).
import ExcelJS from "exceljs";
import type { Writable } from "node:stream";
import { hasTotals, Totals, type CellValue, type TableSpec } from "../spec/columns";
import { isNumericFormat, toSpreadsheetNumber, toUtcDate } from "../spec/cells";
import { neutraliseText } from "../spec/neutralise";
import { cellStyles, headerStyle, totalStyles } from "./styles";

export interface Sheet<R> {
  spec: TableSpec<R>;
  rows: AsyncIterable<R> | Iterable<R>;
}

export interface WorkbookInfo {
  creator: string;
  created: Date;
  title?: string;
}

function columnLetter(index: number): string {
  let n = index + 1;
  let s = "";
  while (n > 0) {
    const r = (n - 1) % 26;
    s = String.fromCharCode(65 + r) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
}

/** Excel refuses (and "repairs") a cell longer than 32,767 characters. */
export const EXCEL_MAX_TEXT = 32767;
function clip(text: string): string {
  return text.length <= EXCEL_MAX_TEXT ? text : `${text.slice(0, EXCEL_MAX_TEXT - 1)}…`;
}

function cellValue(format: string, value: CellValue): ExcelJS.CellValue {
  if (value === null || value === undefined || value === "") return null;
  switch (format) {
    case "text":
      return clip(neutraliseText(String(value)));
    case "url": {
      const text = String(value);
      return /^https?:\/\/\S+$/.test(text) && text.length < 2000 ? { text, hyperlink: text } : clip(neutraliseText(text));
    }
    case "date":
      return toUtcDate(String(value));
    default:
      return toSpreadsheetNumber(value);
  }
}

export class ExportAborted extends Error {
  constructor() {
    super("Export interrompu : le destinataire a fermé le flux (téléchargement annulé).");
  }
}

async function writeSheet<R>(workbook: ExcelJS.stream.xlsx.WorkbookWriter, sheet: Sheet<R>, output: Writable): Promise<number> {
  const { spec } = sheet;
  const ws = workbook.addWorksheet(spec.sheet, { views: [{ state: "frozen", ySplit: 1, xSplit: 0 }] });
  ws.columns = spec.columns.map((c) => ({ key: c.key, width: c.width }));
  const header = ws.addRow(spec.columns.map((c) => c.label));
  header.height = 30;
  header.eachCell((cell) => { cell.style = headerStyle; });
  header.commit();

  const styles = spec.columns.map((c) => cellStyles[c.format]);
  const totals = new Totals(spec);
  let count = 0;
  for await (const row of sheet.rows) {
    // a cancelled download destroys the output: stop reading the database for nobody
    if (output.destroyed) throw new ExportAborted();
    const values = spec.columns.map((c) => cellValue(c.format, (row as Record<string, CellValue>)[c.key]));
    const r = ws.addRow(values);
    // every cell, empty ones too, gets its column's shared style object (a fresh {} per empty cell
    // would miss exceljs's style cache)
    for (let i = 0; i < values.length; i++) r.getCell(i + 1).style = styles[i];
    r.commit();
    totals.add(row);
    count++;
  }
  const lastDataRow = count + 1;
  if (hasTotals(spec)) {
    const firstText = spec.columns.findIndex((c) => !isNumericFormat(c.format));
    const values: ExcelJS.CellValue[] = spec.columns.map((c, i) => {
      if (c.total) {
        const result = toSpreadsheetNumber(totals.get(c.key)!.toString());
        const letter = columnLetter(i);
        // SUBTOTAL(109, …) sums only the rows left visible by the auto-filter
        return count === 0 ? result : { formula: `SUBTOTAL(109,${letter}2:${letter}${lastDataRow})`, result };
      }
      return i === Math.max(0, firstText) ? (spec.totalsLabel ?? "Total") : null;
    });
    const r = ws.addRow(values);
    spec.columns.forEach((c, i) => { r.getCell(i + 1).style = totalStyles[c.format]; });
    r.commit();
  }
  ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: lastDataRow, column: spec.columns.length } };
  ws.commit();
  return count;
}

/**
 * Writes the sheets, in order, into `output` (a file or the PassThrough of an HTTP response) and
 * resolves when the zip is finished. Rows may come from an async generator reading the database.
 */
export async function writeWorkbook(output: Writable, sheets: Sheet<any>[], info: WorkbookInfo): Promise<void> {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: output, useStyles: true, useSharedStrings: false });
  workbook.creator = info.creator;
  workbook.created = info.created;
  if (info.title) workbook.title = info.title;
  for (const sheet of sheets) await writeSheet(workbook, sheet, output);
  await workbook.commit();
}
