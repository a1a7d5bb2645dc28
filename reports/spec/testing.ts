// Helpers for tests that read produced files back.
import ExcelJS from "exceljs";
import type { Readable } from "node:stream";
import { PassThrough } from "node:stream";
import { csvToTable } from "../declaration-import/parse";

export async function collect(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(Buffer.isBuffer(c) ? c : Buffer.from(c));
  return Buffer.concat(chunks);
}

/** Runs a writer into a PassThrough and returns the bytes. */
export async function capture(write: (out: PassThrough) => Promise<void>): Promise<Buffer> {
  const out = new PassThrough();
  const bytes = collect(out);
  await write(out);
  return bytes;
}

export async function readWorkbook(buffer: Buffer): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(buffer as unknown as ArrayBuffer);
  return wb;
}

/** Parses our CSV (BOM, `;`, CRLF, double-quote quoting) into rows of strings, with the import's reader. */
export function parseCsv(text: string): string[][] {
  return csvToTable(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text, Infinity, ";")!;
}
