// Renders the service fait model with pdfkit and Marianne (text stays extractable).
import { createPdfDocument, FONT_BOLD, FONT_REGULAR, pdfToBuffer, useFont } from "../pdf-fonts";
import { amountRows, pageFrame, stateHeader, tableRow } from "../pdf-layout";
import type { ServiceFaitModel } from "./model";

export async function renderServiceFait(model: ServiceFaitModel): Promise<Buffer> {
  const doc = createPdfDocument({ Title: model.title, Subject: "Attestation de service fait", Author: "Pilotage UO" });
  const frame = pageFrame(doc, 20);
  const { left, width, ensure, table: style } = frame;
  stateHeader(doc, model.title, 1.5);
  doc.moveDown(1);
  for (const [label, value] of model.facts) {
    useFont(doc, FONT_BOLD).fontSize(10).text(`${label} : `, { continued: true });
    useFont(doc, FONT_REGULAR).text(value);
  }
  doc.moveDown(1);

  // the month's lines: HT, VAT allocated per line, TTC
  const lineStyle = style(model.correction ? [28, 100, 70, 45, 42, 72, 62, width - 419] : [30, 128, 75, 45, 75, 65, width - 418], 2);
  tableRow(doc, model.columns, true, lineStyle);
  for (const r of model.rows) tableRow(doc, r, false, lineStyle);
  tableRow(doc, model.totals, true, lineStyle);
  doc.moveDown(0.5);
  amountRows(doc, frame, model.amounts, 180);
  doc.moveDown(1);

  // where each line stands once this declaration is counted
  if (model.progress.length) {
    ensure(60);
    useFont(doc, FONT_BOLD).fontSize(11).text("Consommation des lignes après cette déclaration", left, doc.y, { width });
    useFont(doc, FONT_REGULAR)
      .fontSize(8.5)
      .fillColor("#3a3a3a")
      .text("Déclarations validées jusqu'à celle-ci comprise ; commandé selon la révision du bon de commande en vigueur à la validation.", left, doc.y, {
        width,
      });
    doc.fillColor("#161616").moveDown(0.3);
    const progressStyle = style([28, 120, 62, 62, 76, 62, width - 410], 2);
    tableRow(doc, model.progressColumns, true, progressStyle);
    for (const r of model.progress) tableRow(doc, r, false, progressStyle);
    doc.moveDown(1);
  }

  if (model.companies.length) {
    ensure(60);
    useFont(doc, FONT_BOLD).fontSize(11).text("Service fait par entreprise", left, doc.y, { width });
    doc.moveDown(0.3);
    const companyRow = (cells: string[], bold: boolean) =>
      tableRow(doc, cells, bold, { left, width, widths: [width - 190, 80, 110], fontSize: 9, numericFrom: 1, padTop: 3, ruleGap: 6 });
    companyRow(["Entreprise", "Jours", "Montant HT"], true);
    for (const r of model.companies) companyRow(r, false);
    doc.moveDown(1);
  }

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
