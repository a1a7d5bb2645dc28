// R18: the contractor keeps its list of people (name, company, optional e-mail). A declaration line names them
// (declarations/services.server.ts: a new name typed there joins the list, in the holder's lead company); R9's
// person cap counts per person (its id), whatever its company. A person's company is one of the holder's
// (lead, co-contractors) or a subcontractor accepted on one of its orders.
import { sql } from "kysely";
import type { Db, Executor } from "../../../db/client";
import { can, requireGrant } from "../../auth/grants";
import type { SessionUser } from "../../auth/user";
import { NOT_ALLOWED, Refusal } from "../../lib/refusal";
import { recordAudit } from "../audit/audit.server";
import type { PersonInput } from "./schemas";
import type { CompanyKind } from "../companies/labels";

/** The companies a holder's people may belong to: its own (lead first), then the subcontractors accepted on its orders. */
export async function companyChoices(db: Executor, contractorId: number): Promise<{ id: number; name: string; kind: CompanyKind }[]> {
  const r = await sql<{ id: number; name: string; kind: CompanyKind }>`
    SELECT co.id, co.name, h.role AS kind FROM holder_company h JOIN company co ON co.id = h.company_id WHERE h.contractor_id = ${contractorId}
    UNION
    SELECT co.id, co.name, 'subcontractor' FROM subcontractor_acceptance sa
      JOIN purchase_order po ON po.id = sa.order_id JOIN company co ON co.id = sa.company_id
      WHERE po.contractor_id = ${contractorId}
        AND NOT EXISTS (SELECT 1 FROM holder_company h WHERE h.contractor_id = ${contractorId} AND h.company_id = co.id)
`.execute(db);
  const rank: Record<CompanyKind, number> = { lead: 0, co_contractor: 1, subcontractor: 2 };
  return r.rows.sort((a, b) => rank[a.kind] - rank[b.kind] || a.name.localeCompare(b.name, "fr"));
}

/** The contractor's people with their company (a contractor sees its own list only). */
export async function listPeople(db: Executor, user: Pick<SessionUser, "role" | "contractorId">) {
  if (!can(user, "person:write") || user.contractorId == null) return [];
  return db
    .selectFrom("person as p")
    .innerJoin("company as co", "co.id", "p.company_id")
    .select(["p.id", "p.full_name", "p.email", "p.company_id", "co.name as company"])
    .where("p.contractor_id", "=", user.contractorId)
    .orderBy("p.full_name")
    .execute();
}

/** Adds a person to the contractor's list, or changes one (name, company, e-mail); audited. */
export async function savePerson(db: Db, user: SessionUser, input: PersonInput): Promise<number> {
  requireGrant(user, "person:write");
  const contractorId = user.contractorId;
  if (contractorId == null) throw new Refusal(NOT_ALLOWED, { status: 403 });
  return db.transaction().execute(async (trx) => {
    const choices = await companyChoices(trx, contractorId);
    const company = choices.find((c) => c.id === input.companyId);
    if (!company) {
      throw new Refusal("Choisissez une entreprise du titulaire (mandataire, cotraitant) ou un sous-traitant accepté sur l'un de ses bons de commande.", {
        field: "companyId",
      });
    }
    const sameName = await trx
      .selectFrom("person")
      .select("id")
      .where("contractor_id", "=", contractorId)
      .where("full_name", "=", input.fullName)
      .executeTakeFirst();
    if (sameName && sameName.id !== input.personId) throw new Refusal(`${input.fullName} figure déjà dans la liste.`, { status: 409, field: "fullName" });
    const after = { fullName: input.fullName, company: company.name, email: input.email };
    if (input.personId === null) {
      const { id } = await trx
        .insertInto("person")
        .values({ contractor_id: contractorId, full_name: input.fullName, company_id: company.id, email: input.email })
        .returning("id")
        .executeTakeFirstOrThrow();
      await recordAudit(trx, { actor: user, entityType: "person", entityId: id, action: "create", after, contractorId });
      return id;
    }
    const before = await trx
      .selectFrom("person as p")
      .innerJoin("company as co", "co.id", "p.company_id")
      .select(["p.full_name as fullName", "co.name as company", "p.email"])
      .where("p.id", "=", input.personId)
      .where("p.contractor_id", "=", contractorId)
      .forUpdate("p")
      .executeTakeFirst();
    if (!before) throw new Refusal("Cette personne n'existe pas ou vous n'y avez pas accès.", { status: 404 });
    await trx.updateTable("person").set({ full_name: input.fullName, company_id: company.id, email: input.email }).where("id", "=", input.personId).execute();
    await recordAudit(trx, { actor: user, entityType: "person", entityId: input.personId, action: "update", before, after, contractorId });
    return input.personId;
  });
}
