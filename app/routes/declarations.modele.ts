// The import template, prefilled with the lines of the contractor's issued orders for the month.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { requirePermission } from "../auth/guard.server";
import { getDb } from "../db.server";
import { templateRows } from "../domain/declarations/import.server";
import { parseMonth } from "../domain/declarations/schemas";
import { addMonths, firstOfMonth, todayInParis } from "../lib/dates";
import { templateCsv, templateXlsx } from "../../reports/declaration-import/template";

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "declaration:write");
  const url = new URL(request.url);
  const month = parseMonth(url.searchParams.get("mois")) ?? addMonths(firstOfMonth(todayInParis()), -1);
  const format = url.searchParams.get("format") === "csv" ? "csv" : "xlsx";
  const rows = await templateRows(getDb(), user, month);
  const body = format === "csv" ? templateCsv(rows) : await templateXlsx(rows);
  return new Response(new Uint8Array(body), {
    headers: {
      "Content-Type": format === "csv" ? "text/csv; charset=utf-8" : "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
      "Content-Disposition": `attachment; filename="declarations-${month.slice(0, 7)}.${format}"`,
      "Cache-Control": "private, no-store",
    },
  });
}
