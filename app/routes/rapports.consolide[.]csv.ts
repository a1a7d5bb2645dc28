// One table of the consolidated workbook as CSV (`?table=lignes`, `declarations`, ...), streamed.
import { createReadableStreamFromReadable, type LoaderFunctionArgs } from "@remix-run/node";
import { requirePermission } from "../auth/guard.server";
import { getDb } from "../db.server";
import { parseFilters, resolveFilters } from "../../reports/consolidated/filters";
import { consolidatedCsv, consolidatedFileName, exporterOf, findTable } from "../../reports/consolidated/workbook.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "report:export");
  const params = new URL(request.url).searchParams;
  const table = params.get("table") ?? "lignes";
  params.delete("table");
  const parsed = parseFilters(params);
  if (!findTable(table) || !parsed.success) {
    const message = !findTable(table) ? "Tableau inconnu." : `Filtres invalides : ${parsed.error!.issues.map((i) => i.message).join(" ")}`;
    return new Response(message, { status: 400, headers: { "Content-Type": "text/plain; charset=utf-8" } });
  }
  const filters = resolveFilters(parsed.data);
  const now = new Date();
  const stream = consolidatedCsv(getDb(), exporterOf(user), filters, table, now);
  stream.on("error", (error) => console.error("consolidated csv failed", error));
  return new Response(createReadableStreamFromReadable(stream), {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="${consolidatedFileName(filters, "csv", now, table)}"`,
      "Cache-Control": "no-store",
    },
  });
}
