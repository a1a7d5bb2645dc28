// The import template: the header, then one prefilled row per line of the contractor's issued orders.
import ExcelJS from "exceljs";
import { stringify } from "csv-stringify/sync";
import { neutraliseText } from "../spec/neutralise";
import { importColumns, type ImportKey } from "./columns";

export interface TemplateRow {
  orderNumber: string;
  month: string;
  lineNo: number;
  workUnit: string;
}

function values(r: TemplateRow): Partial<Record<ImportKey, string>> {
  return { orderNumber: r.orderNumber, month: r.month.slice(0, 7), lineNo: String(r.lineNo), workUnit: r.workUnit };
}

export async function templateXlsx(rows: TemplateRow[]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = "Pilotage UO";
  const ws = wb.addWorksheet("Déclarations");
  ws.columns = importColumns.map((c) => ({ header: c.label, key: c.key, width: c.width, style: { numFmt: "@" } }));
  ws.getRow(1).font = { bold: true };
  for (const r of rows) {
    const v = values(r);
    // every cell as text (a month stays "2026-10", never a date)
    ws.addRow(importColumns.map((c) => (v[c.key] == null ? null : neutraliseText(v[c.key]!))));
  }
  ws.views = [{ state: "frozen", ySplit: 1 }];
  const notes = wb.addWorksheet("Mode d'emploi");
  const help = [
    "Une ligne par ligne de bon de commande et par mois ; un seul mois par fichier.",
    "Jours : par demi-journées (par exemple 4 ou 4,5). Laissez vide ou supprimez les lignes que vous ne déclarez pas.",
    "Intervenants : facultatif, nom et jours de chacun ; une personne ne dépasse pas les jours ouvrés du mois.",
    "Importer le même mois à nouveau remplace les brouillons déjà importés, sans doublon.",
    "Les déclarations déjà soumises ou validées ne sont pas modifiées : corrigez-les depuis l'application.",
  ];
  notes.getColumn(1).width = 110;
  help.forEach((h) => notes.addRow([h]));
  return Buffer.from(await wb.xlsx.writeBuffer());
}

export function templateCsv(rows: TemplateRow[]): Buffer {
  const records = [
    importColumns.map((c) => c.label),
    ...rows.map((r) => {
      const v = values(r);
      return importColumns.map((c) => neutraliseText(v[c.key] ?? ""));
    }),
  ];
  return Buffer.from(stringify(records, { delimiter: ";", bom: true, record_delimiter: "windows" }), "utf8");
}
