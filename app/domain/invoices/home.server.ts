// Each role's invoices on its home page (issue 17), small: a few rows and a link to /factures filtered.
// DINUM: the délai global de paiement over 12 months, the share paid late, the interest owed by year and
// beneficiary; the buyer's side: invoices late and due within 7 days with what a late day costs; the
// contractor: its invoices per state and the dates the unpaid ones should be paid by.
import type { Executor } from "../../../db/client";
import { can } from "../../auth/grants";
import type { SessionUser } from "../../auth/user";
import { sum, toCents } from "../../lib/decimal";
import { contractorInvoiceSummary, invoicesToWatch, paymentStats } from "./queries.server";

export const HOME_INVOICE_ROWS = 5;

export async function invoiceHome(db: Executor, user: SessionUser, today: string) {
  if (!can(user, "invoice:read")) return null;
  if (can(user, "invoice:any-beneficiary")) return { kind: "payments" as const, stats: await paymentStats(db, user, today) };
  if (can(user, "invoice:process")) {
    const watched = await invoicesToWatch(db, user, today);
    const late = watched.filter((i) => i.watch === "late").sort((a, b) => b.clock.daysLate - a.clock.daysLate || a.id - b.id);
    const soon = watched.filter((i) => i.watch === "soon");
    return {
      kind: "watch" as const,
      late: late.slice(0, HOME_INVOICE_ROWS),
      lateCount: late.length,
      /** what the late ones cost together each day */
      latePerDay: toCents(sum(late.map((i) => i.interestPerDay))),
      soon: soon.slice(0, HOME_INVOICE_ROWS),
      soonCount: soon.length,
    };
  }
  if (can(user, "invoice:record")) return { kind: "contractor" as const, ...(await contractorInvoiceSummary(db, user, today, HOME_INVOICE_ROWS)) };
  return null;
}
