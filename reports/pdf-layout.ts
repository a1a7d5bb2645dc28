// What the PDFs (purchase order, service fait, follow-up) draw alike: the State's header above the title, and
// a table row (cells in their columns, figures right-aligned, a grey rule under the row). Each document keeps
// its own sizes: they are the row's style.
import { FONT_BOLD, FONT_REGULAR, useFont } from "./pdf-fonts";

type Doc = PDFKit.PDFDocument;

/** "RÉPUBLIQUE FRANÇAISE" in the State's blue, `gap` lines, then the document's title. */
export function stateHeader(doc: Doc, title: string, gap: number): void {
  useFont(doc, FONT_BOLD).fontSize(9).fillColor("#000091").text("RÉPUBLIQUE FRANÇAISE", { characterSpacing: 0.5 });
  doc.moveDown(gap);
  useFont(doc, FONT_BOLD).fontSize(18).fillColor("#161616").text(title);
}

export interface RowStyle {
  left: number;
  width: number;
  /** the columns' widths, left to right */
  widths: number[];
  fontSize: number;
  /** the first column whose cells are right-aligned (figures) */
  numericFrom: number;
  /** space above the text, and between the text and the rule */
  padTop: number;
  ruleGap: number;
  /** called with the row's text height before it is drawn (to start a new page) */
  ensure?: (height: number) => void;
}

/** One table row at doc.y; doc.y is then below its rule. */
export function tableRow(doc: Doc, cells: string[], bold: boolean, s: RowStyle): void {
  useFont(doc, bold ? FONT_BOLD : FONT_REGULAR).fontSize(s.fontSize);
  const opts = (i: number) => ({ width: s.widths[i] - 6, align: i >= s.numericFrom ? ("right" as const) : ("left" as const) });
  const h = Math.max(0, ...cells.map((c, i) => doc.heightOfString(c, opts(i))));
  s.ensure?.(h);
  const y = doc.y;
  let x = s.left;
  cells.forEach((c, i) => {
    doc.text(c, x + 3, y + s.padTop, opts(i));
    x += s.widths[i];
  });
  doc
    .moveTo(s.left, y + h + s.ruleGap)
    .lineTo(s.left + s.width, y + h + s.ruleGap)
    .lineWidth(0.5)
    .strokeColor("#929292")
    .stroke();
  doc.x = s.left;
  doc.y = y + h + s.ruleGap + 2;
}

/**
 * A page's frame: its left margin and text width; `ensure(h)` starts a new page unless `h` points still fit above
 * the bottom margin and `reserve`; `table(widths, numericFrom, fontSize)` the style of a table's rows (a row that
 * does not fit starts a new page).
 */
export function pageFrame(doc: Doc, reserve: number) {
  const left = doc.page.margins.left;
  const width = doc.page.width - doc.page.margins.left - doc.page.margins.right;
  const ensure = (h: number) => {
    if (doc.y + h > doc.page.height - doc.page.margins.bottom - reserve) doc.addPage();
  };
  const table = (widths: number[], numericFrom: number, fontSize = 8.5): RowStyle => ({
    left,
    width,
    widths,
    fontSize,
    numericFrom,
    padTop: 3,
    ruleGap: 6,
    ensure: (h) => ensure(h + 10),
  });
  return { left, width, ensure, table };
}

/** Labelled amounts right-aligned under a table (a label starting with "Total" in bold): the label `labelWidth` wide, the figure 115. */
export function amountRows(doc: Doc, frame: ReturnType<typeof pageFrame>, rows: [string, string][], labelWidth: number): void {
  const { left, width } = frame;
  for (const [label, value] of rows) {
    frame.ensure(16);
    const y = doc.y;
    useFont(doc, label.startsWith("Total") ? FONT_BOLD : FONT_REGULAR).fontSize(10);
    doc.text(label, left + width - 120 - labelWidth, y, { width: labelWidth, align: "right" });
    doc.text(value, left + width - 115, y, { width: 115, align: "right" });
    doc.x = left;
  }
}
