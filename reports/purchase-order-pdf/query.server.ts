// The data of a bon de commande for one revision, scoped like every order read (auth/scope.server.ts).
import type { Executor } from "../../db/client";
import { orderScope } from "../../app/auth/scope.server";
import type { SessionUser } from "../../app/auth/user";
import { workUnitLabels } from "../../app/domain/work-units/services.server";
import type { PurchaseOrderDocumentInput } from "./model";
import { ordersWithParties } from "../../app/domain/orders/joins.server";

/** null when the order does not exist, is out of scope, is a draft (no PDF before issue) or has no such revision. */
export async function loadPurchaseOrderDocument(
  db: Executor,
  user: SessionUser,
  orderId: number,
  revisionNo?: number,
): Promise<PurchaseOrderDocumentInput | null> {
  const o = await ordersWithParties(db)
    .innerJoin("contract as k", "k.id", "po.contract_id")
    .innerJoin("lot as l", "l.id", "po.lot_id")
    .leftJoin("app_user as iu", "iu.id", "po.issued_by")
    .where("po.id", "=", orderId)
    .where("po.status", "<>", "draft")
    .where(orderScope(user))
    .select([
      "po.id",
      "po.number",
      "po.status",
      "po.title",
      "po.period_start",
      "po.period_end",
      "po.vat_rate",
      "po.ej_number",
      "po.budget_programme",
      "po.budget_centre",
      "po.issued_on",
      "po.current_revision",
      "po.closed_reason",
      "po.cancel_reason",
      "iu.name as issuerName",
      "iu.email as issuerEmail",
      "k.reference",
      "k.title as contractTitle",
      "k.buyer",
      "k.notified_on",
      "l.number as lotNumber",
      "l.title as lotTitle",
      "b.name as beneficiaryName",
      "b.acronym",
      "p.name as productName",
      "c.name as contractorName",
      "c.siret",
      "c.address",
      "c.email",
    ])
    .executeTakeFirst();
  if (!o || !o.number || !o.issued_on) return null;
  const wanted = revisionNo ?? o.current_revision;
  const r = await db
    .selectFrom("order_revision as r")
    .innerJoin("app_user as u", "u.id", "r.created_by")
    .where("r.order_id", "=", orderId)
    .where("r.revision_no", "=", wanted)
    .select(["r.revision_no", "r.reason", "r.effective_on", "r.created_at", "r.total_ht", "r.total_vat", "r.total_ttc", "r.lines", "u.name as authorName"])
    .executeTakeFirst();
  if (!r) return null;
  // an amendment is shown against the revision it changed
  const p =
    r.revision_no > 0
      ? await db
          .selectFrom("order_revision as r")
          .where("r.order_id", "=", orderId)
          .where("r.revision_no", "=", r.revision_no - 1)
          .select(["r.revision_no", "r.effective_on", "r.total_ht", "r.total_vat", "r.total_ttc", "r.lines"])
          .executeTakeFirst()
      : undefined;
  const labels = await workUnitLabels(db);
  const sortedLines = (lines: unknown) => (lines as PurchaseOrderDocumentInput["revision"]["lines"]).slice().sort((a, b) => a.line_no - b.line_no);
  return {
    order: {
      id: o.id,
      number: o.number,
      status: o.status,
      title: o.title,
      periodStart: o.period_start,
      periodEnd: o.period_end,
      vatRate: o.vat_rate,
      ejNumber: o.ej_number,
      budgetProgramme: o.budget_programme,
      budgetCentre: o.budget_centre,
      issuedOn: o.issued_on,
      issuerName: o.issuerName ?? "",
      issuerEmail: o.issuerEmail ?? "",
      currentRevision: o.current_revision,
      closedReason: o.closed_reason,
      cancelReason: o.cancel_reason,
    },
    contract: { reference: o.reference, title: o.contractTitle, buyer: o.buyer, notifiedOn: o.notified_on, lotNumber: o.lotNumber, lotTitle: o.lotTitle },
    beneficiary: { name: o.beneficiaryName, acronym: o.acronym },
    product: { name: o.productName },
    contractor: { name: o.contractorName, siret: o.siret, address: o.address, email: o.email },
    revision: {
      revisionNo: r.revision_no,
      reason: r.reason,
      effectiveOn: r.effective_on,
      createdAt: r.created_at,
      authorName: r.authorName,
      totalHt: r.total_ht,
      totalVat: r.total_vat,
      totalTtc: r.total_ttc,
      lines: sortedLines(r.lines),
    },
    previous: p
      ? {
          revisionNo: p.revision_no,
          effectiveOn: p.effective_on,
          totalHt: p.total_ht,
          totalVat: p.total_vat,
          totalTtc: p.total_ttc,
          lines: sortedLines(p.lines),
        }
      : null,
    workUnitLabels: labels,
  };
}
