// R18: a declaration's service fait by company (the one allocation, allocation.ts), for its page and its PDF.
// Called with a declaration the caller has already found in the user's scope (getDeclaration).
import { sql } from "kysely";
import type { Executor } from "../../../db/client";
import { serviceFaitByCompany, type CompanyShare } from "./allocation";

export async function declarationByCompany(db: Executor, declarationId: number): Promise<CompanyShare[]> {
  const lead = await db
    .selectFrom("declaration as d")
    .innerJoin("purchase_order as po", "po.id", "d.order_id")
    .innerJoin("holder_company as h", (j) => j.onRef("h.contractor_id", "=", "po.contractor_id").on("h.role", "=", "lead"))
    .innerJoin("company as co", "co.id", "h.company_id")
    .select(["co.id", "co.name"])
    .where("d.id", "=", declarationId)
    .executeTakeFirst();
  if (!lead) return [];
  const [lines, people] = await Promise.all([
    db.selectFrom("declaration_line").select(["id", "days", "consumed_amount"]).where("declaration_id", "=", declarationId).orderBy("id").execute(),
    db
      .selectFrom("declaration_person as dp")
      .innerJoin("declaration_line as dl", "dl.id", "dp.declaration_line_id")
      .innerJoin("person as p", "p.id", "dp.person_id")
      // the company the person worked for when the line was written
      .innerJoin("company as co", (j) => j.on(sql<boolean>`co.id = coalesce(dp.company_id, p.company_id)`))
      .select(["dp.declaration_line_id", "dp.days", "co.id as company_id", "co.name as company_name"])
      .where("dl.declaration_id", "=", declarationId)
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
