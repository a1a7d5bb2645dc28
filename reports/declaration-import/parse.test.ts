import ExcelJS from "exceljs";
import { describe, expect, it } from "vitest";
import { parseChorusFile, parseImportFile, csvToTable, MAX_SHEET_BYTES } from "./parse";
import { templateCsv, templateXlsx } from "./template";
import { declaredOnlyXlsx, deflated, hugeSheetXlsx, lyingBombXlsx, rowsThenGarbageXlsx, sheetOf, workbookWith, zipOf } from "../../tests/helpers/hostile-xlsx";

const rows = [
  { orderNumber: "25_BAM_112-2026-0007", month: "2026-10-01", lineNo: 1, workUnit: "UO Devops-Senior", daysLeft: "17.5", workingDays: 21 },
  { orderNumber: "25_BAM_112-2026-0007", month: "2026-10-01", lineNo: 2, workUnit: "UO Product-Management", daysLeft: "10.0", workingDays: 21 },
];

describe("declaration import files", () => {
  it("reads back the xlsx template once filled in; untouched prefilled rows are skipped", async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await templateXlsx(rows)) as unknown as ArrayBuffer);
    const ws = wb.worksheets[0];
    expect(ws.getRow(1).getCell(1).value).toBe("N° bon de commande");
    expect(ws.getRow(2).getCell(2).value).toBe("2026-10");
    ws.getRow(2).getCell(5).value = 4.5;
    // the days left on the line and the month's working days, beside "Jours", for information only
    expect(ws.getRow(1).getCell(6).value).toBe("Jours restants sur la ligne (information)");
    expect([ws.getRow(2).getCell(6).value, ws.getRow(2).getCell(7).value]).toEqual(["17,5", "21"]);
    expect(ws.getRow(3).getCell(6).value).toBe("10");
    ws.getRow(2).getCell(8).value = "Mise en production ; revue";
    ws.getRow(2).getCell(11).value = "Ada Lovelace";
    ws.getRow(2).getCell(12).value = "4,5";
    const parsed = await parseImportFile(Buffer.from(await wb.xlsx.writeBuffer()), "declarations.xlsx");
    expect(parsed.errors).toEqual([]);
    expect(parsed.rows).toEqual([
      {
        row: 2,
        cells: {
          orderNumber: "25_BAM_112-2026-0007",
          month: "2026-10",
          lineNo: "1",
          workUnit: "UO Devops-Senior",
          days: "4.5",
          activities: "Mise en production ; revue",
          person1: "Ada Lovelace",
          person1Days: "4,5",
        },
      },
    ]);
  });

  it("reads a national contractor's template (thousands of prefilled rows, a few filled in)", { timeout: 60_000 }, async () => {
    const many = Array.from({ length: 3_400 }, (_, i) => ({
      orderNumber: `25_BAM_112-2026-${String(i + 1).padStart(4, "0")}`,
      month: "2026-10-01",
      lineNo: 1,
      workUnit: "UO Devops-Senior",
      daysLeft: "20.0",
      workingDays: 22,
    }));
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await templateXlsx(many)) as unknown as ArrayBuffer);
    const ws = wb.worksheets[0];
    for (const r of [2, 1_700, 3_401]) ws.getRow(r).getCell(5).value = 2;
    const parsed = await parseImportFile(Buffer.from(await wb.xlsx.writeBuffer()), "modele.xlsx");
    expect(parsed.errors).toEqual([]);
    expect(parsed.rows.map((r) => [r.row, r.cells.orderNumber, r.cells.days])).toEqual([
      [2, "25_BAM_112-2026-0001", "2"],
      [1_700, "25_BAM_112-2026-1699", "2"],
      [3_401, "25_BAM_112-2026-3400", "2"],
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
    const filled = csv.replace(
      "\r\n25_BAM_112-2026-0007;2026-10;1;UO Devops-Senior;;17,5;21;",
      '\r\n25_BAM_112-2026-0007;2026-10;1;UO Devops-Senior;2,5;17,5;21;"Revue ; ""tests"""',
    );
    const parsed = await parseImportFile(Buffer.from(filled, "utf8"), "d.csv");
    expect(parsed.errors).toEqual([]);
    expect(parsed.rows).toHaveLength(1);
    expect(parsed.rows[0]).toMatchObject({ row: 2, cells: { days: "2,5", activities: 'Revue ; "tests"' } });
    expect(csvToTable("a,b\n1,2")).toEqual([
      ["a", "b"],
      ["1", "2"],
    ]);
  });

  it("reads a CSV saved by Excel in Windows-1252", async () => {
    const text = "N° bon de commande;Mois (AAAA-MM);N° ligne;Jours;Activités\r\nBC-1;2026-10;1;2,5;Réunion d'équipe\r\n";
    const cp1252 = Buffer.from([...text].map((c) => (({ "°": 0xb0, é: 0xe9 }) as Record<string, number>)[c] ?? c.charCodeAt(0)));
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

  it("reads what Excel and LibreOffice write: shared strings (rich text, no phonetic), inline strings, cached formula results, booleans, dates (1904 too), entities", async () => {
    const strings =
      `<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>N° bon de commande</t></si><si><t>Mois (AAAA-MM)</t></si><si><t>N° ligne</t></si><si><t>Jours</t></si><si><t>Activités</t></si>` +
      `<si><r><rPr><b/></rPr><t>Revue &amp; </t></r><r><t xml:space="preserve">tests</t></r><rPh sb="0" eb="1"><t>phonétique</t></rPh></si><si><t>BC-1</t></si></sst>`;
    const styles =
      `<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><numFmts count="1"><numFmt numFmtId="164" formatCode="mmm\\ yyyy"/></numFmts>` +
      `<cellXfs count="3"><xf numFmtId="0"/><xf numFmtId="164"/><xf numFmtId="2"/></cellXfs></styleSheet>`;
    const header = `<row r="1">${[0, 1, 2, 3, 4].map((i) => `<c r="${"ABCDE"[i]}1" t="s"><v>${i}</v></c>`).join("")}</row>`;
    const book = (date1904: boolean, serial: number) =>
      workbookWith(
        sheetOf(
          header +
            `<row r="2"><c r="A2" t="s"><v>6</v></c><c r="B2" s="1"><v>${serial}</v></c><c r="C2" t="str"><f>1+0</f><v>1</v></c><c r="D2" s="2"><f>2+2</f><v>4.5</v></c><c r="E2" t="s"><v>5</v></c></row>` +
            `<row r="4"><x:c r="A4" t="inlineStr" xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><x:is><x:t>BC-&#x32;</x:t></x:is></x:c><c r="B4" t="inlineStr"><is><t>2026-10</t></is></c><c r="C4"><v>2</v></c><c r="D4"><f>NOW()</f></c><c r="E4" t="b"><v>1</v></c></row>`,
        ),
        { sharedStrings: strings, styles, date1904 },
      );
    for (const [date1904, serial] of [
      [false, 46296],
      [true, 44834],
    ] as const) {
      const parsed = await parseImportFile(book(date1904, serial), "excel.xlsx");
      expect(parsed.errors).toEqual([]);
      // the formulas were never evaluated: D2 reads Excel's cached 4.5 and D4 (no cached value) reads nothing
      expect(parsed.rows).toEqual([
        { row: 2, cells: { orderNumber: "BC-1", month: "2026-10", lineNo: "1", days: "4.5", activities: "Revue & tests" } },
        { row: 4, cells: { orderNumber: "BC-2", month: "2026-10", lineNo: "2", activities: "VRAI" } },
      ]);
    }
  });

  describe("hostile workbooks are refused early and cheaply", () => {
    it(
      "a sheet inflating beyond what an import can hold (the issue's 4.5 Mo file, 63 Mo inflated) is refused from the ZIP directory, before anything is inflated",
      { timeout: 60_000 },
      async () => {
        const file = hugeSheetXlsx();
        expect(file.length).toBeLessThan(5 * 1024 * 1024);
        const sizeMessage =
          /^La feuille de ce classeur occupe 63 Mo une fois décompressée, au-delà des 58 Mo qu'un fichier de déclarations peut atteindre \(20000 lignes au plus\)\. Gardez seulement les lignes à déclarer, ou envoyez le fichier au format \.csv\.$/;
        expect((await parseImportFile(file, "bombe.xlsx")).errors).toEqual([{ row: null, column: null, message: expect.stringMatching(sizeMessage) }]);
        // the same directory over bytes that are not deflate at all: had the sheet been inflated, it would read "illisible"
        expect((await parseImportFile(declaredOnlyXlsx(65_478_208), "bombe.xlsx")).errors[0].message).toMatch(sizeMessage);
        expect(MAX_SHEET_BYTES).toBe(20_001 * 1024 + 2_000 * 20_100);
      },
    );

    it("counts the sheet's rows while inflating it and stops past 20,000: the rest of the file is never read", { timeout: 60_000 }, async () => {
      // 30,000 rows declared honestly (under the size bound), then a deflate stream turned to garbage
      const parsed = await parseImportFile(rowsThenGarbageXlsx(30_000, 40_000_000), "trente-mille.xlsx");
      expect(parsed.errors).toEqual([
        {
          row: null,
          column: null,
          message: "Le fichier dépasse 20000 lignes : gardez seulement les lignes à déclarer (au plus 2000), ou répartissez-les sur plusieurs fichiers.",
        },
      ]);
    });

    it("a zip bomb that lies in its directory is cut at the size it declared", { timeout: 60_000 }, async () => {
      const parsed = await parseImportFile(lyingBombXlsx(900_000, 4096), "menteur.xlsx");
      expect(parsed.errors).toEqual([
        {
          row: null,
          column: null,
          message:
            "Ce classeur est corrompu : une de ses parties est plus grande que ce qu'annonce son sommaire. Enregistrez-le à nouveau depuis Excel ou LibreOffice, ou envoyez-le au format .csv.",
        },
      ]);
    });

    it("refuses a sheet compressed beyond what any spreadsheet does, too many parts, encryption, and a DOCTYPE", { timeout: 60_000 }, async () => {
      // 40 Mo of blanks in 40 Ko: under the size bound, but a ratio of ~1,000
      const blanks = Buffer.concat([
        Buffer.from('<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'),
        Buffer.alloc(40_000_000, 0x20),
        Buffer.from("</sheetData></worksheet>"),
      ]);
      expect((await parseImportFile(workbookWith(deflated("sheet", blanks)), "vide.xlsx")).errors[0].message).toMatch(
        /^Ce classeur est compressé de façon anormale \(une partie de 39 Mo tient en \d+ Ko\)/,
      );
      const parts = Array.from({ length: 1_001 }, (_, i) => deflated(`xl/media/image${i}.png`, "x"));
      expect((await parseImportFile(workbookWith(sheetOf(""), { extra: parts }), "parties.xlsx")).errors[0].message).toMatch(
        /^Ce classeur contient 1006 parties \(plus de 1000\)/,
      );
      const encrypted = zipOf([{ ...deflated("_rels/.rels", "x") }]);
      encrypted.writeUInt16LE(0x0801, 6); // local header: encrypted
      encrypted.writeUInt16LE(0x0801, encrypted.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02])) + 8);
      expect((await parseImportFile(encrypted, "secret.xlsx")).errors[0].message).toMatch(/mot de passe/);
      const doctype = workbookWith(
        deflated(
          "sheet",
          '<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa">]><worksheet><sheetData><row r="1"><c t="inlineStr"><is><t>&a;</t></is></c></row></sheetData></worksheet>',
        ),
      );
      expect((await parseImportFile(doctype, "entites.xlsx")).errors[0].message).toMatch(/n'est pas un classeur Excel \(\.xlsx\) lisible/);
    });

    it("a Chorus Pro export is refused in the words of a Chorus Pro export, never as a declaration file", { timeout: 60_000 }, async () => {
      const messages = [
        (await parseChorusFile(hugeSheetXlsx(), "export.xlsx")).errors[0].message,
        (
          await parseChorusFile(
            workbookWith(sheetOf(""), { extra: Array.from({ length: 1_001 }, (_, i) => deflated(`xl/media/image${i}.png`, "x")) }),
            "export.xlsx",
          )
        ).errors[0].message,
        (await parseChorusFile(rowsThenGarbageXlsx(30_000, 40_000_000), "export.xlsx")).errors[0].message,
      ];
      expect(messages[0]).toBe(
        "La feuille de ce classeur occupe 63 Mo une fois décompressée, au-delà des 58 Mo qu'un export Chorus Pro des factures peut atteindre (20000 lignes au plus). Exportez les factures de Chorus Pro sur une période plus courte, ou envoyez le fichier au format .csv.",
      );
      expect(messages[1]).toBe(
        "Ce classeur contient 1006 parties (plus de 1000) : ce n'est pas un export Chorus Pro des factures. Exportez à nouveau la liste des factures depuis Chorus Pro, au format .csv ou .xlsx.",
      );
      expect(messages[2]).toBe(
        "Le fichier dépasse 20000 lignes : exportez les factures de Chorus Pro sur une période plus courte (au plus 2000 factures par fichier), en plusieurs fichiers.",
      );
      for (const m of messages) expect(m).not.toMatch(/déclar|modèle/);
    });

    it("a CSV's rows are counted while it is read: past 20,000 it is refused, even with few lines filled", async () => {
      const lines = ["N° bon de commande;Mois (AAAA-MM);N° ligne;Jours", "BC-1;2026-10;1;2", ...Array.from({ length: 25_000 }, (_, i) => `BC-${i};2026-10;1;`)];
      const parsed = await parseImportFile(Buffer.from(lines.join("\r\n")), "gros.csv");
      expect(parsed.errors[0].message).toBe(
        "Le fichier dépasse 20000 lignes : gardez seulement les lignes à déclarer (au plus 2000), ou répartissez-les sur plusieurs fichiers.",
      );
      expect(csvToTable("a\nb\nc", 2)).toBeNull();
      expect(csvToTable("a\nb", 2)).toEqual([["a"], ["b"]]);
    });
  });
});
