import ExcelJS from "exceljs";
import { describe, expect, it } from "vitest";
import { parseImportFile, csvToTable } from "./parse";
import { templateCsv, templateXlsx } from "./template";

const rows = [
  { orderNumber: "25_BAM_112-2026-0007", month: "2026-10-01", lineNo: 1, workUnit: "UO Devops-Senior" },
  { orderNumber: "25_BAM_112-2026-0007", month: "2026-10-01", lineNo: 2, workUnit: "UO Product-Management" },
];

describe("declaration import files", () => {
  it("reads back the xlsx template once filled in; untouched prefilled rows are skipped", async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(await templateXlsx(rows) as unknown as ArrayBuffer);
    const ws = wb.worksheets[0];
    expect(ws.getRow(1).getCell(1).value).toBe("N° bon de commande");
    expect(ws.getRow(2).getCell(2).value).toBe("2026-10");
    ws.getRow(2).getCell(5).value = 4.5;
    ws.getRow(2).getCell(6).value = "Mise en production ; revue";
    ws.getRow(2).getCell(9).value = "Ada Lovelace";
    ws.getRow(2).getCell(10).value = "4,5";
    const parsed = await parseImportFile(Buffer.from(await wb.xlsx.writeBuffer()), "declarations.xlsx");
    expect(parsed.errors).toEqual([]);
    expect(parsed.rows).toEqual([{ row: 2, cells: {
      orderNumber: "25_BAM_112-2026-0007", month: "2026-10", lineNo: "1", workUnit: "UO Devops-Senior", days: "4.5",
      activities: "Mise en production ; revue", person1: "Ada Lovelace", person1Days: "4,5",
    } }]);
  });

  it("reads a national contractor's template (thousands of prefilled rows, a few filled in)", async () => {
    const many = Array.from({ length: 3_400 }, (_, i) => ({ orderNumber: `25_BAM_112-2026-${String(i + 1).padStart(4, "0")}`, month: "2026-10-01", lineNo: 1, workUnit: "UO Devops-Senior" }));
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(await templateXlsx(many) as unknown as ArrayBuffer);
    const ws = wb.worksheets[0];
    for (const r of [2, 1_700, 3_401]) ws.getRow(r).getCell(5).value = 2;
    const parsed = await parseImportFile(Buffer.from(await wb.xlsx.writeBuffer()), "modele.xlsx");
    expect(parsed.errors).toEqual([]);
    expect(parsed.rows.map((r) => [r.row, r.cells.orderNumber, r.cells.days])).toEqual([
      [2, "25_BAM_112-2026-0001", "2"], [1_700, "25_BAM_112-2026-1699", "2"], [3_401, "25_BAM_112-2026-3400", "2"],
    ]);
  });

  it("reads a month that Excel turned into a date", async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet("x");
    ws.addRow(["N° bon de commande", "Mois (AAAA-MM)", "N° ligne", "Jours"]);
    ws.addRow(["BC-1", new Date(Date.UTC(2026, 9, 1)), 1, 3]);
    const parsed = await parseImportFile(Buffer.from(await wb.xlsx.writeBuffer()), "x.xlsx");
    expect(parsed.rows[0].cells).toMatchObject({ month: "2026-10", lineNo: "1", days: "3" });
  });

  it("reads the CSV template (BOM, `;`, CRLF) and quoted fields", async () => {
    const csv = templateCsv(rows).toString("utf8");
    expect(csv.charCodeAt(0)).toBe(0xfeff);
    const filled = csv.replace("\r\n25_BAM_112-2026-0007;2026-10;1;UO Devops-Senior;;", '\r\n25_BAM_112-2026-0007;2026-10;1;UO Devops-Senior;2,5;"Revue ; ""tests"""');
    const parsed = await parseImportFile(Buffer.from(filled, "utf8"), "d.csv");
    expect(parsed.errors).toEqual([]);
    expect(parsed.rows).toHaveLength(1);
    expect(parsed.rows[0]).toMatchObject({ row: 2, cells: { days: "2,5", activities: 'Revue ; "tests"' } });
    expect(csvToTable("a,b\n1,2")).toEqual([["a", "b"], ["1", "2"]]);
  });

  it("reads a CSV saved by Excel in Windows-1252", async () => {
    const text = "N° bon de commande;Mois (AAAA-MM);N° ligne;Jours;Activités\r\nBC-1;2026-10;1;2,5;Réunion d'équipe\r\n";
    const cp1252 = Buffer.from([...text].map((c) => ({ "°": 0xb0, "é": 0xe9 } as Record<string, number>)[c] ?? c.charCodeAt(0)));
    const parsed = await parseImportFile(cp1252, "excel.csv");
    expect(parsed.errors).toEqual([]);
    expect(parsed.rows[0].cells).toMatchObject({ orderNumber: "BC-1", days: "2,5", activities: "Réunion d'équipe" });
  });

  it("refuses files it cannot read, with a French message", async () => {
    expect((await parseImportFile(Buffer.from(""), "x.csv")).errors[0].message).toBe("Le fichier est vide.");
    expect((await parseImportFile(Buffer.from("a;b\n1;2"), "x.csv")).errors[0].message).toMatch(/^Colonnes manquantes : « N° bon de commande »/);
    expect((await parseImportFile(Buffer.from("PK\x03\x04garbage"), "x.xlsx")).errors[0].message).toMatch(/Excel/);
    expect((await parseImportFile(Buffer.from("x"), "x.xls")).errors[0].message).toMatch(/\.xls/);
  });
});
