import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { parseChorusFile, parseImportFile } from "./parse";
import { parseChorusFileOffThread, parseImportFileOffThread } from "./parse-off-thread";
import { templateCsv, templateXlsx } from "./template";
import { hugeSheetXlsx, lyingBombXlsx } from "../../tests/helpers/hostile-xlsx";

const rows = Array.from({ length: 3_000 }, (_, i) => ({
  orderNumber: `25_BAM_112-2026-${String(i + 1).padStart(4, "0")}`,
  month: "2026-10-01",
  lineNo: 1,
  workUnit: "UO Devops-Senior",
  daysLeft: "20.0",
  workingDays: 21,
}));

describe("declaration files parsed in a worker thread", () => {
  it("gives what parseImportFile gives, for valid and hostile files, several at once", { timeout: 120_000 }, async () => {
    const csv = templateCsv(rows)
      .toString("utf8")
      .replace("\r\n25_BAM_112-2026-0002;2026-10;1;UO Devops-Senior;", "\r\n25_BAM_112-2026-0002;2026-10;1;UO Devops-Senior;3,5");
    const files: [string, Buffer][] = [
      ["modele.xlsx", await templateXlsx(rows)],
      ["modele.csv", Buffer.from(csv, "utf8")],
      ["bombe.xlsx", hugeSheetXlsx()],
      ["menteur.xlsx", lyingBombXlsx()],
      ["vide.csv", Buffer.alloc(0)],
    ];
    const inThread = await Promise.all(files.map(([name, data]) => parseImportFile(data, name)));
    const offThread = await Promise.all(files.map(([name, data]) => parseImportFileOffThread(data, name)));
    expect(offThread).toEqual(inThread);
    expect(offThread[1].rows).toEqual([
      { row: 3, cells: { orderNumber: "25_BAM_112-2026-0002", month: "2026-10", lineNo: "1", workUnit: "UO Devops-Senior", days: "3,5" } },
    ]);
    expect(offThread.slice(2).map((r) => r.errors[0].message)).toEqual([
      expect.stringMatching(/^La feuille de ce classeur occupe 63 Mo/),
      expect.stringMatching(/^Ce classeur est corrompu/),
      "Le fichier est vide.",
    ]);
    // the caller's buffer is still whole (a copy went to the worker)
    expect(files[0][1].length).toBeGreaterThan(0);
  });

  it("a parse past its deadline is refused in French; its worker is replaced for the next file", { timeout: 60_000 }, async () => {
    const book = await templateXlsx(rows);
    expect(await parseImportFileOffThread(book, "lent.xlsx", { timeoutMs: 1 })).toEqual({
      rows: [],
      errors: [
        {
          row: null,
          column: null,
          message: "L'analyse de ce fichier dépasse 1 seconde : gardez seulement les lignes à déclarer, ou envoyez-le au format .csv.",
        },
      ],
    });
    expect((await parseImportFileOffThread(book, "modele.xlsx")).errors).toEqual([
      { row: null, column: null, message: "Le fichier ne contient aucune ligne de déclaration." },
    ]);
  });

  it("the Chorus Pro export (issue 17) too: the same rows as in the thread, a hostile workbook refused", { timeout: 60_000 }, async () => {
    const example = readFileSync(new URL("../../seeds/chorus-pro-exemple.csv", import.meta.url));
    const offThread = await parseChorusFileOffThread(example, "chorus-pro-exemple.csv");
    expect(offThread).toEqual(await parseChorusFile(example, "chorus-pro-exemple.csv"));
    expect(offThread.rows[0].cells).toMatchObject({ number: "OCT-2025-0712", amountHt: "69 447,70", receivedOn: "04/07/2025", state: "Payée" });
    expect((await parseChorusFileOffThread(hugeSheetXlsx(), "bombe.xlsx")).errors[0].message).toMatch(/^La feuille de ce classeur occupe 63 Mo/);
  });
});
