// R18: service fait by company (the one allocation, allocation.ts): a declaration's, for its page and its PDF, and an
// order's (its validated declarations), for the invoices by company (app/domain/invoices/by-company.server.ts).
// Called with a declaration or an order the caller has already found in the user's scope.
import { sql } from "kysely";
import type { Executor } from "../../../db/client";
import { serviceFaitByCompany, type CompanyRef, type CompanyShare } from "./allocation";

/** The holder's lead company (the company of a line that names nobody). */
export async function leadCompanyOfOrder(db: Executor, orderId: number): Promise<CompanyRef | undefined> {
  return db
    .selectFrom("purchase_order as po")
    .innerJoin("holder_company as h", (j) => j.onRef("h.contractor_id", "=", "po.contractor_id").on("h.role", "=", "lead"))
    .innerJoin("company as co", "co.id", "h.company_id")
    .select(["co.id", "co.name"])
    .where("po.id", "=", orderId)
    .executeTakeFirst();
}

/** The allocation of the declaration lines chosen by `where` (over declaration_line aliased dl, declaration d). */
async function sharesOf(db: Executor, lead: CompanyRef, where: { declarationId: number } | { orderId: number }): Promise<CompanyShare[]> {
  const lineFilter =
    "declarationId" in where
      ? sql<boolean>`dl.declaration_id = ${where.declarationId}`
      : sql<boolean>`dl.order_id = ${where.orderId} AND d.status = 'validated'`;
  const [lines, people] = await Promise.all([
    db
      .selectFrom("declaration_line as dl")
      .innerJoin("declaration as d", "d.id", "dl.declaration_id")
      .select(["dl.id", "dl.days", "dl.consumed_amount"])
      .where(lineFilter)
      .orderBy("dl.id")
      .execute(),
    db
      .selectFrom("declaration_person as dp")
      .innerJoin("declaration_line as dl", "dl.id", "dp.declaration_line_id")
      .innerJoin("declaration as d", "d.id", "dl.declaration_id")
      .innerJoin("person as p", "p.id", "dp.person_id")
      // the company the person worked for when the line was written
      .innerJoin("company as co", (j) => j.on(sql<boolean>`co.id = coalesce(dp.company_id, p.company_id)`))
      .select(["dp.declaration_line_id", "dp.days", "co.id as company_id", "co.name as company_name"])
      .where(lineFilter)
      .execute(),
  ]);
  return serviceFaitByCompany(
    lines.map((l) => ({
      days: l.days,
      amountHt: l.consumed_amount,
      people: people.filter((p) => p.declaration_line_id === l.id).map((p) => ({ company: { id: p.company_id, name: p.company_name }, days: p.days })),
    })),
    lead,
  );
}

export async function declarationByCompany(db: Executor, declarationId: number): Promise<CompanyShare[]> {
  const d = await db.selectFrom("declaration").select("order_id").where("id", "=", declarationId).executeTakeFirst();
  const lead = d && (await leadCompanyOfOrder(db, d.order_id));
  return lead ? sharesOf(db, lead, { declarationId }) : [];
}

/** An order's validated service fait by company (the sum of its validated declarations' allocations, line by line). */
export async function orderServiceFaitByCompany(db: Executor, orderId: number): Promise<CompanyShare[]> {
  const lead = await leadCompanyOfOrder(db, orderId);
  return lead ? sharesOf(db, lead, { orderId }) : [];
}
