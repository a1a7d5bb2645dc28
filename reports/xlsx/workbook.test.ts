import { describe, expect, it } from "vitest";
import { defineTable } from "../spec/columns";
import { capture, collect, parseCsv, readWorkbook } from "../spec/testing";
import { csvStream } from "../csv/csv";
import { PassThrough } from "node:stream";
import { crc32, inflateRawSync } from "node:zlib";
import { ExportAborted, writeWorkbook } from "./workbook";
import { quotePrefixedCells } from "../../tests/helpers/xlsx-styles";

/** The parts of a zip, read from its central directory, each checked against its CRC-32. */
function unzip(zip: Buffer): Map<string, string> {
  const end = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  const count = zip.readUInt16LE(end + 10);
  let p = zip.readUInt32LE(end + 16);
  const parts = new Map<string, string>();
  for (let i = 0; i < count; i++) {
    expect(zip.readUInt32LE(p)).toBe(0x02014b50);
    const crc = zip.readUInt32LE(p + 16);
    const compressed = zip.readUInt32LE(p + 20);
    const nameLength = zip.readUInt16LE(p + 28);
    const offset = zip.readUInt32LE(p + 42);
    const name = zip.toString("utf8", p + 46, p + 46 + nameLength);
    const start = offset + 30 + zip.readUInt16LE(offset + 26) + zip.readUInt16LE(offset + 28);
    const data = inflateRawSync(zip.subarray(start, start + compressed));
    expect(crc32(data) >>> 0, name).toBe(crc);
    parts.set(name, data.toString("utf8"));
    p += 46 + nameLength + zip.readUInt16LE(p + 30) + zip.readUInt16LE(p + 32); // name, extra field, comment
  }
  return parts;
}

interface Row {
  name: string;
  amount: string;
  days: string;
  on: string;
  count: number;
  link: string | null;
}
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
    // user text is inert text: the literal text, no visible apostrophe, in Excel's quote-prefix style
    expect(ws.getCell("A2").value).toBe(`=HYPERLINK("http://x","y")`);
    expect(ws.getCell("A2").type).toBe(3 /* String */);
    expect(ws.getCell("A3").value).toBe("+33 évaluation");
    expect(ws.getCell("A4").value).toBe("@cmd");
    expect(ws.getCell("F4").value).toBe("=notalink");
    const quoted = quotePrefixedCells(buffer).get("Démo")!;
    expect(["A2", "A3", "A4", "F4"].filter((c) => quoted.has(c))).toEqual(["A2", "A3", "A4", "F4"]);
    expect(quoted.has("F2")).toBe(false);
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
    const ws = (
      await readWorkbook(await capture((out) => writeWorkbook(out, [{ spec: table, rows: [long] }], { creator: "t", created: new Date() })))
    ).getWorksheet("Démo")!;
    expect(String(ws.getCell("A2").value).length).toBe(32767);
  });

  it("stops reading rows when the output is destroyed (cancelled download)", async () => {
    let read = 0;
    async function* many() {
      for (let i = 0; i < 100_000; i++) {
        read++;
        if (i % 500 === 0) await new Promise((r) => setImmediate(r));
        yield rows[i % 3];
      }
    }
    const out = new PassThrough();
    let bytes = 0;
    out.on("data", (c: Buffer) => {
      bytes += c.length;
      if (bytes > 20_000) out.destroy();
    });
    await expect(writeWorkbook(out, [{ spec: table, rows: many() }], { creator: "t", created: new Date() })).rejects.toBeInstanceOf(ExportAborted);
    expect(read).toBeLessThan(100_000);
  });

  it("writes an empty table with its header and zero totals", async () => {
    const buffer = await capture((out) => writeWorkbook(out, [{ spec: table, rows: [] }], { creator: "test", created: new Date() }));
    const ws = (await readWorkbook(buffer)).getWorksheet("Démo")!;
    expect(ws.getCell("B2").value).toBe(0);
  });
});

describe("SpreadsheetML written directly", () => {
  interface Odd {
    text: string | null;
    qty: string;
    pct: string;
    n: number;
  }
  const odd = defineTable<Odd>({
    id: "odd",
    sheet: "L'équipe & co",
    totalsLabel: "Total général",
    columns: [
      { key: "text", label: "Texte <libre>", format: "text", width: 40 },
      { key: "qty", label: "Quantité", format: "quantity", width: 10, total: true },
      { key: "pct", label: "Taux", format: "percent", width: 8 },
      { key: "n", label: "N", format: "integer", width: 6 },
    ],
  });
  const oddRows: Odd[] = [
    { text: "  espaces gardés  ", qty: "1.375", pct: "0.2625", n: 1 },
    { text: 'a & b < c > d "e" ; f\nligne 2\tTab', qty: "0.025", pct: "1.0000", n: 2 },
    { text: "contrôle\u0001\u0008 retiré \ud83d\ude00", qty: "-0.500", pct: "0", n: 3 },
    { text: null, qty: "2", pct: "0.5", n: 4 },
  ];

  it("escapes XML, keeps spaces and emoji, drops control characters, formats every column", async () => {
    const buffer = await capture((out) =>
      writeWorkbook(
        out,
        [
          { spec: table, rows },
          { spec: odd, rows: oddRows },
        ],
        { creator: "test", created: new Date("2026-11-23T10:00:00Z"), title: "Titre & co" },
      ),
    );
    const wb = await readWorkbook(buffer);
    expect(wb.creator).toBe("test");
    expect(wb.title).toBe("Titre & co");
    const ws = wb.getWorksheet("L'équipe & co")!;
    expect(ws.getCell("A1").value).toBe("Texte <libre>");
    expect(ws.getCell("A1").font).toMatchObject({ bold: true, color: { argb: "FFFFFFFF" } });
    expect(ws.getCell("A1").fill).toMatchObject({ type: "pattern", pattern: "solid", fgColor: { argb: "FF000091" } });
    expect(ws.getRow(1).height).toBe(30);
    expect(ws.getCell("A2").value).toBe("  espaces gardés  ");
    expect(ws.getCell("A3").value).toBe('a & b < c > d "e" ; f\nligne 2\tTab');
    expect(ws.getCell("A4").value).toBe("contrôle retiré \ud83d\ude00");
    expect(ws.getCell("A5").value).toBeNull();
    expect(ws.getCell("B2").numFmt).toBe("#,##0.000");
    expect(ws.getCell("C2").numFmt).toBe("0.0%");
    expect(ws.getCell("D2").numFmt).toBe("0");
    expect(ws.getCell("B4").value).toBe(-0.5);
    expect(ws.getCell("C3").value).toBe(1);
    expect(ws.getCell("A6").value).toBe("Total général");
    expect(ws.getCell("A6").font).toMatchObject({ bold: true });
    expect(ws.getCell("B6").value).toEqual({ formula: "SUBTOTAL(109,B2:B5)", result: 2.9 });
    expect(ws.getCell("B6").font).toMatchObject({ bold: true });

    const parts = unzip(buffer);
    expect([...parts.keys()]).toEqual(
      expect.arrayContaining([
        "[Content_Types].xml",
        "_rels/.rels",
        "xl/workbook.xml",
        "xl/_rels/workbook.xml.rels",
        "xl/styles.xml",
        "xl/worksheets/sheet1.xml",
        "xl/worksheets/sheet2.xml",
        "xl/worksheets/_rels/sheet1.xml.rels",
        "docProps/core.xml",
        "docProps/app.xml",
      ]),
    );
    const workbookXml = parts.get("xl/workbook.xml")!;
    expect(workbookXml).toContain(`<definedName name="_xlnm._FilterDatabase" localSheetId="0" hidden="1">'Démo'!$A$1:$F$4</definedName>`);
    expect(workbookXml).toContain(`<definedName name="_xlnm._FilterDatabase" localSheetId="1" hidden="1">'L''équipe &amp; co'!$A$1:$D$5</definedName>`);
    expect(parts.get("xl/worksheets/sheet2.xml")).toContain('<autoFilter ref="A1:D5"/>');
    expect(parts.get("xl/worksheets/sheet1.xml")).toContain('<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>');
    expect(parts.get("xl/worksheets/_rels/sheet1.xml.rels")).toContain('Target="https://stats.example/a" TargetMode="External"');
    // eslint-disable-next-line no-control-regex -- no control character may reach the XML
    for (const [name, xml] of parts) expect(xml, name).not.toMatch(/[\u0000-\u0008]/);
  });

  it("a destroyed output rejects with ExportAborted even while compression waits for the reader", async () => {
    async function* many() {
      for (let i = 0; i < 50_000; i++) yield rows[i % 3];
    }
    const out = new PassThrough({ highWaterMark: 1024 }); // nobody reads: backpressure stalls, then the download is cancelled
    setTimeout(() => out.destroy(), 100);
    await expect(writeWorkbook(out, [{ spec: table, rows: many() }], { creator: "t", created: new Date() })).rejects.toBeInstanceOf(ExportAborted);
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

  it("quotes a field holding a line break, even a lone LF or CR", async () => {
    const text = (
      await collect(
        csvStream(table, [
          { ...rows[0], name: "a\nb" },
          { ...rows[0], name: "c\rd" },
        ]),
      )
    ).toString("utf8");
    expect(text).toContain('"a\nb";');
    expect(text).toContain('"c\rd";');
    expect(parseCsv(text).map((r) => r[0])).toEqual(["Nom", "a\nb", "c\rd"]);
  });
});
