// Beneficiary follow-up, Excel (streamed, three sheets) and PDF (pdfkit + Marianne).
import type { Writable } from "node:stream";
import type { Executor } from "../../db/client";
import type { SessionUser } from "../../app/auth/user";
import { formatDate, formatDateTime, formatDays, formatEuros, formatMonth, formatPercent } from "../../app/lib/format";
import { pinToScope, type ResolvedFilters } from "../consolidated/filters";
import { filterNames } from "../consolidated/queries.server";
import { parameterRows } from "../consolidated/model";
import { parametersTable } from "../consolidated/tables";
import type { Exporter } from "../consolidated/workbook.server";
import { writeWorkbook } from "../xlsx/workbook";
import { createPdfDocument, FONT_BOLD, FONT_REGULAR, pdfToBuffer, useFont } from "../pdf-fonts";
import { stateHeader, tableRow } from "../pdf-layout";
import { groupByProduct, toActivityRow } from "./model";
import { todayInParis } from "../../app/lib/dates";
import { orderStatusLabels } from "../labels";
import { activityLines, orderFollowUp } from "./queries.server";
import { activitiesTable, orderFollowUpTable, productFollowUpTable } from "./tables";
import { de } from "../../app/lib/french";

/** `now`: the export's time; an order's status says "échu avec reste" as of that day (R14). */
export async function followUpModel(db: Executor, user: SessionUser, filters: ResolvedFilters, now: Date) {
  const f = pinToScope(user, filters);
  const [orders, names] = await Promise.all([orderFollowUp(db, user, f, todayInParis(now)), filterNames(db, f)]);
  const groups = groupByProduct(orders);
  const beneficiaries = [...new Set(groups.map((g) => g.row.beneficiary))];
  return { groups, beneficiaries, names };
}

const scopeLabels = { dinum: "Tous les bénéficiaires", correspondent: "Son bénéficiaire", contractor: "Les bons de commande de son entreprise" } as const;

export async function writeFollowUpWorkbook(db: Executor, exporter: Exporter, filters: ResolvedFilters, output: Writable, now = new Date()): Promise<void> {
  const f = pinToScope(exporter.user, filters);
  const { groups, names } = await followUpModel(db, exporter.user, f, now);
  const activities = (await activityLines(db, exporter.user, f)).map(toActivityRow);
  await writeWorkbook(
    output,
    [
      { spec: productFollowUpTable, rows: groups.map((g) => g.row) },
      { spec: orderFollowUpTable, rows: groups.flatMap((g) => g.orders) },
      { spec: activitiesTable, rows: activities },
      {
        spec: parametersTable,
        rows: parameterRows(f, { exportedAt: now, exportedBy: exporter.label, scope: scopeLabels[exporter.user.role], ...names }).slice(0, 9),
      },
    ],
    { creator: "Pilotage UO", created: now, title: "Suivi par bénéficiaire" },
  );
}

export async function renderFollowUpPdf(db: Executor, exporter: Exporter, filters: ResolvedFilters, now = new Date()): Promise<Buffer> {
  const f = pinToScope(exporter.user, filters);
  const { groups, beneficiaries } = await followUpModel(db, exporter.user, f, now);
  const title = beneficiaries.length === 1 ? `Suivi par bénéficiaire : ${beneficiaries[0]}` : "Suivi par bénéficiaire";
  const doc = createPdfDocument({ Title: title, Subject: "Fait et reste à faire par produit et par bon de commande", Author: "Pilotage UO" });
  const left = doc.page.margins.left;
  const width = doc.page.width - left - doc.page.margins.right;
  stateHeader(doc, title, 1);
  useFont(doc, FONT_REGULAR)
    .fontSize(9)
    .fillColor("#3a3a3a")
    .text(
      `Édité le ${formatDateTime(now)} par ${exporter.label}.${f.from || f.to ? ` Période : ${f.from ? formatDate(f.from) : "origine"} – ${f.to ? formatDate(f.to) : "aujourd'hui"}.` : ""}`,
    );
  doc.fillColor("#161616").moveDown(1);
  if (groups.length === 0) doc.fontSize(11).text("Aucun bon de commande émis dans ce périmètre.");

  const cols = [
    { w: 120, t: "Bon de commande" },
    { w: 105, t: "Titulaire" },
    { w: 95, t: "Période" },
    { w: 60, t: "Commandé" },
    { w: 60, t: "Fait" },
    { w: width - 440, t: "Restant" },
  ];
  const widths = cols.map((c) => c.w);
  const newPageIfLow = () => {
    if (doc.y > doc.page.height - doc.page.margins.bottom - 40) doc.addPage();
  };
  const row = (cells: string[], bold: boolean) =>
    tableRow(doc, cells, bold, { left, width, widths, fontSize: 8.5, numericFrom: 3, padTop: 2, ruleGap: 4, ensure: newPageIfLow });

  for (const g of groups) {
    if (doc.y > doc.page.height - 200) doc.addPage();
    const p = g.row;
    useFont(doc, FONT_BOLD)
      .fontSize(13)
      .text(`${p.product}${p.phase ? ` (${p.phase})` : ""}`, left, doc.y, { width });
    if (beneficiaries.length > 1) useFont(doc, FONT_REGULAR).fontSize(9).text(p.beneficiary, { width });
    useFont(doc, FONT_REGULAR)
      .fontSize(10)
      .text(
        `Commandé : ${formatDays(p.orderedDays)} j, ${formatEuros(p.orderedTtc)} TTC · Fait : ${formatDays(p.consumedDays)} j (${formatPercent(p.consumptionRate)}), ${formatEuros(p.consumedTtc)} TTC · En attente : ${formatDays(p.pendingDays)} j · Restant à faire : ${formatDays(p.remainingDays)} j, ${formatEuros(p.remainingHt)} HT, ${formatEuros(p.remainingTtc)} TTC${p.releasedDays !== "0.0" || p.releasedHt !== "0.00" ? ` · Libéré par les soldes : ${formatDays(p.releasedDays)} j, ${formatEuros(p.releasedTtc)} TTC` : ""}`,
        { width },
      );
    doc.moveDown(0.4);
    row(
      cols.map((c) => c.t),
      true,
    );
    for (const o of g.orders) {
      // the status when it is not simply "Émis" (soldé, annulé, échu avec reste: R14)
      row(
        [
          o.status === orderStatusLabels.issued ? o.orderNumber : `${o.orderNumber} (${o.status.toLowerCase()})`,
          o.contractor,
          `${formatDate(o.periodStart)} – ${formatDate(o.periodEnd)}`,
          `${formatDays(o.orderedDays)} j`,
          `${formatDays(o.consumedDays)} j`,
          `${formatDays(o.remainingDays)} j`,
        ],
        false,
      );
    }
    // R15: what each order's invoices claim and what was paid (as on its page)
    const invoiced = g.orders.filter((o) => o.invoicedTtc !== "0.00");
    if (invoiced.length) {
      doc.moveDown(0.2);
      useFont(doc, FONT_REGULAR).fontSize(9);
      for (const o of invoiced)
        doc.text(`${o.orderNumber} — facturé : ${formatEuros(o.invoicedTtc)} TTC, payé : ${formatEuros(o.paidTtc)} TTC`, left, doc.y, { width });
    }
    doc.moveDown(0.4);
    for (const o of g.orders) {
      if (!o.lastMonth) continue;
      if (doc.y > doc.page.height - 120) doc.addPage();
      useFont(doc, FONT_BOLD)
        .fontSize(9)
        .text(`${o.orderNumber} — activités ${de(formatMonth(o.lastMonth))}`, left, doc.y, { width });
      useFont(doc, FONT_REGULAR)
        .fontSize(9)
        .text(o.lastActivities || "—", { width });
      const estimate = o.estimatedRemainingDays ? ` (estimé par le titulaire : ${formatDays(o.estimatedRemainingDays)} j)` : "";
      doc.text(`Reste à faire${estimate} : ${o.remainingWork || "—"}`, { width });
      doc.moveDown(0.4);
    }
    doc.moveDown(0.8);
  }
  return pdfToBuffer(doc);
}
