// Beneficiary follow-up as Excel, streamed. Same filters as the consolidated workbook; scoped.
import { createReadableStreamFromReadable, type LoaderFunctionArgs } from "@remix-run/node";
import { PassThrough } from "node:stream";
import { requirePermission } from "../auth/guard.server";
import { getDb } from "../db.server";
import { ExportAborted } from "../../reports/xlsx/workbook";
import { parseFilters, resolveFilters } from "../../reports/consolidated/filters";
import { exporterOf } from "../../reports/consolidated/workbook.server";
import { writeFollowUpWorkbook } from "../../reports/follow-up/report.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "report:export");
  const parsed = parseFilters(new URL(request.url).searchParams);
  if (!parsed.success) return new Response(`Filtres invalides : ${parsed.error.issues.map((i) => i.message).join(" ")}`, { status: 400, headers: { "Content-Type": "text/plain; charset=utf-8" } });
  const filters = resolveFilters(parsed.data);
  const now = new Date();
  const body = new PassThrough();
  request.signal.addEventListener("abort", () => body.destroy());
  writeFollowUpWorkbook(getDb(), exporterOf(user), filters, body, now).catch((error) => {
    if (error instanceof ExportAborted) return;
    console.error("follow-up workbook failed", error);
    body.destroy(error);
  });
  return new Response(createReadableStreamFromReadable(body), {
    headers: {
      "Content-Type": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
      "Content-Disposition": `attachment; filename="suivi-beneficiaire_${now.toISOString().slice(0, 10)}.xlsx"`,
      "Cache-Control": "no-store",
    },
  });
}
