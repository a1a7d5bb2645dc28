// Streams the consolidated workbook straight into the download (no whole workbook in memory).
import { createReadableStreamFromReadable, type LoaderFunctionArgs } from "@remix-run/node";
import { PassThrough } from "node:stream";
import { requirePermission } from "../auth/guard.server";
import { getDb } from "../db.server";
import { ExportAborted } from "../../reports/xlsx/workbook";
import { parseFilters, resolveFilters } from "../../reports/consolidated/filters";
import { consolidatedFileName, exporterOf, writeConsolidatedWorkbook } from "../../reports/consolidated/workbook.server";

const XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "report:export");
  const parsed = parseFilters(new URL(request.url).searchParams);
  if (!parsed.success) {
    return new Response(`Filtres invalides : ${parsed.error.issues.map((i) => i.message).join(" ")}`, { status: 400, headers: { "Content-Type": "text/plain; charset=utf-8" } });
  }
  const filters = resolveFilters(parsed.data);
  const now = new Date();
  const body = new PassThrough();
  request.signal.addEventListener("abort", () => body.destroy());
  writeConsolidatedWorkbook(getDb(), exporterOf(user), filters, body, now).catch((error) => {
    if (error instanceof ExportAborted) return;
    console.error("consolidated workbook failed", error);
    body.destroy(error);
  });
  return new Response(createReadableStreamFromReadable(body), {
    headers: {
      "Content-Type": XLSX_TYPE,
      "Content-Disposition": `attachment; filename="${consolidatedFileName(filters, "xlsx", now)}"`,
      "Cache-Control": "no-store",
    },
  });
}
