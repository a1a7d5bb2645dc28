// Renders the bon de commande with pdfkit and Marianne (reports/pdf-fonts.ts): text stays extractable
// and keeps the French thousands separator (U+202F).
import { createPdfDocument, FONT_BOLD, FONT_REGULAR, pdfToBuffer, useFont } from "../pdf-fonts";
import { amountRows, pageFrame, stateHeader, tableRow } from "../pdf-layout";
import type { PurchaseOrderModel } from "./model";

export async function renderPurchaseOrder(model: PurchaseOrderModel): Promise<Buffer> {
  const doc = createPdfDocument({ Title: model.title, Subject: "Bon de commande", Author: "Pilotage UO" });
  const frame = pageFrame(doc, 30);
  const { left, width, ensure } = frame;

  stateHeader(doc, model.title, 1.2);
  useFont(doc, FONT_REGULAR).fontSize(10).fillColor("#3a3a3a").text(model.subtitle, { width });
  if (model.notice) {
    doc.moveDown(0.4);
    useFont(doc, FONT_BOLD).fontSize(11).fillColor("#ce0500").text(model.notice, { width });
  }
  doc.fillColor("#161616").moveDown(1);

  // parties, side by side
  const top = doc.y;
  const colW = (width - 20) / 2;
  let bottom = top;
  model.parties.forEach((p, i) => {
    const x = left + i * (colW + 20);
    useFont(doc, FONT_BOLD).fontSize(10).text(p.heading, x, top, { width: colW });
    useFont(doc, FONT_REGULAR).fontSize(9);
    for (const l of p.lines) doc.text(l, x, doc.y, { width: colW });
    bottom = Math.max(bottom, doc.y);
  });
  doc.x = left;
  doc.y = bottom + 12;

  for (const [label, value] of model.facts) {
    useFont(doc, FONT_BOLD).fontSize(9).text(`${label} : `, left, doc.y, { continued: true, width });
    useFont(doc, FONT_REGULAR).text(value);
  }
  doc.moveDown(1);

  // lines table
  const lineStyle = frame.table([24, 140, 62, 42, 80, 75, width - 423], 2);
  tableRow(doc, model.columns, true, lineStyle);
  for (const r of model.rows) tableRow(doc, r, false, lineStyle);
  doc.moveDown(0.5);
  amountRows(doc, frame, model.totals, 140);
  doc.moveDown(1);

  // an amendment: each line before and after, and the totals before and after
  if (model.amendment) {
    const a = model.amendment;
    ensure(80);
    useFont(doc, FONT_BOLD).fontSize(10).text(a.heading, left, doc.y, { width });
    doc.moveDown(0.3);
    const changeStyle = frame.table([22, 118, 58, 58, 78, 78, width - 412], 2, 8.5);
    tableRow(doc, a.columns, true, changeStyle);
    for (const r of a.rows) tableRow(doc, r, false, changeStyle);
    doc.moveDown(0.6);
    const totalStyle = frame.table([width - 330, 110, 110, 110], 1, 9);
    tableRow(doc, a.totalsColumns, true, totalStyle);
    for (const r of a.totals) tableRow(doc, r, r[0].startsWith("Total"), totalStyle);
    doc.moveDown(1);
  }

  ensure(60);
  useFont(doc, FONT_BOLD).fontSize(10).text("Engagement et imputation budgétaire", left, doc.y, { width });
  for (const [label, value] of model.commitment) {
    useFont(doc, FONT_BOLD).fontSize(9).text(`${label} : `, left, doc.y, { continued: true, width });
    useFont(doc, FONT_REGULAR).text(value);
  }
  useFont(doc, FONT_REGULAR)
    .fontSize(8.5)
    .fillColor("#3a3a3a")
    .text("Les factures rappellent le numéro d'engagement juridique et le numéro du bon de commande.", left, doc.y + 4, { width });
  doc.fillColor("#161616").moveDown(1.5);

  // signature block
  ensure(110);
  const sTop = doc.y;
  model.signatures.forEach((s, i) => {
    const x = left + i * (colW + 20);
    doc.rect(x, sTop, colW, 95).lineWidth(0.5).strokeColor("#929292").stroke();
    useFont(doc, FONT_BOLD)
      .fontSize(9.5)
      .text(s.heading, x + 8, sTop + 8, { width: colW - 16 });
    useFont(doc, FONT_REGULAR).fontSize(9);
    for (const l of s.lines) doc.text(l, x + 8, doc.y + 2, { width: colW - 16 });
  });
  doc.x = left;
  doc.y = sTop + 110;
  useFont(doc, FONT_REGULAR).fontSize(7.5).fillColor("#666666").text(model.footer, left, doc.y, { width });
  return pdfToBuffer(doc);
}
