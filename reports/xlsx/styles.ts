// Number formats and cell styles, defined once, as the styles part (xl/styles.xml) of every workbook.
// Each column format gets two cell styles (data, totals row in bold) and the header one more, all known
// before the first row: a cell names its style by index (`s="3"`), no lookup per cell. Format codes are
// locale-neutral in the file; Excel and LibreOffice in French display them as "1 234,56 €", "12,5",
// "31/12/2026".
import type { ColumnFormat } from "../spec/columns";

export const NUMBER_FORMATS: Record<ColumnFormat, string | undefined> = {
  text: "@",
  url: undefined,
  euros: '#,##0.00\\ "€";-#,##0.00\\ "€"',
  days: "#,##0.0",
  quantity: "#,##0.000",
  integer: "0",
  percent: "0.0%",
  date: "dd/mm/yyyy",
};

const FORMATS: ColumnFormat[] = ["text", "url", "euros", "days", "quantity", "integer", "percent", "date"];

// fonts: 0 regular, 1 bold, 2 header (bold white), 3 link, 4 bold link
const FONTS = [
  '<font><sz val="11"/><color rgb="FF000000"/><name val="Calibri"/><family val="2"/></font>',
  '<font><b/><sz val="11"/><color rgb="FF000000"/><name val="Calibri"/><family val="2"/></font>',
  '<font><b/><sz val="11"/><color rgb="FFFFFFFF"/><name val="Calibri"/><family val="2"/></font>',
  '<font><u/><sz val="11"/><color rgb="FF000091"/><name val="Calibri"/><family val="2"/></font>',
  '<font><b/><u/><sz val="11"/><color rgb="FF000091"/><name val="Calibri"/><family val="2"/></font>',
];

function escapeAttribute(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

/** numFmt ids: built-in 49 ("@") and 1 ("0"), custom ones from 164 */
const numFmtIds = new Map<string, number>([
  ["@", 49],
  ["0", 1],
]);
const customFormats: string[] = [];
for (const f of FORMATS) {
  const code = NUMBER_FORMATS[f];
  if (code && !numFmtIds.has(code)) {
    numFmtIds.set(code, 164 + customFormats.length);
    customFormats.push(`<numFmt numFmtId="${164 + customFormats.length}" formatCode="${escapeAttribute(code)}"/>`);
  }
}

function xf(format: ColumnFormat | null, bold: boolean, quotePrefix = false): string {
  const code = format ? NUMBER_FORMATS[format] : undefined;
  const numFmtId = code ? numFmtIds.get(code)! : 0;
  const fontId = format === "url" ? (bold ? 4 : 3) : bold ? 1 : 0;
  const alignment = format === "text" ? '<alignment vertical="top"/>' : format === "date" ? '<alignment horizontal="right"/>' : "";
  return `<xf numFmtId="${numFmtId}" fontId="${fontId}" fillId="0" borderId="0" xfId="0"${numFmtId ? ' applyNumberFormat="1"' : ""}${fontId ? ' applyFont="1"' : ""}${quotePrefix ? ' quotePrefix="1"' : ""}${alignment ? ` applyAlignment="1">${alignment}</xf>` : "/>"}`;
}

const xfs: string[] = ['<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'];
const index = (x: string) => xfs.push(x) - 1;

/** style index of a data cell, per column format */
export const CELL_STYLE = Object.fromEntries(FORMATS.map((f) => [f, index(xf(f, false))])) as Record<ColumnFormat, number>;
/** style index of a totals-row cell (bold), per column format */
export const TOTAL_STYLE = Object.fromEntries(FORMATS.map((f) => [f, index(xf(f, true))])) as Record<ColumnFormat, number>;
/**
 * a text cell whose text starts like a formula (reports/spec/neutralise.ts): Excel's "quote prefix" style keeps it
 * text, even once edited, without a visible apostrophe (the CSV keeps its apostrophe: a CSV has no styles)
 */
export const QUOTED_TEXT_STYLE = { text: index(xf("text", false, true)), url: index(xf("url", false, true)) } as const;
/** header: bold white on the State's blue, vertically centred, wrapped */
export const HEADER_STYLE = index(
  '<xf numFmtId="0" fontId="2" fillId="2" borderId="0" xfId="0" applyFont="1" applyFill="1" applyAlignment="1"><alignment vertical="center" wrapText="1"/></xf>',
);

export const STYLES_XML =
  '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
  '<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">' +
  `<numFmts count="${customFormats.length}">${customFormats.join("")}</numFmts>` +
  `<fonts count="${FONTS.length}">${FONTS.join("")}</fonts>` +
  '<fills count="3"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill>' +
  '<fill><patternFill patternType="solid"><fgColor rgb="FF000091"/><bgColor indexed="64"/></patternFill></fill></fills>' +
  '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>' +
  '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>' +
  `<cellXfs count="${xfs.length}">${xfs.join("")}</cellXfs>` +
  '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>' +
  '<dxfs count="0"/><tableStyles count="0" defaultTableStyle="TableStyleMedium2" defaultPivotStyle="PivotStyleLight16"/>' +
  "</styleSheet>";
