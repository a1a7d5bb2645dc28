// Beneficiary follow-up as Excel, streamed. Same filters as the consolidated workbook; scoped.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { requirePermission } from "../auth/guard.server";
import { getDb } from "../db.server";
import { downloadFilters, streamedWorkbook } from "../lib/download.server";
import { exporterOf } from "../../reports/consolidated/workbook.server";
import { writeFollowUpWorkbook } from "../../reports/follow-up/report.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "report:export");
  const filters = downloadFilters(new URL(request.url).searchParams);
  if (filters instanceof Response) return filters;
  const now = new Date();
  return streamedWorkbook(request, "follow-up workbook", `suivi-beneficiaire_${now.toISOString().slice(0, 10)}.xlsx`, (out) =>
    writeFollowUpWorkbook(getDb(), exporterOf(user), filters, out, now),
  );
}
