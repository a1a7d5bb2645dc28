import { describe, expect, it } from "vitest";
import { defineTable } from "../spec/columns";
import { capture, collect, parseCsv, readWorkbook } from "../spec/testing";
import { csvStream } from "../csv/csv";
import { PassThrough } from "node:stream";
import { ExportAborted, writeWorkbook } from "./workbook";

interface Row { name: string; amount: string; days: string; on: string; count: number; link: string | null }
const table = defineTable<Row>({
  id: "demo",
  sheet: "Démo",
  columns: [
    { key: "name", label: "Nom", format: "text", width: 30 },
    { key: "amount", label: "Montant HT", format: "euros", width: 14, total: true },
    { key: "days", label: "Jours", format: "days", width: 10, total: true },
    { key: "on", label: "Date", format: "date", width: 12 },
    { key: "count", label: "Nombre", format: "integer", width: 8, total: true },
    { key: "link", label: "Lien", format: "url", width: 20 },
  ],
});
const rows: Row[] = [
  { name: '=HYPERLINK("http://x","y")', amount: "1234.56", days: "12.5", on: "2026-03-31", count: 1, link: "https://stats.example/a" },
  { name: "+33 évaluation", amount: "0.01", days: "-2.0", on: "2026-12-01", count: 2, link: null },
  { name: "@cmd", amount: "99999999.99", days: "0.5", on: "2025-01-01", count: 3, link: "=notalink" },
];

describe("XLSX renderer", () => {
  it("writes typed cells, frozen header, filter, and a totals row with formula and exact result", async () => {
    const buffer = await capture((out) => writeWorkbook(out, [{ spec: table, rows }], { creator: "test", created: new Date() }));
    const wb = await readWorkbook(buffer);
    const ws = wb.getWorksheet("Démo")!;
    expect(ws.getRow(1).values).toEqual([undefined, "Nom", "Montant HT", "Jours", "Date", "Nombre", "Lien"]);
    expect(ws.views[0]).toMatchObject({ state: "frozen", ySplit: 1 });
    expect(ws.autoFilter).toBeTruthy();
    expect(ws.getColumn(1).width).toBe(30);
    // user text is inert text
    expect(ws.getCell("A2").value).toBe(`'=HYPERLINK("http://x","y")`);
    expect(ws.getCell("A2").type).toBe(3 /* String */);
    expect(ws.getCell("A3").value).toBe("'+33 évaluation");
    expect(ws.getCell("A4").value).toBe("'@cmd");
    expect(ws.getCell("F4").value).toBe("'=notalink");
    expect(ws.getCell("F2").value).toMatchObject({ hyperlink: "https://stats.example/a" });
    // numbers and dates
    expect(ws.getCell("B2").value).toBe(1234.56);
    expect(ws.getCell("B2").numFmt).toContain("#,##0.00");
    expect(ws.getCell("C3").value).toBe(-2);
    expect(ws.getCell("D2").value).toEqual(new Date(Date.UTC(2026, 2, 31)));
    expect(ws.getCell("D2").numFmt).toBe("dd/mm/yyyy");
    // totals
    expect(ws.getCell("A5").value).toBe("Total");
    expect(ws.getCell("B5").value).toEqual({ formula: "SUBTOTAL(109,B2:B4)", result: 100001234.56 });
    expect(ws.getCell("C5").value).toEqual({ formula: "SUBTOTAL(109,C2:C4)", result: 11 });
    expect(ws.getCell("E5").value).toEqual({ formula: "SUBTOTAL(109,E2:E4)", result: 6 });
  });

  it("clips text longer than Excel's cell limit", async () => {
    const long = { ...rows[0], name: "x".repeat(40000) };
    const ws = (await readWorkbook(await capture((out) => writeWorkbook(out, [{ spec: table, rows: [long] }], { creator: "t", created: new Date() })))).getWorksheet("Démo")!;
    expect(String(ws.getCell("A2").value).length).toBe(32767);
  });

  it("stops reading rows when the output is destroyed (cancelled download)", async () => {
    let read = 0;
    async function* many() { for (let i = 0; i < 100_000; i++) { read++; if (i % 500 === 0) await new Promise((r) => setImmediate(r)); yield rows[i % 3]; } }
    const out = new PassThrough();
    let bytes = 0;
    out.on("data", (c: Buffer) => { bytes += c.length; if (bytes > 20_000) out.destroy(); });
    await expect(writeWorkbook(out, [{ spec: table, rows: many() }], { creator: "t", created: new Date() })).rejects.toBeInstanceOf(ExportAborted);
    expect(read).toBeLessThan(100_000);
  });

  it("writes an empty table with its header and zero totals", async () => {
    const buffer = await capture((out) => writeWorkbook(out, [{ spec: table, rows: [] }], { creator: "test", created: new Date() }));
    const ws = (await readWorkbook(buffer)).getWorksheet("Démo")!;
    expect(ws.getCell("B2").value).toBe(0);
  });
});

describe("CSV renderer", () => {
  it("uses ; BOM CRLF, French numbers and dates, neutralised text", async () => {
    const bytes = await collect(csvStream(table, rows));
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = bytes.toString("utf8");
    expect(text).toContain("\r\n");
    expect(text.replace(/\r\n/g, "")).not.toContain("\n");
    const parsed = parseCsv(text);
    expect(parsed[0]).toEqual(["Nom", "Montant HT", "Jours", "Date", "Nombre", "Lien"]);
    expect(parsed[1]).toEqual([`'=HYPERLINK("http://x","y")`, "1234,56", "12,5", "31/03/2026", "1", "https://stats.example/a"]);
    expect(parsed[2]).toEqual(["'+33 évaluation", "0,01", "-2,0", "01/12/2026", "2", ""]);
    expect(parsed[3][0]).toBe("'@cmd");
    expect(parsed[3][5]).toBe("'=notalink");
  });
});
