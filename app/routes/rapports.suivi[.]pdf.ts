// Beneficiary follow-up as PDF. Same filters as the consolidated workbook; scoped.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { requirePermission } from "../auth/guard.server";
import { getDb } from "../db.server";
import { parseFilters, resolveFilters } from "../../reports/consolidated/filters";
import { exporterOf } from "../../reports/consolidated/workbook.server";
import { renderFollowUpPdf } from "../../reports/follow-up/report.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "report:export");
  const parsed = parseFilters(new URL(request.url).searchParams);
  if (!parsed.success) return new Response(`Filtres invalides : ${parsed.error.issues.map((i) => i.message).join(" ")}`, { status: 400, headers: { "Content-Type": "text/plain; charset=utf-8" } });
  const now = new Date();
  const pdf = await renderFollowUpPdf(getDb(), exporterOf(user), resolveFilters(parsed.data), now);
  return new Response(new Uint8Array(pdf), {
    headers: {
      "Content-Type": "application/pdf",
      "Content-Disposition": `attachment; filename="suivi-beneficiaire_${now.toISOString().slice(0, 10)}.pdf"`,
      "Cache-Control": "no-store",
    },
  });
}
