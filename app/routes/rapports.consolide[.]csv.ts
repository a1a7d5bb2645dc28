// One table of the consolidated workbook as CSV (`?table=lignes`, `declarations`, ...), streamed.
import { createReadableStreamFromReadable, type LoaderFunctionArgs } from "@remix-run/node";
import { requirePermission } from "../auth/guard.server";
import { getDb } from "../db.server";
import { badDownload, download, downloadFilters } from "../lib/download.server";
import { consolidatedCsv, consolidatedFileName, exporterOf, findTable } from "../../reports/consolidated/workbook.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "report:export");
  const params = new URL(request.url).searchParams;
  const table = params.get("table") ?? "lignes";
  params.delete("table");
  if (!findTable(table)) return badDownload("Tableau inconnu.");
  const filters = downloadFilters(params);
  if (filters instanceof Response) return filters;
  const now = new Date();
  const stream = consolidatedCsv(getDb(), exporterOf(user), filters, table, now);
  stream.on("error", (error) => console.error("consolidated csv failed", error));
  return download(createReadableStreamFromReadable(stream), "text/csv; charset=utf-8", consolidatedFileName(filters, "csv", now, table));
}
