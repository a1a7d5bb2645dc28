// One measured variant of the export benchmark, in its own process so that its peak memory (maxRSS) is
// its own: node --import tsx tests/bench/export-child.ts <variant> <database url> <output folder>
// Prints one JSON line: { ms, maxRssMb, bytes, rows }. Variants:
//   copy   PostgreSQL's floor: COPY (the same queries) TO STDOUT WITH (FORMAT csv), every table, to files
//   csv    the app's CSV of every table (consolidatedCsv), to files
//   xlsx   the app's workbook (writeConsolidatedWorkbook), to a file
//   naive  exceljs's in-memory Workbook filled with the same rows, then workbook.xlsx.write
import fs from "node:fs";
import path from "node:path";
import { pipeline } from "node:stream/promises";
import { finished } from "node:stream/promises";
import pg from "pg";
import { to as copyTo } from "pg-copy-streams";
import { createDb } from "../../db/client";
import { resolveFilters } from "../../reports/consolidated/filters";
import { consolidatedTables } from "../../reports/consolidated/tables";
import {
  consolidatedCsv,
  consolidatedQueries,
  exporterOf,
  tableRows,
  writeConsolidatedWorkbook,
  type Exporter,
} from "../../reports/consolidated/workbook.server";
import { toSpreadsheetNumber, toUtcDate } from "../../reports/spec/cells";
import { neutraliseText } from "../../reports/spec/neutralise";
import { NUMBER_FORMATS } from "../../reports/xlsx/styles";
import type { CellValue } from "../../reports/spec/columns";
import { demoAccounts } from "../../seeds/accounts";

const [variant, url, outDir] = process.argv.slice(2);
fs.mkdirSync(outDir, { recursive: true });
const db = createDb(url, { max: 3 });
const filters = resolveFilters({});

async function dinum(): Promise<Exporter> {
  const u = await db.selectFrom("app_user").select(["id", "email", "name", "role"]).where("email", "=", demoAccounts.dinum).executeTakeFirstOrThrow();
  return exporterOf({ id: u.id, email: u.email, name: u.name, role: u.role, beneficiaryId: null, contractorId: null, organisation: "DINUM" });
}

function size(file: string): number {
  return fs.statSync(file).size;
}

async function copyFloor(exporter: Exporter): Promise<{ bytes: number; rows: number }> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  let bytes = 0;
  let rows = 0;
  try {
    for (const q of consolidatedQueries(db, exporter, filters)) {
      const file = path.join(outDir, `copy-${q.id}.csv`);
      const stream = client.query(copyTo(`COPY (${q.sql}) TO STDOUT WITH (FORMAT csv)`));
      await pipeline(stream, fs.createWriteStream(file));
      bytes += size(file);
      rows += stream.rowCount;
    }
  } finally {
    await client.end();
  }
  return { bytes, rows };
}

async function appCsv(exporter: Exporter): Promise<{ bytes: number }> {
  let bytes = 0;
  for (const spec of consolidatedTables) {
    const file = path.join(outDir, `app-${spec.id}.csv`);
    await pipeline(consolidatedCsv(db, exporter, filters, spec.id), fs.createWriteStream(file));
    bytes += size(file);
  }
  return { bytes };
}

async function appXlsx(exporter: Exporter): Promise<{ bytes: number }> {
  const file = path.join(outDir, "app.xlsx");
  const out = fs.createWriteStream(file);
  await writeConsolidatedWorkbook(db, exporter, filters, out);
  await finished(out);
  return { bytes: size(file) };
}

/** What most apps do: build the whole workbook in memory with exceljs, then write it. */
async function naive(exporter: Exporter): Promise<{ bytes: number }> {
  const { default: ExcelJS } = await import("exceljs");
  const now = new Date();
  const wb = new ExcelJS.Workbook();
  wb.creator = "Pilotage UO";
  for (const spec of consolidatedTables) {
    const ws = wb.addWorksheet(spec.sheet, { views: [{ state: "frozen", ySplit: 1 }] });
    ws.columns = spec.columns.map((c) => ({
      header: c.label,
      key: c.key,
      width: c.width,
      style: NUMBER_FORMATS[c.format] ? { numFmt: NUMBER_FORMATS[c.format] } : {},
    }));
    ws.getRow(1).font = { bold: true };
    for await (const row of tableRows(db, exporter, filters, spec.id, now)) {
      const r = row as Record<string, CellValue>;
      ws.addRow(
        spec.columns.map((c) => {
          const v = r[c.key];
          if (v === null || v === undefined || v === "") return null;
          if (c.format === "text" || c.format === "url") return neutraliseText(String(v));
          if (c.format === "date") return toUtcDate(String(v));
          return toSpreadsheetNumber(v);
        }),
      );
    }
    ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: ws.rowCount, column: spec.columns.length } };
  }
  const file = path.join(outDir, "naive.xlsx");
  const out = fs.createWriteStream(file);
  await wb.xlsx.write(out);
  out.end();
  await finished(out);
  return { bytes: size(file) };
}

const exporter = await dinum();
const t0 = performance.now();
let result: { bytes: number; rows?: number };
switch (variant) {
  case "copy":
    result = await copyFloor(exporter);
    break;
  case "csv":
    result = await appCsv(exporter);
    break;
  case "xlsx":
    result = await appXlsx(exporter);
    break;
  case "naive":
    result = await naive(exporter);
    break;
  default:
    throw new Error(`variante inconnue : ${variant}`);
}
const ms = performance.now() - t0;
await db.destroy();
console.log(JSON.stringify({ ms, maxRssMb: process.resourceUsage().maxRSS / 1024, bytes: result.bytes, rows: result.rows ?? null }));
