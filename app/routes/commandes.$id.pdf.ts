// The bon de commande PDF (R7): for the issuing beneficiary, the contractor and DINUM; never for a draft.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { notFound, requireId, requirePermission } from "../auth/guard.server";
import { getDb } from "../db.server";
import { loadPurchaseOrderDocument } from "../../reports/purchase-order-pdf/query.server";
import { purchaseOrderModel } from "../../reports/purchase-order-pdf/model";
import { renderPurchaseOrder } from "../../reports/purchase-order-pdf/render";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "order:pdf");
  const id = requireId(params.id);
  const rev = new URL(request.url).searchParams.get("revision");
  if (rev !== null && !/^\d{1,4}$/.test(rev)) throw notFound("Cette révision n'existe pas.");
  const input = await loadPurchaseOrderDocument(getDb(), user, id, rev === null ? undefined : Number(rev));
  if (!input) throw notFound("Ce bon de commande n'existe pas, n'est pas encore émis ou vous n'y avez pas accès.");
  const model = purchaseOrderModel(input);
  const pdf = await renderPurchaseOrder(model);
  return new Response(new Uint8Array(pdf), {
    headers: {
      "Content-Type": "application/pdf",
      "Content-Disposition": `attachment; filename="${model.fileName.replace(/[^\w.-]/g, "_")}"`,
      "Content-Length": String(pdf.length),
      "Cache-Control": "private, no-store",
    },
  });
}
