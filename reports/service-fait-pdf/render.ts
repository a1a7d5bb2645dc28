// Renders the service fait model with pdfkit and Marianne (text stays extractable).
import { createPdfDocument, FONT_BOLD, FONT_REGULAR, pdfToBuffer, useFont } from "../pdf-fonts";
import type { ServiceFaitModel } from "./model";

export async function renderServiceFait(model: ServiceFaitModel): Promise<Buffer> {
  const doc = createPdfDocument({ Title: model.title, Subject: "Attestation de service fait", Author: "Pilotage UO" });
  const left = doc.page.margins.left;
  const width = doc.page.width - doc.page.margins.left - doc.page.margins.right;
  useFont(doc, FONT_BOLD).fontSize(9).fillColor("#000091").text("RÉPUBLIQUE FRANÇAISE", { characterSpacing: 0.5 });
  doc.moveDown(1.5);
  useFont(doc, FONT_BOLD).fontSize(18).fillColor("#161616").text(model.title);
  doc.moveDown(1);
  for (const [label, value] of model.facts) {
    useFont(doc, FONT_BOLD).fontSize(10).text(`${label} : `, { continued: true });
    useFont(doc, FONT_REGULAR).text(value);
  }
  doc.moveDown(1);

  // table
  const n = model.columns.length;
  const widths = n === 6 ? [35, 120, 90, 70, 60, width - 375] : [40, 160, 100, 70, width - 370];
  const numeric = (i: number) => i >= 2;
  const row = (cells: string[], bold: boolean) => {
    const y = doc.y;
    let x = left;
    let h = 0;
    useFont(doc, bold ? FONT_BOLD : FONT_REGULAR).fontSize(9);
    cells.forEach((c, i) => {
      const opts = { width: widths[i] - 6, align: numeric(i) ? ("right" as const) : ("left" as const) };
      h = Math.max(h, doc.heightOfString(c, opts));
      doc.text(c, x + 3, y + 3, opts);
      x += widths[i];
    });
    doc
      .moveTo(left, y + h + 6)
      .lineTo(left + width, y + h + 6)
      .lineWidth(0.5)
      .strokeColor("#929292")
      .stroke();
    doc.x = left;
    doc.y = y + h + 8;
  };
  row(model.columns, true);
  for (const r of model.rows) row(r, false);
  row(model.totals, true);
  doc.moveDown(1);

  if (model.activities.length) {
    useFont(doc, FONT_BOLD).fontSize(11).text("Activités opérationnelles réalisées", left, doc.y, { width });
    doc.moveDown(0.3);
    for (const a of model.activities) {
      useFont(doc, FONT_BOLD).fontSize(9).text(a.label, { width });
      useFont(doc, FONT_REGULAR).fontSize(9).text(a.text, { width });
      doc.moveDown(0.3);
    }
    doc.moveDown(0.7);
  }
  useFont(doc, FONT_REGULAR).fontSize(10).text(model.attestation, left, doc.y, { width });
  return pdfToBuffer(doc);
}
