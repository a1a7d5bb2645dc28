import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { defineTable } from "../spec/columns";
import { collect } from "../spec/testing";
import { csvHeader, csvStream, lfToCrlf } from "./csv";

describe("COPY output to CSV records", () => {
  it("turns record ends into CRLF, never a line break inside a quoted field, whatever the chunking", () => {
    const body = 'a;"x\ny";b\n"he said ""hi""\n";2\n;\n"\n";"\r\n"\n';
    const expected = 'a;"x\ny";b\r\n"he said ""hi""\n";2\r\n;\r\n"\n";"\r\n"\r\n';
    const bytes = Buffer.from(body);
    fc.assert(
      fc.property(fc.uniqueArray(fc.integer({ min: 1, max: bytes.length - 1 }), { maxLength: 6 }), (cuts) => {
        const points = [0, ...cuts.sort((a, b) => a - b), bytes.length];
        const state = { quoted: false };
        const out = Buffer.concat(points.slice(1).map((end, i) => lfToCrlf(bytes.subarray(points[i], end), state)));
        expect(out.toString()).toBe(expected);
        expect(state.quoted).toBe(false);
      }),
    );
  });

  it("the header is csv-stringify's (BOM, quoting, CRLF)", async () => {
    const spec = defineTable<{ a: string; b: string }>({
      id: "t",
      sheet: "t",
      columns: [
        { key: "a", label: "Montant; HT", format: "text", width: 5 },
        { key: "b", label: 'Dit "x"', format: "text", width: 5 },
      ],
    });
    expect(csvHeader(spec).equals(await collect(csvStream(spec, [])))).toBe(true);
  });
});
