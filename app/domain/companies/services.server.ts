// R18: companies and groupements (DINUM, reference data). A holder (contractor) is its lead company (created with it,
// migration 2026_12_06_00's trigger) plus any co-contractors; a company may also be a subcontractor on orders
// (app/domain/subcontracting). Every change is audited in its transaction.
import { sql } from "kysely";
import type { Db, Executor, Tx } from "../../../db/client";
import type { HolderRole } from "../../../db/schema";
import { requireGrant } from "../../auth/grants";
import type { SessionUser } from "../../auth/user";
import { Refusal } from "../../lib/refusal";
import { refusingTransaction } from "../../lib/refusing-transaction.server";
import { pgError } from "../../lib/security/db-errors";
import { recordAudit } from "../audit/audit.server";
import type { CompanyInput, HolderMemberInput } from "./schemas";
import { holderRoleLabels } from "./labels";

const SIRET_TAKEN = "Une entreprise a déjà ce SIRET.";

function siretTaken(e: unknown): never {
  const pg = pgError(e);
  if (pg?.code === "23505" && pg.constraint === "company_siret_unique") throw new Refusal(SIRET_TAKEN, { status: 409, field: "siret" });
  throw e;
}

/** Every company, with the holders it belongs to (role) and the orders it is accepted on as a subcontractor. */
export async function listCompanies(db: Executor, q = "") {
  let query = db
    .selectFrom("company as co")
    .select(["co.id", "co.name", "co.siret", "co.address"])
    .select((eb) => [
      sql<{ contractorId: number; contractorName: string; kind: HolderRole }[]>`coalesce((
        SELECT json_agg(json_build_object('contractorId', c.id, 'contractorName', c.name, 'kind', h.role) ORDER BY h.role DESC, c.name)
        FROM holder_company h JOIN contractor c ON c.id = h.contractor_id WHERE h.company_id = co.id), '[]')`.as("holders"),
      eb
        .selectFrom("subcontractor_acceptance as sa")
        .select(sql<string>`count(DISTINCT sa.order_id)`.as("n"))
        .whereRef("sa.company_id", "=", "co.id")
        .as("subcontracts"),
    ]);
  const needle = q.trim().toLowerCase();
  if (needle) query = query.where((eb) => eb.or([eb(sql`lower(co.name)`, "like", `%${needle}%`), eb("co.siret", "like", `%${needle.replace(/\s/g, "")}%`)]));
  return query.orderBy("co.name").orderBy("co.id").execute();
}

/** The companies of a holder: its lead first, then its co-contractors by name. */
export async function holderCompanies(db: Executor, contractorId: number) {
  return db
    .selectFrom("holder_company as h")
    .innerJoin("company as co", "co.id", "h.company_id")
    .select(["co.id", "co.name", "co.siret", "co.address", "h.role"])
    .where("h.contractor_id", "=", contractorId)
    .orderBy(sql`h.role = 'lead'`, "desc")
    .orderBy("co.name")
    .execute();
}

/** Inside a transaction: a new company, audited (DINUM's page, or a correspondent recording a new subcontractor). */
export async function insertCompany(trx: Tx, user: SessionUser, input: CompanyInput): Promise<number> {
  const { id } = await trx.insertInto("company").values(input).returning("id").executeTakeFirstOrThrow();
  await recordAudit(trx, { actor: user, entityType: "company", entityId: id, action: "create", after: input });
  return id;
}

export async function createCompany(db: Db, user: SessionUser, input: CompanyInput): Promise<number> {
  requireGrant(user, "reference:write");
  return refusingTransaction(db, siretTaken, (trx) => insertCompany(trx, user, input));
}

export async function updateCompany(db: Db, user: SessionUser, companyId: number, input: CompanyInput): Promise<void> {
  requireGrant(user, "reference:write");
  await refusingTransaction(db, siretTaken, async (trx) => {
    const before = await trx.selectFrom("company").select(["name", "siret", "address"]).where("id", "=", companyId).forUpdate().executeTakeFirst();
    if (!before) throw new Refusal("Cette entreprise n'existe pas.", { status: 404 });
    await trx.updateTable("company").set(input).where("id", "=", companyId).execute();
    await recordAudit(trx, { actor: user, entityType: "company", entityId: companyId, action: "update", before, after: input });
  });
}

/** A company joins a holder as a co-contractor (the holder becomes, or stays, a groupement). */
export async function addCoContractor(db: Db, user: SessionUser, input: HolderMemberInput): Promise<void> {
  requireGrant(user, "reference:write");
  await db.transaction().execute(async (trx) => {
    const holder = await trx.selectFrom("contractor").select(["id", "name"]).where("id", "=", input.contractorId).forUpdate().executeTakeFirst();
    if (!holder) throw new Refusal("Ce titulaire n'existe pas.", { status: 404, field: "contractorId" });
    const company = await trx.selectFrom("company").select(["id", "name"]).where("id", "=", input.companyId).executeTakeFirst();
    if (!company) throw new Refusal("Cette entreprise n'existe pas.", { status: 404, field: "companyId" });
    const already = await trx
      .selectFrom("holder_company")
      .select("role")
      .where("contractor_id", "=", holder.id)
      .where("company_id", "=", company.id)
      .executeTakeFirst();
    if (already) {
      throw new Refusal(`${company.name} fait déjà partie de ${holder.name} (${holderRoleLabels[already.role]}).`, { status: 409, field: "companyId" });
    }
    const subcontractor = await trx
      .selectFrom("subcontractor_acceptance as sa")
      .innerJoin("purchase_order as po", "po.id", "sa.order_id")
      .select("po.number")
      .where("sa.company_id", "=", company.id)
      .where("po.contractor_id", "=", holder.id)
      .executeTakeFirst();
    if (subcontractor) {
      throw new Refusal(
        `${company.name} est sous-traitant de ${holder.name} (bon de commande ${subcontractor.number}) : il ne peut pas en être aussi cotraitant.`,
        {
          status: 409,
          field: "companyId",
        },
      );
    }
    await trx.insertInto("holder_company").values({ contractor_id: holder.id, company_id: company.id, role: "co_contractor" }).execute();
    await recordAudit(trx, {
      actor: user,
      entityType: "holder_company",
      entityId: `${holder.id}:${company.id}`,
      action: "add",
      after: { contractor: holder.name, company: company.name, role: "co_contractor" },
      contractorId: holder.id,
    });
  });
}

/** A co-contractor leaves the groupement (the lead stays: edit the company instead). */
export async function removeCoContractor(db: Db, user: SessionUser, input: HolderMemberInput): Promise<void> {
  requireGrant(user, "reference:write");
  await db.transaction().execute(async (trx) => {
    const row = await trx
      .selectFrom("holder_company as h")
      .innerJoin("company as co", "co.id", "h.company_id")
      .innerJoin("contractor as c", "c.id", "h.contractor_id")
      .select(["h.role as kind", "co.name as company", "c.name as contractor"])
      .where("h.contractor_id", "=", input.contractorId)
      .where("h.company_id", "=", input.companyId)
      .forUpdate("h")
      .executeTakeFirst();
    if (!row) throw new Refusal("Cette entreprise ne fait pas partie de ce titulaire.", { status: 404 });
    if (row.kind === "lead")
      throw new Refusal(`${row.company} est le mandataire de ${row.contractor} : le mandataire ne se retire pas du groupement.`, { status: 409 });
    await trx.deleteFrom("holder_company").where("contractor_id", "=", input.contractorId).where("company_id", "=", input.companyId).execute();
    await recordAudit(trx, {
      actor: user,
      entityType: "holder_company",
      entityId: `${input.contractorId}:${input.companyId}`,
      action: "remove",
      before: { contractor: row.contractor, company: row.company, role: row.kind },
      contractorId: input.contractorId,
    });
  });
}
