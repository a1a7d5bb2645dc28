// Hostile .xlsx files for the upload tests and the benchmark, built by hand on node:zlib so that the ZIP's
// directory can say what the test wants (including lies): a sheet that inflates far beyond what it weighs,
// a directory that understates a part's size, a deflate stream that turns to garbage after the rows.
import { constants, crc32, deflateRawSync } from "node:zlib";

export interface RawEntry {
  name: string;
  /** the compressed bytes as stored (deflate unless `stored`) */
  compressed: Buffer;
  /** the size and CRC the directory declares */
  size: number;
  crc: number;
  stored?: boolean;
}

export function deflated(name: string, content: Buffer | string, declare: Partial<Pick<RawEntry, "size" | "crc">> = {}): RawEntry {
  const data = typeof content === "string" ? Buffer.from(content, "utf8") : content;
  return { name, compressed: deflateRawSync(data, { level: 9 }), size: declare.size ?? data.length, crc: declare.crc ?? crc32(data) >>> 0 };
}

/** A little-endian record of `size` bytes: its `[offset, bytes (2 or 4), value]` fields, zero elsewhere. */
function record(size: number, fields: [offset: number, bytes: 2 | 4, value: number][]): Buffer {
  const b = Buffer.alloc(size);
  for (const [offset, bytes, value] of fields) {
    if (bytes === 2) b.writeUInt16LE(value, offset);
    else b.writeUInt32LE(value, offset);
  }
  return b;
}

/** A ZIP of the entries, exactly as given (local headers and central directory agree). */
export function zipOf(entries: RawEntry[]): Buffer {
  const parts: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = Buffer.from(e.name, "utf8");
    // version 2.0, UTF-8 names, stored or deflated; the same fields in the local header and in the directory
    const method = e.stored ? 0 : 8;
    const sizes: [number, number, number] = [e.crc, e.compressed.length, e.size];
    const local = record(30, [[0, 4, 0x04034b50], [4, 2, 20], [6, 2, 0x0800], [8, 2, method], ...at(14, sizes), [26, 2, name.length]]);
    parts.push(local, name, e.compressed);
    const entry = record(46, [
      [0, 4, 0x02014b50],
      [4, 2, 20],
      [6, 2, 20],
      [8, 2, 0x0800],
      [10, 2, method],
      ...at(16, sizes),
      [28, 2, name.length],
      [42, 4, offset],
    ]);
    central.push(entry, name);
    offset += 30 + name.length + e.compressed.length;
  }
  const directory = Buffer.concat(central);
  const end = record(22, [
    [0, 4, 0x06054b50],
    [8, 2, entries.length],
    [10, 2, entries.length],
    [12, 4, directory.length],
    [16, 4, offset],
  ]);
  return Buffer.concat([...parts, directory, end]);
}

/** CRC-32, compressed and uncompressed sizes: three 4-byte fields from `offset`. */
function at(offset: number, [crc, compressed, size]: [number, number, number]): [number, 4, number][] {
  return [
    [offset, 4, crc],
    [offset + 4, 4, compressed],
    [offset + 8, 4, size],
  ];
}

const CONTENT_TYPES = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>`;
const ROOT_RELS = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`;
const workbookXml = (date1904: boolean) => `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">${date1904 ? '<workbookPr date1904="1"/>' : ""}<sheets><sheet name="Déclarations" sheetId="1" r:id="rId1"/></sheets></workbook>`;
const REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
const workbookRels = (strings: boolean, styles: boolean) => `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${REL}/worksheet" Target="worksheets/sheet1.xml"/>${strings ? `<Relationship Id="rId2" Type="${REL}/sharedStrings" Target="sharedStrings.xml"/>` : ""}${styles ? `<Relationship Id="rId3" Type="${REL}/styles" Target="/xl/styles.xml"/>` : ""}</Relationships>`;

/** A workbook whose only sheet is the given entry (named xl/worksheets/sheet1.xml), with optional shared strings and styles. */
export function workbookWith(sheet: RawEntry, parts: { sharedStrings?: string; styles?: string; date1904?: boolean; extra?: RawEntry[] } = {}): Buffer {
  return zipOf([
    deflated("[Content_Types].xml", CONTENT_TYPES),
    deflated("_rels/.rels", ROOT_RELS),
    deflated("xl/workbook.xml", workbookXml(parts.date1904 ?? false)),
    deflated("xl/_rels/workbook.xml.rels", workbookRels(parts.sharedStrings != null, parts.styles != null)),
    ...(parts.sharedStrings != null ? [deflated("xl/sharedStrings.xml", parts.sharedStrings)] : []),
    ...(parts.styles != null ? [deflated("xl/styles.xml", parts.styles)] : []),
    ...(parts.extra ?? []),
    { ...sheet, name: "xl/worksheets/sheet1.xml" },
  ]);
}

/** A sheet entry from its rows' XML (`<row>` elements). */
export function sheetOf(rowsXml: string): RawEntry {
  return deflated("sheet", `${SHEET_HEAD}${rowsXml}${SHEET_TAIL}`);
}

const SHEET_HEAD = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>`;
const SHEET_TAIL = "</sheetData></worksheet>";
const HEADER = ["N° bon de commande", "Mois (AAAA-MM)", "N° ligne", "Jours"];

const cell = (ref: string, text: string) => `<c r="${ref}" t="inlineStr"><is><t>${text}</t></is></c>`;

/** Sheet XML of the import's header then `rows` rows (73 bytes each at six digits: one text cell), as one buffer. */
export function sheetXml(rows: number): Buffer {
  const parts: string[] = [SHEET_HEAD, `<row r="1">${HEADER.map((h, i) => cell(`${"ABCD"[i]}1`, h)).join("")}</row>`];
  for (let r = 2; r <= rows + 1; r++) parts.push(`<row r="${r}"><c r="A${r}" t="inlineStr"><is><t>BC</t></is></c></row>`);
  parts.push(SHEET_TAIL);
  return Buffer.from(parts.join(""), "utf8");
}

/**
 * The file of the issue: under the 5 Mo upload limit, its sheet inflates to ~65 Mo (900,000 rows), and the
 * directory says so honestly.
 */
export function hugeSheetXlsx(rows = 900_000): Buffer {
  return workbookWith(hugeSheet(rows));
}

const sheets = new Map<number, RawEntry>();
/** Deflating 65 Mo takes seconds: once per process and row count. */
function hugeSheet(rows: number): RawEntry {
  if (!sheets.has(rows)) sheets.set(rows, deflated("sheet", sheetXml(rows)));
  return sheets.get(rows)!;
}

/**
 * A zip bomb that lies in its directory: the sheet is declared as `declared` bytes (well within every
 * limit) but inflates to `rows` rows.
 */
export function lyingBombXlsx(rows = 900_000, declared = 4096): Buffer {
  return workbookWith({ ...hugeSheet(rows), size: declared });
}

/**
 * A sheet of `rows` valid rows whose deflate stream then turns to garbage, declared honestly at
 * `declared` bytes: a reader that stops counting at the row limit never reaches the garbage.
 */
export function rowsThenGarbageXlsx(rows: number, declared: number): Buffer {
  const head = deflateRawSync(sheetXml(rows).subarray(0, -SHEET_TAIL.length), { finishFlush: constants.Z_SYNC_FLUSH });
  const garbage = Buffer.alloc(64 * 1024, 0xff);
  return workbookWith({ name: "sheet", compressed: Buffer.concat([head, garbage]), size: declared, crc: 0 });
}

/** A sheet declared at `declared` bytes whose compressed bytes are not deflate at all. */
export function declaredOnlyXlsx(declared: number): Buffer {
  return workbookWith({ name: "sheet", compressed: Buffer.alloc(4096, 0xff), size: declared, crc: 0 });
}
