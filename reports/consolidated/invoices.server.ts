// Rows of the "Factures" sheet: the invoices of the selected orders (scoped like every sheet), received
// within the period when one is asked, with their R16 figures as of the export's day.
import type { Executor } from "../../db/client";
import type { SessionUser } from "../../app/auth/user";
import { approvalOfRow, clockOfRow, ecbRates } from "../../app/domain/invoices/queries.server";
import type { ResolvedFilters } from "./filters";
import { selectedOrders } from "./queries.server";
import { toInvoiceSheetRow, type InvoiceSheetRow } from "./invoices";

export function invoicesQuery(db: Executor, user: SessionUser, f: ResolvedFilters) {
  let q = db
    .selectFrom("invoice as i")
    .innerJoin("purchase_order as po", "po.id", "i.order_id")
    .innerJoin("beneficiary as b", "b.id", "po.beneficiary_id")
    .innerJoin("contractor as c", "c.id", "i.contractor_id")
    .innerJoin("company as co", "co.id", "i.company_id")
    .where("i.order_id", "in", selectedOrders(db, user, f, { period: false }).select("po.id"))
    .select([
      "i.number",
      "b.name as beneficiary",
      "c.name as contractor",
      "co.name as company",
      "co.siret as company_siret",
      "i.approval_due_on",
      "i.holder_decision",
      "i.holder_decided_on",
      "po.number as order_number",
      "i.ej_number",
      "i.received_on",
      "i.service_fait_on",
      "i.amount_ht",
      "i.amount_vat",
      "i.amount_ttc",
      "i.status",
      "i.suspended_on",
      "i.suspension_reason",
      "i.resumed_on",
      "i.paid_on",
    ])
    .orderBy("b.name")
    .orderBy("i.received_on")
    .orderBy("i.id");
  if (f.from) q = q.where("i.received_on", ">=", f.from);
  if (f.to) q = q.where("i.received_on", "<=", f.to);
  return q;
}

export async function* invoiceSheetRows(db: Executor, user: SessionUser, f: ResolvedFilters, today: string): AsyncIterable<InvoiceSheetRow> {
  const [rows, rates] = await Promise.all([invoicesQuery(db, user, f).execute(), ecbRates(db)]);
  for (const r of rows) {
    yield toInvoiceSheetRow(r, clockOfRow(r, rates, today), approvalOfRow(r, today));
  }
}
