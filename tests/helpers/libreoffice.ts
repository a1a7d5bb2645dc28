// A workbook as LibreOffice (headless) reads it: every sheet converted to CSV, as a user opening the file would see
// its cells. Required in CI (.ci/run installs libreoffice-calc and sets CI): there a missing LibreOffice fails the
// test that asks for it; elsewhere `libreOfficeSkipped` says so and the test is skipped.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseCsv } from "../../reports/spec/testing";

export const soffice = ["/usr/bin/soffice", "/usr/bin/libreoffice"].find((p) => fs.existsSync(p));

/** True (after a warning naming `what`) when LibreOffice is missing outside CI; in CI a missing one is never skipped. */
export function libreOfficeSkipped(what: string): boolean {
  if (soffice || process.env.CI) return false;
  console.warn(`${what} IGNORÉ : LibreOffice n'est pas installé (apt-get install --no-install-recommends libreoffice-calc) ; en CI, ce test échoue sans lui.`);
  return true;
}

/** Every sheet of `xlsx` converted by LibreOffice (separator ';', UTF-8): `csv(sheet)` its rows, `has(sheet)` whether it came out. */
export function libreOfficeSheets(xlsx: Buffer): { csv: (sheet: string) => string[][]; has: (sheet: string) => boolean } {
  if (!soffice) throw new Error("LibreOffice est introuvable (/usr/bin/soffice) : .ci/run installe libreoffice-calc");
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "lo-"));
  const file = path.join(dir, "classeur.xlsx");
  fs.writeFileSync(file, xlsx);
  // sheet -1 = every sheet, one CSV each (LibreOffice 7.2+)
  execFileSync(
    soffice,
    [
      "--headless",
      "--norestore",
      `-env:UserInstallation=file://${dir}/profile`,
      "--convert-to",
      "csv:Text - txt - csv (StarCalc):59,34,76,1,,1036,false,true,false,false,false,-1",
      file,
      "--outdir",
      dir,
    ],
    { timeout: 120_000, stdio: "pipe" },
  );
  const sheetFile = (sheet: string) => path.join(dir, `classeur-${sheet}.csv`);
  return {
    csv: (sheet) => parseCsv(fs.readFileSync(sheetFile(sheet), "utf8").replace(/\r?\n/g, "\r\n")),
    has: (sheet) => fs.existsSync(sheetFile(sheet)),
  };
}
