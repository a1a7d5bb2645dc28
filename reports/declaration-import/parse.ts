// Reads an uploaded declaration file (.xlsx or .csv) into text rows; all checks on the values happen in
// the domain (app/domain/declarations/import.server.ts) so that the preview lists them row by row.
import ExcelJS from "exceljs";
import { importColumns, normaliseHeader, type ImportError, type ImportKey, type ImportRow } from "./columns";

export const MAX_IMPORT_ROWS = 2000;
/**
 * Rows read from a sheet, filled or not: the downloadable template lists every line to declare (about
 * 3,400 for a national contractor at scale), of which only the filled ones count against MAX_IMPORT_ROWS.
 */
export const MAX_SHEET_ROWS = 20_000;
const PREFILLED = new Set<ImportKey>(["orderNumber", "month", "lineNo", "workUnit"]);
export const MAX_IMPORT_BYTES = 5 * 1024 * 1024;

export interface ParsedImport { rows: ImportRow[]; errors: ImportError[] }

export async function parseImportFile(data: Buffer, fileName: string): Promise<ParsedImport> {
  if (data.length === 0) return fail("Le fichier est vide.");
  if (data.length > MAX_IMPORT_BYTES) return fail("Le fichier dépasse 5 Mo.");
  const isZip = data[0] === 0x50 && data[1] === 0x4b;
  const lower = fileName.toLowerCase();
  if (isZip || lower.endsWith(".xlsx")) {
    if (!isZip) return fail("Ce fichier n'est pas un classeur Excel (.xlsx) valide.");
    return parseXlsx(data);
  }
  if (lower.endsWith(".xls")) return fail("L'ancien format Excel (.xls) n'est pas accepté : enregistrez le fichier au format .xlsx ou .csv.");
  return parseTable(csvToTable(decodeText(data)));
}

function fail(message: string): ParsedImport {
  return { rows: [], errors: [{ row: null, column: null, message }] };
}

/** UTF-8 (with or without BOM); otherwise Windows-1252, what Excel in French writes for "CSV (point-virgule)". */
function decodeText(data: Buffer): string {
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(data);
  } catch {
    text = new TextDecoder("windows-1252").decode(data);
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  return text;
}

/** RFC 4180 CSV with `;` (French Excel) or `,` separator, detected on the header line. */
export function csvToTable(text: string): string[][] {
  const firstLine = text.split(/\r?\n/, 1)[0] ?? "";
  const sep = (firstLine.match(/;/g)?.length ?? 0) >= (firstLine.match(/,/g)?.length ?? 0) ? ";" : ",";
  const rows: string[][] = [];
  let row: string[] = [];
  let field = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') { field += '"'; i++; }
      else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"' && field === "") quoted = true;
    else if (ch === sep) { row.push(field); field = ""; }
    else if (ch === "\n" || ch === "\r") {
      if (ch === "\r" && text[i + 1] === "\n") i++;
      row.push(field); rows.push(row); row = []; field = "";
    } else field += ch;
  }
  if (field !== "" || row.length) { row.push(field); rows.push(row); }
  return rows;
}

function cellText(value: ExcelJS.CellValue): string {
  if (value == null) return "";
  if (value instanceof Date) {
    // a month typed "2026-10" becomes a date in Excel: read it back as the month
    return `${value.getUTCFullYear()}-${String(value.getUTCMonth() + 1).padStart(2, "0")}`;
  }
  if (typeof value === "number") return String(value);
  if (typeof value === "string") return value;
  if (typeof value === "boolean") return value ? "VRAI" : "FAUX";
  if (typeof value === "object") {
    if ("richText" in value) return value.richText.map((r) => r.text).join("");
    if ("result" in value) return cellText(value.result as ExcelJS.CellValue);
    if ("text" in value) return String(value.text);
    if ("error" in value) return "";
  }
  return String(value);
}

async function parseXlsx(data: Buffer): Promise<ParsedImport> {
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(data as unknown as ArrayBuffer);
  } catch {
    return fail("Ce fichier n'est pas un classeur Excel (.xlsx) lisible.");
  }
  const ws = wb.worksheets[0];
  if (!ws) return fail("Le classeur ne contient aucune feuille.");
  const table: string[][] = [];
  const last = Math.min(ws.rowCount, MAX_SHEET_ROWS + 2);
  for (let r = 1; r <= last; r++) {
    const row = ws.getRow(r);
    const cells: string[] = [];
    for (let c = 1; c <= Math.max(row.cellCount, importColumns.length); c++) cells.push(cellText(row.getCell(c).value));
    table.push(cells);
  }
  if (ws.rowCount > MAX_SHEET_ROWS + 1) return fail(`Le fichier dépasse ${MAX_SHEET_ROWS} lignes.`);
  return parseTable(table);
}

/** Header row → columns by label (order free, accents and case ignored); then the data rows. */
export function parseTable(table: string[][]): ParsedImport {
  const header = table[0] ?? [];
  const index = new Map<ImportKey, number>();
  header.forEach((h, i) => {
    const col = importColumns.find((c) => normaliseHeader(c.label) === normaliseHeader(h ?? ""));
    if (col && !index.has(col.key)) index.set(col.key, i);
  });
  const missing = importColumns.filter((c) => c.required && !index.has(c.key));
  if (missing.length) {
    return fail(`Colonnes manquantes : ${missing.map((c) => `« ${c.label} »`).join(", ")}. Partez du modèle téléchargeable sur cette page.`);
  }
  const rows: ImportRow[] = [];
  for (let r = 1; r < table.length; r++) {
    const cells: ImportRow["cells"] = {};
    let any = false;
    for (const [key, i] of index) {
      // a leading apostrophe only protected a formula-like text (see reports/spec/neutralise.ts)
      const v = (table[r][i] ?? "").trim().replace(/^'(?=[=+\-@\t\r])/, "");
      // a template row left as prefilled (order, month, line) is a line not declared: skipped
      if (v) { cells[key] = v; if (!PREFILLED.has(key)) any = true; }
    }
    if (any) rows.push({ row: r + 1, cells });
  }
  if (rows.length > MAX_IMPORT_ROWS) return fail(`Le fichier dépasse ${MAX_IMPORT_ROWS} lignes.`);
  if (!rows.length) return fail("Le fichier ne contient aucune ligne de déclaration.");
  return { rows, errors: [] };
}
