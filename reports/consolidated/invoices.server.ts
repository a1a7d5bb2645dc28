// Rows of the "Factures" sheet: the invoices of the selected orders (scoped like every sheet), received
// within the period when one is asked, with their R16 figures as of the export's day.
import type { Executor } from "../../db/client";
import type { SessionUser } from "../../app/auth/user";
import { approvalOfRow, clockOfRow, ecbRates, invoicesWithParties } from "../../app/domain/invoices/queries.server";
import type { ResolvedFilters } from "./filters";
import { selectedOrders } from "./queries.server";
import { toInvoiceSheetRow, type InvoiceSheetRow } from "./invoices";

export function invoicesQuery(db: Executor, user: SessionUser, f: ResolvedFilters) {
  let q = invoicesWithParties(db, (eb) => eb("i.order_id", "in", selectedOrders(db, user, f, { period: false }).select("po.id")))
    .select(["i.ej_number", "i.suspension_reason"])
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
