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
