// Streams the consolidated workbook straight into the download (no whole workbook in memory).
import type { LoaderFunctionArgs } from "@remix-run/node";
import { requirePermission } from "../auth/guard.server";
import { getDb } from "../db.server";
import { downloadFilters, streamedWorkbook } from "../lib/download.server";
import { consolidatedFileName, exporterOf, writeConsolidatedWorkbook } from "../../reports/consolidated/workbook.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "report:export");
  const filters = downloadFilters(new URL(request.url).searchParams);
  if (filters instanceof Response) return filters;
  const now = new Date();
  return streamedWorkbook(request, "consolidated workbook", consolidatedFileName(filters, "xlsx", now), (out) =>
    writeConsolidatedWorkbook(getDb(), exporterOf(user), filters, out, now),
  );
}
