// Renders the service fait model with pdfkit and Marianne (text stays extractable).
import { createPdfDocument, FONT_BOLD, FONT_REGULAR, pdfToBuffer, useFont } from "../pdf-fonts";
import { stateHeader, tableRow } from "../pdf-layout";
import type { ServiceFaitModel } from "./model";

export async function renderServiceFait(model: ServiceFaitModel): Promise<Buffer> {
  const doc = createPdfDocument({ Title: model.title, Subject: "Attestation de service fait", Author: "Pilotage UO" });
  const left = doc.page.margins.left;
  const width = doc.page.width - doc.page.margins.left - doc.page.margins.right;
  stateHeader(doc, model.title, 1.5);
  doc.moveDown(1);
  for (const [label, value] of model.facts) {
    useFont(doc, FONT_BOLD).fontSize(10).text(`${label} : `, { continued: true });
    useFont(doc, FONT_REGULAR).text(value);
  }
  doc.moveDown(1);

  // table
  const n = model.columns.length;
  const widths = n === 6 ? [35, 120, 90, 70, 60, width - 375] : [40, 160, 100, 70, width - 370];
  const row = (cells: string[], bold: boolean) => tableRow(doc, cells, bold, { left, width, widths, fontSize: 9, numericFrom: 2, padTop: 3, ruleGap: 6 });
  row(model.columns, true);
  for (const r of model.rows) row(r, false);
  row(model.totals, true);
  doc.moveDown(1);

  if (model.companies.length) {
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
