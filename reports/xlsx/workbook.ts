// Streaming XLSX renderer, written directly as SpreadsheetML: each row becomes one string of XML (cell
// styles are indexes known before the first row, text is inline, numbers keep their exact decimal text)
// and goes into a streaming zip (zip.ts) as soon as it is built, so the workbook is never whole in memory
// and no per-cell object or style lookup is made (exceljs's WorkbookWriter spent over half its time there:
// see the README's Decisions). Each table is declared once (reports/spec) and rendered with a frozen,
// filterable header row, column widths and number formats, hyperlinks for url columns, and a totals row
// whose cells carry both the SUBTOTAL formula and its exact computed result (so a reader that does not
// recalculate still sees it). Read back by exceljs in the tests and opened by LibreOffice.
import type { Writable } from "node:stream";
import { hasTotals, Totals, type CellValue, type ColumnFormat, type TableSpec } from "../spec/columns";
import { isNumericFormat, toExcelSerial, toSpreadsheetNumberText } from "../spec/cells";
import { looksLikeFormula } from "../spec/neutralise";
import { CELL_STYLE, HEADER_STYLE, QUOTED_TEXT_STYLE, STYLES_XML, TOTAL_STYLE } from "./styles";
import { ZipWriter } from "./zip";

export interface Sheet<R> {
  spec: TableSpec<R>;
  rows: AsyncIterable<R> | Iterable<R>;
}

export interface WorkbookInfo {
  creator: string;
  created: Date;
  title?: string;
  /** deflate level, 1 (fastest) to 9 (smallest); default 4 */
  compression?: number;
}

export function columnLetter(index: number): string {
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

export class ExportAborted extends Error {
  constructor() {
    super("Export interrompu : le destinataire a fermé le flux (téléchargement annulé).");
  }
}

// characters XML 1.0 forbids (control characters but tab, LF, CR; U+FFFE, U+FFFF) are dropped
/* eslint-disable no-control-regex -- these control characters are the point */
const XML_SPECIAL = /[&<>\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/;
const XML_SPECIAL_ALL = /[&<>\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g;
/* eslint-enable no-control-regex */
const XML_ENTITIES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;" };
export function escapeXml(text: string): string {
  return XML_SPECIAL.test(text) ? text.replace(XML_SPECIAL_ALL, (c) => XML_ENTITIES[c] ?? "") : text;
}

function isSpace(code: number): boolean {
  return code === 32 || code === 9 || code === 10 || code === 13;
}

/** An inline-string cell body: `<is><t>…</t></is>`, keeping leading and trailing spaces. */
function inlineText(text: string): string {
  const preserve = text.length > 0 && (isSpace(text.charCodeAt(0)) || isSpace(text.charCodeAt(text.length - 1)));
  return preserve ? `<is><t xml:space="preserve">${escapeXml(text)}</t></is>` : `<is><t>${escapeXml(text)}</t></is>`;
}

const URL = /^https?:\/\/\S+$/;

const DATE_CACHE_LIMIT = 20_000;

/** The part of one sheet: its XML streamed into the zip, hyperlinks and the filter range kept for the end. */
interface SheetResult {
  name: string;
  lastRow: number;
  lastColumn: string;
  hyperlinks: string[];
}

const XML_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';
const NS_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
const NS_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
const NS_PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships";

async function writeSheet<R>(zip: ZipWriter, sheet: Sheet<R>, index: number, output: Writable): Promise<SheetResult> {
  const { spec } = sheet;
  const columns = spec.columns;
  const letters = columns.map((_, i) => columnLetter(i));
  const keys = columns.map((c) => c.key as string);
  const formats: ColumnFormat[] = columns.map((c) => c.format);
  const styles = formats.map((f) => CELL_STYLE[f]);
  const emptyCells = letters.map((l, i) => [`<c r="${l}`, `" s="${styles[i]}"/>`]);
  const openCells = letters.map((l) => `<c r="${l}`);
  const numberTails = styles.map((s) => `" s="${s}"><v>`);
  const textTails = styles.map((s) => `" s="${s}" t="inlineStr">`);
  // user text that starts like a formula: the literal text, in a quote-prefixed style (never a visible apostrophe)
  const quotedTails = formats.map((f) => `" s="${f === "url" ? QUOTED_TEXT_STYLE.url : QUOTED_TEXT_STYLE.text}" t="inlineStr">`);
  const dates = new Map<string, number>();
  const hyperlinks: string[] = [];

  const part = zip.entry(`xl/worksheets/sheet${index + 1}.xml`);
  const cols = columns.map((c, i) => `<col min="${i + 1}" max="${i + 1}" width="${c.width}" customWidth="1"/>`).join("");
  await part.write(
    `${XML_HEAD}<worksheet xmlns="${NS_MAIN}" xmlns:r="${NS_REL}">` +
      `<sheetViews><sheetView${index === 0 ? ' tabSelected="1"' : ""} workbookViewId="0">` +
      '<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/><selection pane="bottomLeft" activeCell="A2" sqref="A2"/>' +
      "</sheetView></sheetViews>" +
      `<sheetFormatPr defaultRowHeight="15"/><cols>${cols}</cols><sheetData>` +
      `<row r="1" ht="30" customHeight="1">${columns.map((c, i) => `<c r="${letters[i]}1" s="${HEADER_STYLE}" t="inlineStr">${inlineText(c.label)}</c>`).join("")}</row>`,
  );

  const totals = new Totals(spec);
  let rowNumber = 1;
  for await (const row of sheet.rows) {
    // a cancelled download destroys the output: stop reading the database for nobody
    if (output.destroyed) throw new ExportAborted();
    rowNumber++;
    const record = row as Record<string, CellValue>;
    let xml = `<row r="${rowNumber}">`;
    for (let i = 0; i < keys.length; i++) {
      const value = record[keys[i]];
      if (value === null || value === undefined || value === "") {
        xml += emptyCells[i][0] + rowNumber + emptyCells[i][1];
        continue;
      }
      switch (formats[i]) {
        case "text": {
          const text = String(value);
          xml += openCells[i] + rowNumber + (looksLikeFormula(text) ? quotedTails[i] : textTails[i]) + inlineText(clip(text)) + "</c>";
          break;
        }
        case "url": {
          const text = String(value);
          if (URL.test(text) && text.length < 2000) {
            hyperlinks.push(`${letters[i]}${rowNumber}\u0000${text}`);
            xml += openCells[i] + rowNumber + textTails[i] + inlineText(text) + "</c>";
          } else {
            xml += openCells[i] + rowNumber + (looksLikeFormula(text) ? quotedTails[i] : textTails[i]) + inlineText(clip(text)) + "</c>";
          }
          break;
        }
        case "date": {
          const text = String(value);
          let serial = dates.get(text);
          if (serial === undefined) {
            serial = toExcelSerial(text);
            if (dates.size >= DATE_CACHE_LIMIT) dates.clear();
            dates.set(text, serial);
          }
          xml += openCells[i] + rowNumber + numberTails[i] + serial + "</v></c>";
          break;
        }
        default:
          xml += openCells[i] + rowNumber + numberTails[i] + toSpreadsheetNumberText(value) + "</v></c>";
      }
    }
    const pending = part.write(xml + "</row>");
    if (pending) await pending;
    totals.add(row);
  }
  const count = rowNumber - 1;
  const lastDataRow = rowNumber;
  let lastRow = rowNumber;
  if (hasTotals(spec)) {
    lastRow++;
    const firstText = columns.findIndex((c) => !isNumericFormat(c.format));
    let xml = `<row r="${lastRow}">`;
    columns.forEach((c, i) => {
      const ref = `${letters[i]}${lastRow}`;
      const style = TOTAL_STYLE[c.format];
      if (c.total) {
        const result = toSpreadsheetNumberText(totals.get(c.key)!.toString());
        // SUBTOTAL(109, …) sums only the rows left visible by the auto-filter
        xml +=
          count === 0
            ? `<c r="${ref}" s="${style}"><v>${result}</v></c>`
            : `<c r="${ref}" s="${style}"><f>SUBTOTAL(109,${letters[i]}2:${letters[i]}${lastDataRow})</f><v>${result}</v></c>`;
      } else if (i === Math.max(0, firstText)) {
        xml += `<c r="${ref}" s="${style}" t="inlineStr">${inlineText(spec.totalsLabel ?? "Total")}</c>`;
      } else {
        xml += `<c r="${ref}" s="${style}"/>`;
      }
    });
    await part.write(xml + "</row>");
  }
  const lastColumn = letters[letters.length - 1];
  let tail = `</sheetData><autoFilter ref="A1:${lastColumn}${lastDataRow}"/>`;
  if (hyperlinks.length) {
    tail += `<hyperlinks>${hyperlinks.map((h, n) => `<hyperlink ref="${h.slice(0, h.indexOf("\u0000"))}" r:id="rId${n + 1}"/>`).join("")}</hyperlinks>`;
  }
  tail += '<pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/></worksheet>';
  await part.write(tail);
  await part.end();
  if (hyperlinks.length) {
    const rels = hyperlinks.map(
      (h, n) =>
        `<Relationship Id="rId${n + 1}" Type="${NS_REL}/hyperlink" Target="${escapeAttribute(h.slice(h.indexOf("\u0000") + 1))}" TargetMode="External"/>`,
    );
    await zip.file(`xl/worksheets/_rels/sheet${index + 1}.xml.rels`, `${XML_HEAD}<Relationships xmlns="${NS_PKG_REL}">${rels.join("")}</Relationships>`);
  }
  return { name: spec.sheet, lastRow: lastDataRow, lastColumn, hyperlinks };
}

function escapeAttribute(text: string): string {
  return escapeXml(text).replace(/"/g, "&quot;");
}

function isoSeconds(d: Date): string {
  return `${d.toISOString().slice(0, 19)}Z`;
}

/**
 * Writes the sheets, in order, into `output` (a file or the PassThrough of an HTTP response) and
 * resolves when the zip is finished. Rows may come from an async generator reading the database.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- sheets of different row types in one workbook
export async function writeWorkbook(output: Writable, sheets: Sheet<any>[], info: WorkbookInfo): Promise<void> {
  const zip = new ZipWriter(output, { level: info.compression ?? 4, modified: info.created, aborted: () => new ExportAborted() });
  const sheetParts = sheets.map(
    (_, i) => `<Override PartName="/xl/worksheets/sheet${i + 1}.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>`,
  );
  await zip.file(
    "[Content_Types].xml",
    `${XML_HEAD}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
      '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
      '<Default Extension="xml" ContentType="application/xml"/>' +
      '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>' +
      sheetParts.join("") +
      '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>' +
      '<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>' +
      '<Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/>' +
      "</Types>",
  );
  await zip.file(
    "_rels/.rels",
    `${XML_HEAD}<Relationships xmlns="${NS_PKG_REL}">` +
      `<Relationship Id="rId1" Type="${NS_REL}/officeDocument" Target="xl/workbook.xml"/>` +
      `<Relationship Id="rId2" Type="${NS_PKG_REL}/metadata/core-properties" Target="docProps/core.xml"/>` +
      `<Relationship Id="rId3" Type="${NS_REL}/extended-properties" Target="docProps/app.xml"/>` +
      "</Relationships>",
  );
  const created = isoSeconds(info.created);
  await zip.file(
    "docProps/core.xml",
    `${XML_HEAD}<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">` +
      `<dc:creator>${escapeXml(info.creator)}</dc:creator>${info.title ? `<dc:title>${escapeXml(info.title)}</dc:title>` : ""}` +
      `<dcterms:created xsi:type="dcterms:W3CDTF">${created}</dcterms:created><dcterms:modified xsi:type="dcterms:W3CDTF">${created}</dcterms:modified>` +
      "</cp:coreProperties>",
  );
  await zip.file(
    "docProps/app.xml",
    `${XML_HEAD}<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"><Application>Pilotage UO</Application></Properties>`,
  );
  await zip.file("xl/styles.xml", STYLES_XML);

  const results: SheetResult[] = [];
  for (const [i, sheet] of sheets.entries()) results.push(await writeSheet(zip, sheet, i, output));

  const quoted = (name: string) => `'${name.replace(/'/g, "''")}'`;
  await zip.file(
    "xl/workbook.xml",
    `${XML_HEAD}<workbook xmlns="${NS_MAIN}" xmlns:r="${NS_REL}">` +
      '<workbookPr/><bookViews><workbookView activeTab="0"/></bookViews>' +
      `<sheets>${results.map((r, i) => `<sheet name="${escapeAttribute(r.name)}" sheetId="${i + 1}" r:id="rId${i + 1}"/>`).join("")}</sheets>` +
      `<definedNames>${results.map((r, i) => `<definedName name="_xlnm._FilterDatabase" localSheetId="${i}" hidden="1">${escapeXml(quoted(r.name))}!$A$1:$${r.lastColumn}$${r.lastRow}</definedName>`).join("")}</definedNames>` +
      '<calcPr calcId="191029"/></workbook>',
  );
  await zip.file(
    "xl/_rels/workbook.xml.rels",
    `${XML_HEAD}<Relationships xmlns="${NS_PKG_REL}">` +
      results.map((_, i) => `<Relationship Id="rId${i + 1}" Type="${NS_REL}/worksheet" Target="worksheets/sheet${i + 1}.xml"/>`).join("") +
      `<Relationship Id="rId${results.length + 1}" Type="${NS_REL}/styles" Target="styles.xml"/>` +
      "</Relationships>",
  );
  await zip.finish();
}
