// The import template: the header, then one prefilled row per line of the contractor's issued orders.
import ExcelJS from "exceljs";
import { stringify } from "csv-stringify/sync";
import { neutraliseText } from "../spec/neutralise";
import { formatDays } from "../../app/lib/format";
import { importColumns, type ImportKey } from "../../app/domain/declarations/import-columns";

export interface TemplateRow {
  orderNumber: string;
  month: string;
  lineNo: number;
  workUnit: string;
  /** ordered days − what already counts (validated + submitted raises, R9) */
  daysLeft: string;
  /** working days of the month (French public holidays): what one person may declare at most */
  workingDays: number;
}

function values(r: TemplateRow): Partial<Record<ImportKey, string>> {
  return {
    orderNumber: r.orderNumber,
    month: r.month.slice(0, 7),
    lineNo: String(r.lineNo),
    workUnit: r.workUnit,
    daysLeft: formatDays(r.daysLeft),
    workingDays: String(r.workingDays),
  };
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
    "Jours restants sur la ligne : commandés moins validés et soumis, à la date du modèle ; on ne déclare pas au-delà.",
    "Jours ouvrés du mois : jours fériés exclus ; une personne ne déclare pas plus sur le mois, tous bons de commande confondus.",
    "Les deux colonnes « (information) » sont ignorées à l'import.",
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
