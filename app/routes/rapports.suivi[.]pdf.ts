// Beneficiary follow-up as PDF. Same filters as the consolidated workbook; scoped.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { requirePermission } from "../auth/guard.server";
import { getDb } from "../db.server";
import { download, downloadFilters } from "../lib/download.server";
import { exporterOf } from "../../reports/consolidated/workbook.server";
import { renderFollowUpPdf } from "../../reports/follow-up/report.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "report:export");
  const filters = downloadFilters(new URL(request.url).searchParams);
  if (filters instanceof Response) return filters;
  const now = new Date();
  const pdf = await renderFollowUpPdf(getDb(), exporterOf(user), filters, now);
  return download(new Uint8Array(pdf), "application/pdf", `suivi-beneficiaire_${now.toISOString().slice(0, 10)}.pdf`);
}
