// R18: an order's subcontractors as its page shows them (scoped like the order: another holder never sees them).
import { sql } from "kysely";
import type { Executor } from "../../../db/client";
import { orderScope } from "../../auth/scope.server";
import type { SessionUser } from "../../auth/user";
import { dec, sum, toCents } from "../../lib/decimal";
import { invoicingCompanies } from "../invoices/by-company.server";

type Viewer = Pick<SessionUser, "id" | "role" | "beneficiaryId" | "contractorId">;

/**
 * The order's DC4 acceptances, each version (newest first per company), with the order's total; each current one with
 * its figures on the order (the order page's "Par entreprise": service fait, invoiced, paid, left of the acceptance);
 * null when out of scope.
 */
export async function orderSubcontracting(db: Executor, user: Viewer, orderId: number) {
  const order = await db
    .selectFrom("purchase_order as po")
    .innerJoin("contractor as c", "c.id", "po.contractor_id")
    .select(["po.id", "po.number", "po.status", "po.total_ht", "po.contractor_id", "po.beneficiary_id", "c.name as contractor_name"])
    .where("po.id", "=", orderId)
    .where(orderScope(user))
    .executeTakeFirst();
  if (!order || order.status === "draft") return null;
  const rows = await db
    .selectFrom("subcontractor_acceptance as sa")
    .innerJoin("company as co", "co.id", "sa.company_id")
    .leftJoin("app_user as u", "u.id", "sa.recorded_by")
    .select([
      "sa.company_id",
      "co.name",
      "co.siret",
      "co.address",
      "sa.version",
      "sa.max_ht",
      "sa.services",
      "sa.accepted_on",
      "sa.reason",
      "sa.recorded_at",
      "u.name as recorded_by",
    ])
    .where("sa.order_id", "=", orderId)
    .orderBy("co.name")
    .orderBy("sa.company_id")
    .orderBy("sa.version", "desc")
    .execute();
  const current = rows.filter((r, i) => i === 0 || rows[i - 1].company_id !== r.company_id);
  const figures = current.length ? await invoicingCompanies(db, orderId) : [];
  const accepted = toCents(sum(current.map((r) => r.max_ht)));
  return {
    order: { id: order.id, number: order.number, status: order.status, totalHt: order.total_ht, contractorName: order.contractor_name },
    current: current.map((r) => ({
      companyId: r.company_id,
      name: r.name,
      siret: r.siret,
      address: r.address,
      version: r.version,
      maxHt: r.max_ht,
      services: r.services,
      acceptedOn: r.accepted_on,
      ...subcontractorFigures(figures.find((f) => f.id === r.company_id)),
    })),
    history: rows.map((r) => ({
      companyId: r.company_id,
      name: r.name,
      version: r.version,
      maxHt: r.max_ht,
      services: r.services,
      acceptedOn: r.accepted_on,
      reason: r.reason,
      recordedAt: r.recorded_at,
      recordedBy: r.recorded_by ?? "",
    })),
    acceptedHt: accepted,
    leftHt: toCents(dec(order.total_ht).minus(accepted)),
  };
}

const subcontractorFigures = (f: Awaited<ReturnType<typeof invoicingCompanies>>[number] | undefined) => ({
  serviceFaitHt: f?.serviceFaitHt ?? "0.00",
  invoicedHt: f?.invoicedHt ?? "0.00",
  paidHt: f?.paidHt ?? "0.00",
  acceptedLeftHt: f?.acceptedLeftHt ?? "0.00",
});

/** For the order page: how many subcontractors are accepted and for how much (current versions). */
export async function subcontractingSummary(db: Executor, orderId: number): Promise<{ count: number; acceptedHt: string }> {
  const r = await sql<{ n: string; total: string }>`
    SELECT count(*) AS n, coalesce(sum(sa.max_ht), 0)::text AS total FROM subcontractor_acceptance sa
    WHERE sa.order_id = ${orderId}
      AND sa.version = (SELECT max(x.version) FROM subcontractor_acceptance x WHERE x.order_id = sa.order_id AND x.company_id = sa.company_id)`.execute(db);
  return { count: Number(r.rows[0].n), acceptedHt: toCents(dec(r.rows[0].total)) };
}
