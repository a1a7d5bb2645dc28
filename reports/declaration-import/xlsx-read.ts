// Reads the first sheet of an uploaded .xlsx into text rows, cheaply and within bounds derived from the
// import's limits: the ZIP's central directory is checked before anything is inflated (declared sizes,
// entry count, compression ratio), then only the parts needed are inflated, as streams that stop at the
// declared size, and the sheet's rows are counted while it streams (stopping past the limit). Formulas are
// never evaluated: a cell reads as its cached value, as Excel last saved it.
import { findEntry, inflateEntry, readCentralDirectory, ZipRefusal, ZIP_UNREADABLE, type UploadKind, type ZipEntryInfo } from "./zip-read";
import { startsWithVowel } from "../../app/lib/french";
import { XmlError, XmlStream, type XmlHandlers } from "./xml-stream";

export interface SheetLimits {
  /** rows of the sheet, header included */
  maxRows: number;
  /** inflated bytes of the sheet and its shared strings together */
  maxSheetBytes: number;
  /** what the file should be: its refusals name it (and the message past maxRows, how its dates read) */
  kind: UploadKind;
}

/** Columns read (A to CV): the import's columns are a dozen; cells beyond are ignored. */
export const MAX_COLUMNS = 100;
/** Parts other than the sheet and shared strings (workbook, relationships): small by nature. */
const MAX_SMALL_PART = 1024 * 1024;
const MAX_STYLES = 8 * 1024 * 1024;
/**
 * Above this ratio (inflated ÷ compressed) a part of more than 1 Mo is refused: a sheet saved by Excel,
 * LibreOffice or this app's template compresses 5 to 30 times (~60 for a sheet of empty styled rows);
 * deflate cannot exceed ~1,032.
 */
export const MAX_RATIO = 200;
const LYING =
  "Ce classeur est corrompu : une de ses parties est plus grande que ce qu'annonce son sommaire. Enregistrez-le à nouveau depuis Excel ou LibreOffice, ou envoyez-le au format .csv.";

const mo = (bytes: number) => `${Math.ceil(bytes / (1024 * 1024))} Mo`;

function part(entries: ZipEntryInfo[], name: string, max: number, what: string, kind: UploadKind): ZipEntryInfo | null {
  const e = findEntry(entries, name);
  if (!e) return null;
  if (e.size > max) {
    throw new ZipRefusal(
      `${what} de ce classeur occupe ${mo(e.size)} une fois décompressé, au-delà des ${mo(max)} permis : ce n'est pas ${kind.name}. ${kind.startAgain}`,
    );
  }
  checkRatio(e, kind);
  return e;
}

function checkRatio(e: ZipEntryInfo, kind: UploadKind) {
  if (e.size > 1024 * 1024 && e.size / Math.max(1, e.compressedSize) > MAX_RATIO) {
    throw new ZipRefusal(
      `Ce classeur est compressé de façon anormale (une partie de ${mo(e.size)} tient en ${Math.max(1, Math.round(e.compressedSize / 1024))} Ko) : ce n'est pas ${kind.name} ordinaire. Enregistrez-le à nouveau depuis Excel ou LibreOffice, ou ${kind.orStartAgain}.`,
    );
  }
}

/** Inflates and tokenizes a whole part (XML errors become the "unreadable" refusal). */
async function readXml(data: Buffer, entry: ZipEntryInfo, handlers: XmlHandlers): Promise<void> {
  const decoder = new TextDecoder("utf-8");
  const xml = new XmlStream(handlers);
  try {
    await inflateEntry(
      data,
      entry,
      (chunk) => {
        xml.write(decoder.decode(chunk, { stream: true }));
        return true;
      },
      LYING,
    );
    xml.write(decoder.decode());
    xml.end();
  } catch (e) {
    if (e instanceof XmlError) throw new ZipRefusal(ZIP_UNREADABLE);
    throw e;
  }
}

function resolveTarget(base: string, target: string): string {
  if (target.startsWith("/")) return target.slice(1);
  const parts = base.split("/").slice(0, -1);
  for (const seg of target.split("/")) {
    if (seg === "..") parts.pop();
    else if (seg !== ".") parts.push(seg);
  }
  return parts.join("/");
}

function relsOf(path: string): string {
  const i = path.lastIndexOf("/");
  return `${path.slice(0, i + 1)}_rels/${path.slice(i + 1)}.rels`;
}

async function relationships(data: Buffer, entries: ZipEntryInfo[], of: string, kind: UploadKind): Promise<{ id: string; type: string; target: string }[]> {
  const e = part(entries, relsOf(of), MAX_SMALL_PART, "Le fichier des relations", kind);
  const rels: { id: string; type: string; target: string }[] = [];
  if (!e) return rels;
  await readXml(data, e, {
    open(name, a) {
      if (name === "Relationship" && a.Target) rels.push({ id: a.Id ?? "", type: a.Type ?? "", target: resolveTarget(of, a.Target) });
    },
    close() {},
    text() {},
  });
  return rels;
}

// number formats that are dates: the built-in ones, and any custom code with a day, month or year
const BUILTIN_DATES = new Set([14, 15, 16, 17, 18, 19, 20, 21, 22, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 45, 46, 47, 50, 51, 52, 53, 54, 55, 56, 57, 58]);
const isDateCode = (code: string) => /[dmyhs]/i.test(code.replace(/"[^"]*"|\[[^\]]*\]|\\./g, "")) && !/^general$/i.test(code);

/** The cell styles (indexes of cellXfs) whose number format is a date. */
async function dateStyles(data: Buffer, entry: ZipEntryInfo | null): Promise<Set<number>> {
  const dates = new Set<number>();
  if (!entry) return dates;
  const custom = new Map<number, string>();
  let inCellXfs = false;
  let xf = 0;
  await readXml(data, entry, {
    open(name, a) {
      if (name === "numFmt") custom.set(Number(a.numFmtId), a.formatCode ?? "");
      else if (name === "cellXfs") inCellXfs = true;
      else if (name === "xf" && inCellXfs) {
        const id = Number(a.numFmtId ?? 0);
        if (BUILTIN_DATES.has(id) || (custom.has(id) && isDateCode(custom.get(id)!))) dates.add(xf);
        xf++;
      }
    },
    close(name) {
      if (name === "cellXfs") inCellXfs = false;
    },
    text() {},
  });
  return dates;
}

/** Shared strings: a string per <si>, rich text runs joined, phonetic runs (<rPh>) left out. */
async function sharedStrings(data: Buffer, entry: ZipEntryInfo | null): Promise<string[]> {
  const strings: string[] = [];
  if (!entry) return strings;
  let current: string[] | null = null;
  let inT = false;
  let phonetic = 0;
  await readXml(data, entry, {
    open(name, _a, selfClosing) {
      if (name === "si") current = [];
      else if (name === "t" && !selfClosing) inT = true;
      else if (name === "rPh") phonetic++;
    },
    close(name) {
      if (name === "si" && current) {
        strings.push(current.join(""));
        current = null;
      } else if (name === "t") inT = false;
      else if (name === "rPh") phonetic--;
    },
    text(t) {
      if (inT && current && !phonetic) current.push(t);
    },
  });
  return strings;
}

/** "E12" → 4 (0-based); null when there are no letters. */
function columnIndex(ref: string): number | null {
  let n = 0;
  let i = 0;
  for (; i < ref.length; i++) {
    const c = ref.charCodeAt(i);
    if (c >= 65 && c <= 90) n = n * 26 + (c - 64);
    else if (c >= 97 && c <= 122) n = n * 26 + (c - 96);
    else break;
  }
  return i === 0 ? null : n - 1;
}

const monthText = (d: Date) => `${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, "0")}`;
const dayText = (d: Date) => d.toISOString().slice(0, 10);

/** A cell's text as the import reads it: a date (a month typed "2026-10" Excel turned into one) as its month, or its day. */
function serialToDate(serial: number, date1904: boolean, as: (d: Date) => string): string {
  const ms = Math.round((serial + (date1904 ? 1462 : 0) - 25569) * 86_400_000);
  return as(new Date(ms));
}

/** The first sheet as rows of text cells (row i of the table = row i + 1 of the sheet). Throws ZipRefusal. */
export async function readFirstSheet(data: Buffer, limits: SheetLimits): Promise<string[][]> {
  const { kind } = limits;
  const entries = readCentralDirectory(data, undefined, kind);
  const rootRels = await relationships(data, entries, "", kind);
  const workbookPath = rootRels.find((r) => r.type.endsWith("/officeDocument"))?.target ?? "xl/workbook.xml";
  const workbook = part(entries, workbookPath, MAX_SMALL_PART, "Le sommaire", kind);
  if (!workbook) throw new ZipRefusal(ZIP_UNREADABLE);
  const rels = await relationships(data, entries, workbookPath, kind);
  let firstSheetId: string | null = null;
  let date1904 = false;
  await readXml(data, workbook, {
    open(name, a) {
      if (name === "sheet" && firstSheetId === null) firstSheetId = a.id ?? "";
      else if (name === "workbookPr") date1904 = a.date1904 === "1" || a.date1904 === "true";
    },
    close() {},
    text() {},
  });
  if (firstSheetId === null) throw new ZipRefusal("Le classeur ne contient aucune feuille.");
  const sheetPath = rels.find((r) => r.id === firstSheetId)?.target;
  const sheet = sheetPath ? findEntry(entries, sheetPath) : null;
  if (!sheet) throw new ZipRefusal(ZIP_UNREADABLE);
  const stringsEntry = findEntry(entries, rels.find((r) => r.type.endsWith("/sharedStrings"))?.target ?? "");
  // the sheet and its shared strings hold the rows: bounded together, before anything is inflated
  const declared = sheet.size + (stringsEntry?.size ?? 0);
  if (declared > limits.maxSheetBytes) {
    throw new ZipRefusal(
      `La feuille de ce classeur occupe ${mo(declared)} une fois décompressée, au-delà des ${mo(limits.maxSheetBytes)} ${startsWithVowel(kind.name) ? "qu'" : "que "}${kind.name} peut atteindre (${limits.maxRows - 1} lignes au plus). ${kind.keepLess}, ou envoyez le fichier au format .csv.`,
    );
  }
  checkRatio(sheet, kind);
  if (stringsEntry) checkRatio(stringsEntry, kind);
  const styles = await dateStyles(data, part(entries, rels.find((r) => r.type.endsWith("/styles"))?.target ?? "", MAX_STYLES, "Le fichier des styles", kind));
  const strings = await sharedStrings(data, stringsEntry);

  const dateText = kind.dates === "day" ? dayText : monthText;
  const table: string[][] = [];
  let rowNumber = 0;
  let row: string[] | null = null;
  let col = -1;
  let type = "";
  let style = 0;
  let value: string[] = [];
  let inValue = false;
  let inInline = false;
  let phonetic = 0;
  await readXml(data, sheet, {
    open(name, a, selfClosing) {
      if (name === "row") {
        rowNumber = a.r ? Number(a.r) : rowNumber + 1;
        if (!Number.isInteger(rowNumber) || rowNumber < 1) throw new ZipRefusal(ZIP_UNREADABLE);
        if (rowNumber > limits.maxRows) throw new ZipRefusal(kind.tooManyRows);
        row = [];
        col = -1;
        if (selfClosing) return;
      } else if (name === "c" && row) {
        col = (a.r ? columnIndex(a.r) : null) ?? col + 1;
        type = a.t ?? "n";
        style = Number(a.s ?? 0);
        value = [];
      } else if (name === "v") inValue = !selfClosing;
      else if (name === "is") inInline = true;
      else if (name === "rPh") phonetic++;
      else if (name === "t" && inInline && !selfClosing) inValue = true;
    },
    close(name) {
      if (name === "v" || name === "t") inValue = false;
      else if (name === "is") inInline = false;
      else if (name === "rPh") phonetic--;
      else if (name === "c" && row && col >= 0 && col < MAX_COLUMNS) {
        const text = cellText(type, value.join(""), style);
        if (text !== "") row[col] = text;
      } else if (name === "row" && row) {
        while (table.length < rowNumber - 1) table.push([]);
        table[rowNumber - 1] = row;
        row = null;
      }
    },
    text(t) {
      if (inValue && !phonetic) value.push(t);
    },
  });
  return table;

  function cellText(t: string, v: string, s: number): string {
    switch (t) {
      case "s":
        return strings[Number(v)] ?? "";
      case "inlineStr":
      case "str":
        return v;
      case "b":
        return v.trim() === "1" || v.trim().toLowerCase() === "true" ? "VRAI" : "FAUX";
      case "e":
        return "";
      case "d": {
        const d = new Date(v);
        return Number.isNaN(d.getTime()) ? v : dateText(d);
      }
      default: {
        if (v.trim() === "") return "";
        const n = Number(v);
        if (Number.isNaN(n)) return v;
        return styles.has(s) ? serialToDate(n, date1904, dateText) : String(n);
      }
    }
  }
}
