// Service fait certificate of a validated declaration (PDF), scoped like the declaration itself.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { notFound, requireId, requirePermission } from "../auth/guard.server";
import { getDb } from "../db.server";
import { loadServiceFait } from "../../reports/service-fait-pdf/query.server";
import { serviceFaitModel } from "../../reports/service-fait-pdf/model";
import { renderServiceFait } from "../../reports/service-fait-pdf/render";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "declaration:read");
  const found = await loadServiceFait(getDb(), user, requireId(params.id));
  if (!found) throw notFound("Cette déclaration n'existe pas ou vous n'y avez pas accès.");
  if (found.declaration.status !== "validated") throw notFound("L'attestation de service fait n'existe que pour une déclaration validée.");
  const model = serviceFaitModel(found);
  const pdf = await renderServiceFait(model);
  return new Response(new Uint8Array(pdf), {
    headers: {
      "Content-Type": "application/pdf",
      "Content-Disposition": `attachment; filename="${model.fileName}"`,
      "Cache-Control": "private, no-store",
    },
  });
}
