// What exceljs does not read: which cells of a workbook carry Excel's quote-prefix style (text kept as text,
// no visible apostrophe). Reads the file's own XML with unzip (Debian's unzip: a missing tool fails the test).
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

/** Per sheet name, the references of its quote-prefixed cells ("D7"). */
export function quotePrefixedCells(xlsx: Buffer): Map<string, Set<string>> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "xlsx-styles-"));
  try {
    const file = path.join(dir, "w.xlsx");
    fs.writeFileSync(file, xlsx);
    const part = (name: string) => execFileSync("unzip", ["-p", file, name], { maxBuffer: 1 << 30 }).toString("utf8");
    const xfs =
      part("xl/styles.xml")
        .split("<cellXfs")[1]
        .split("</cellXfs>")[0]
        .match(/<xf [^>]*>/g) ?? [];
    const quoted = new Set(xfs.flatMap((x, i) => (/quotePrefix="1"/.test(x) ? [String(i)] : [])));
    const workbook = part("xl/workbook.xml");
    const names = [...workbook.matchAll(/<sheet [^>]*name="([^"]+)"/g)].map((m) => m[1].replace(/&amp;/g, "&").replace(/&apos;/g, "'"));
    const out = new Map<string, Set<string>>();
    names.forEach((name, i) => {
      const xml = part(`xl/worksheets/sheet${i + 1}.xml`);
      out.set(name, new Set([...xml.matchAll(/<c r="([A-Z]+\d+)" s="(\d+)"/g)].filter((m) => quoted.has(m[2])).map((m) => m[1])));
    });
    return out;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
