// The report download routes' one answer: the file (type, name, never cached), a workbook streamed as it is
// written (a cancelled download stops the writing), or a French 400 for filters that cannot be used.
import { createReadableStreamFromReadable } from "@remix-run/node";
import { PassThrough } from "node:stream";
import { ExportAborted } from "../../reports/xlsx/workbook";
import { parseFilters, resolveFilters, type ResolvedFilters } from "../../reports/consolidated/filters";

export const XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/** The 400 answer of a download, as plain text. */
export function badDownload(message: string): Response {
  return new Response(message, { status: 400, headers: { "Content-Type": "text/plain; charset=utf-8" } });
}

/** The report filters of the query string, or the 400 answer naming what is wrong with them. */
export function downloadFilters(params: URLSearchParams): ResolvedFilters | Response {
  const parsed = parseFilters(params);
  if (!parsed.success) return badDownload(`Filtres invalides : ${parsed.error.issues.map((i) => i.message).join(" ")}`);
  return resolveFilters(parsed.data);
}

/** A file to download: its bytes or stream, its type and its name; never cached. */
export function download(body: BodyInit, type: string, fileName: string): Response {
  return new Response(body, {
    headers: { "Content-Type": type, "Content-Disposition": `attachment; filename="${fileName}"`, "Cache-Control": "no-store" },
  });
}

/** A workbook streamed into the download while `write` writes it; `what` names it in the server log if it fails. */
export function streamedWorkbook(request: Request, what: string, fileName: string, write: (out: PassThrough) => Promise<void>): Response {
  const body = new PassThrough();
  request.signal.addEventListener("abort", () => body.destroy());
  write(body).catch((error) => {
    if (error instanceof ExportAborted) return;
    console.error(`${what} failed`, error);
    body.destroy(error);
  });
  return download(createReadableStreamFromReadable(body), XLSX_TYPE, fileName);
}
