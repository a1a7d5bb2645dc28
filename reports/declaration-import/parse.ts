// Reads an uploaded declaration file (.xlsx or .csv) into text rows; all checks on the values happen in
// the domain (app/domain/declarations/import.server.ts) so that the preview lists them row by row.
// Bounded and cheap on hostile files: an .xlsx is checked on its ZIP directory before anything is inflated
// and its sheet's rows are counted while it streams (xlsx-read.ts); a CSV's rows are counted while read.
// The server runs this in a worker thread (parse-off-thread.ts), never on the event loop.
import { readFirstSheet } from "./xlsx-read";
import { ZipRefusal, type UploadKind } from "./zip-read";
import { importColumns, normaliseHeader, type ImportError, type ImportKey, type ImportRow } from "../../app/domain/declarations/import-columns";
import { chorusColumnOf, chorusColumns, type ChorusKey, type ChorusRow } from "../../app/domain/invoices/import-columns";

export const MAX_IMPORT_ROWS = 2000;
/**
 * Rows read from a sheet, filled or not: the downloadable template lists every line to declare (about
 * 3,400 for a national contractor at scale), of which only the filled ones count against MAX_IMPORT_ROWS.
 */
export const MAX_SHEET_ROWS = 20_000;
const PREFILLED = new Set<ImportKey>(["orderNumber", "month", "lineNo", "workUnit"]);
export const MAX_IMPORT_BYTES = 5 * 1024 * 1024;
/** A sheet row's markup: a dozen cells with their references and styles, and the prefilled values. */
const ROW_XML_BYTES = 1024;
/** What a declared line adds at most: activities (4,000 characters), comment (2,000), three names (200 each), 3 bytes each in UTF-8. */
const LINE_TEXT_BYTES = (4000 + 2000 + 3 * 200 + 100) * 3;
/**
 * The largest sheet (with its shared strings) a valid import can have once inflated, ~61 Mo: every row of
 * the sheet, and the text of the lines it may declare. A larger one is refused from the ZIP's directory.
 */
export const MAX_SHEET_BYTES = (MAX_SHEET_ROWS + 1) * ROW_XML_BYTES + MAX_IMPORT_ROWS * LINE_TEXT_BYTES;

/** The declaration import's file, as the reader's refusals name it. */
export const DECLARATIONS_FILE: UploadKind = {
  name: "un fichier de déclarations",
  keepLess: "Gardez seulement les lignes à déclarer",
  startAgain: "Partez du modèle téléchargeable sur cette page.",
  orStartAgain: "partez du modèle",
  tooManyRows: `Le fichier dépasse ${MAX_SHEET_ROWS} lignes : gardez seulement les lignes à déclarer (au plus ${MAX_IMPORT_ROWS}), ou répartissez-les sur plusieurs fichiers.`,
  dates: "month",
};

/** The Chorus Pro import's file (issue 17): the export of the invoices received. */
export const CHORUS_EXPORT: UploadKind = {
  name: "un export Chorus Pro des factures",
  keepLess: "Exportez les factures de Chorus Pro sur une période plus courte",
  startAgain: "Exportez à nouveau la liste des factures depuis Chorus Pro, au format .csv ou .xlsx.",
  orStartAgain: "exportez à nouveau la liste des factures depuis Chorus Pro",
  tooManyRows: `Le fichier dépasse ${MAX_SHEET_ROWS} lignes : exportez les factures de Chorus Pro sur une période plus courte (au plus ${MAX_IMPORT_ROWS} factures par fichier), en plusieurs fichiers.`,
  dates: "day",
};

export interface ParsedImport {
  rows: ImportRow[];
  errors: ImportError[];
}

export interface ParsedChorus {
  rows: ChorusRow[];
  errors: ImportError[];
}

export async function parseImportFile(data: Buffer, fileName: string): Promise<ParsedImport> {
  const table = await readUpload(data, fileName, DECLARATIONS_FILE);
  return "error" in table ? fail(table.error) : parseTable(table.rows);
}

/**
 * The file's first sheet (or its CSV) as rows of text, within the import's bounds: 5 Mo, 20,000 rows, the
 * ZIP's directory checked before anything is inflated. Shared by the declaration and the Chorus Pro imports,
 * whose refusals name the `kind` of file expected.
 */
export async function readUpload(data: Buffer, fileName: string, kind: UploadKind): Promise<{ rows: string[][] } | { error: string }> {
  if (data.length === 0) return { error: "Le fichier est vide." };
  if (data.length > MAX_IMPORT_BYTES) return { error: "Le fichier dépasse 5 Mo." };
  const isZip = data[0] === 0x50 && data[1] === 0x4b;
  const lower = fileName.toLowerCase();
  if (isZip || lower.endsWith(".xlsx")) {
    if (!isZip) return { error: "Ce fichier n'est pas un classeur Excel (.xlsx) valide." };
    try {
      return { rows: await readFirstSheet(data, { maxRows: MAX_SHEET_ROWS + 1, maxSheetBytes: MAX_SHEET_BYTES, kind }) };
    } catch (e) {
      if (e instanceof ZipRefusal) return { error: e.message };
      throw e;
    }
  }
  if (lower.endsWith(".xls")) return { error: "L'ancien format Excel (.xls) n'est pas accepté : enregistrez le fichier au format .xlsx ou .csv." };
  const table = csvToTable(decodeText(data), MAX_SHEET_ROWS + 1);
  return table ? { rows: table } : { error: kind.tooManyRows };
}

function fail(message: string): { rows: never[]; errors: ImportError[] } {
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

/** `;` (French Excel) or `,`, whichever the header line holds more of. */
function detectSeparator(text: string): ";" | "," {
  const firstLine = text.split(/\r?\n/, 1)[0] ?? "";
  return (firstLine.match(/;/g)?.length ?? 0) >= (firstLine.match(/,/g)?.length ?? 0) ? ";" : ",";
}

/** RFC 4180 CSV with `;` or `,` separator (detected on the header line unless given); null past `maxRows`. */
export function csvToTable(text: string): string[][];
export function csvToTable(text: string, maxRows: number, sep?: ";" | ","): string[][] | null;
export function csvToTable(text: string, maxRows = Infinity, sep = detectSeparator(text)): string[][] | null {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"' && field === "") quoted = true;
    else if (ch === sep) {
      row.push(field);
      field = "";
    } else if (ch === "\n" || ch === "\r") {
      if (ch === "\r" && text[i + 1] === "\n") i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = "";
      if (rows.length > maxRows) return null;
    } else field += ch;
  }
  if (field !== "" || row.length) {
    row.push(field);
    rows.push(row);
  }
  return rows.length > maxRows ? null : rows;
}

/** Header row → columns by label (order free, accents and case ignored); then the data rows. */
export function parseTable(table: string[][]): ParsedImport {
  const header = table[0] ?? [];
  const index = new Map<ImportKey, number>();
  header.forEach((h, i) => {
    const col = importColumns.find((c) => !c.info && normaliseHeader(c.label) === normaliseHeader(h ?? ""));
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
      if (v) {
        cells[key] = v;
        if (!PREFILLED.has(key)) any = true;
      }
    }
    if (any) rows.push({ row: r + 1, cells });
  }
  if (rows.length > MAX_IMPORT_ROWS)
    return fail(
      `Le fichier dépasse ${MAX_IMPORT_ROWS} lignes remplies : un import déclare au plus ${MAX_IMPORT_ROWS} lignes, répartissez-les sur plusieurs fichiers.`,
    );
  if (!rows.length) return fail("Le fichier ne contient aucune ligne de déclaration.");
  return { rows, errors: [] };
}

/**
 * The Chorus Pro import (issue 17): header row → columns by label or alias (order free, accents and case
 * ignored), then the filled data rows as text, checked row by row in the domain (app/domain/invoices/import.server.ts).
 */
export async function parseChorusFile(data: Buffer, fileName: string): Promise<ParsedChorus> {
  const table = await readUpload(data, fileName, CHORUS_EXPORT);
  if ("error" in table) return fail(table.error);
  const header = table.rows[0] ?? [];
  const index = new Map<ChorusKey, number>();
  header.forEach((h, i) => {
    const col = chorusColumnOf(h ?? "");
    if (col && !index.has(col.key)) index.set(col.key, i);
  });
  const missing = chorusColumns.filter((c) => c.required && !index.has(c.key));
  if (missing.length) {
    return fail(
      `Colonnes manquantes : ${missing.map((c) => `« ${c.label} »`).join(", ")}. L'export de Chorus Pro (factures reçues) doit comporter au moins : ${chorusColumns
        .filter((c) => c.required)
        .map((c) => c.label)
        .join(", ")}.`,
    );
  }
  const rows: ChorusRow[] = [];
  for (let r = 1; r < table.rows.length; r++) {
    const cells: ChorusRow["cells"] = {};
    let any = false;
    for (const [key, i] of index) {
      const v = (table.rows[r][i] ?? "").trim().replace(/^'(?=[=+\-@\t\r])/, "");
      if (v) {
        cells[key] = v;
        any = true;
      }
    }
    if (any) rows.push({ row: r + 1, cells });
  }
  if (rows.length > MAX_IMPORT_ROWS) {
    return fail(`Le fichier dépasse ${MAX_IMPORT_ROWS} factures : exportez-les de Chorus Pro sur une période plus courte, en plusieurs fichiers.`);
  }
  if (!rows.length) return fail("Le fichier ne contient aucune facture.");
  return { rows, errors: [] };
}
