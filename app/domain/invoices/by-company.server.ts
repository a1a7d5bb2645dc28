// R18, invoices by company: the companies that may invoice on an order (the holder's lead, its co-contractors, the
// subcontractors accepted on it), what each may still invoice (its service fait on the order not yet invoiced;
// a subcontractor also never beyond its accepted amount), for the invoice form and for writeInvoice, which reads
// them under the order row's lock.
import { sql } from "kysely";
import type { Executor } from "../../../db/client";
import { dec, toCents } from "../../lib/decimal";
import type { CompanyKind } from "../companies/labels";
import { orderServiceFaitByCompany } from "../companies/queries.server";
import { currentAcceptance } from "../subcontracting/services.server";

export interface InvoicingCompany {
  id: number;
  name: string;
  siret: string | null;
  kind: CompanyKind;
  /** a subcontractor's current accepted maximum HT (DC4), else null */
  acceptedHt: string | null;
  /** its validated service fait on the order (HT) */
  serviceFaitHt: string;
  /** what its invoices (not rejected) already claim (HT) */
  invoicedHt: string;
  /** what its paid invoices come to (HT) */
  paidHt: string;
  /** what it may still invoice: service fait not yet invoiced, and for a subcontractor within its accepted amount */
  leftHt: string;
  /** a subcontractor's accepted amount not yet invoiced (may be below zero after a DC4 lowered it), else null */
  acceptedLeftHt: string | null;
}

/** The companies that may invoice on this order, the lead first, with their figures. */
export async function invoicingCompanies(db: Executor, orderId: number): Promise<InvoicingCompany[]> {
  const [members, shares, invoiced] = await Promise.all([
    sql<{ id: number; name: string; siret: string | null; kind: CompanyKind; accepted_ht: string | null }>`
      SELECT co.id, co.name, co.siret, h.role AS kind, NULL::text AS accepted_ht
        FROM purchase_order po JOIN holder_company h ON h.contractor_id = po.contractor_id JOIN company co ON co.id = h.company_id
        WHERE po.id = ${orderId}
      UNION ALL
      SELECT co.id, co.name, co.siret, 'subcontractor', sa.max_ht::text
        FROM subcontractor_acceptance sa JOIN company co ON co.id = sa.company_id
        WHERE sa.order_id = ${orderId} AND ${currentAcceptance}`.execute(db),
    orderServiceFaitByCompany(db, orderId),
    db
      .selectFrom("invoice")
      .select(["company_id", sql<string>`sum(amount_ht)`.as("ht"), sql<string>`coalesce(sum(amount_ht) FILTER (WHERE status = 'paid'), 0)`.as("paid_ht")])
      .where("order_id", "=", orderId)
      .where("status", "<>", "rejected")
      .groupBy("company_id")
      .execute(),
  ]);
  const rank: Record<CompanyKind, number> = { lead: 0, co_contractor: 1, subcontractor: 2 };
  return members.rows
    .map((m) => {
      const serviceFaitHt = shares.find((s) => s.companyId === m.id)?.amountHt ?? "0.00";
      const inv = invoiced.find((i) => i.company_id === m.id);
      const invoicedHt = toCents(dec(inv?.ht ?? 0));
      const acceptedLeft = m.accepted_ht == null ? null : dec(m.accepted_ht).minus(invoicedHt);
      let left = dec(serviceFaitHt).minus(invoicedHt);
      if (acceptedLeft && acceptedLeft.lessThan(left)) left = acceptedLeft;
      return {
        id: m.id,
        name: m.name,
        siret: m.siret,
        kind: m.kind,
        acceptedHt: m.accepted_ht == null ? null : toCents(dec(m.accepted_ht)),
        serviceFaitHt,
        invoicedHt,
        paidHt: toCents(dec(inv?.paid_ht ?? 0)),
        leftHt: toCents(left.lessThan(0) ? dec(0) : left),
        acceptedLeftHt: acceptedLeft && toCents(acceptedLeft),
      };
    })
    .sort((a, b) => rank[a.kind] - rank[b.kind] || a.name.localeCompare(b.name, "fr"));
}
