// Contracts, renewals, lots, holders and contractors (DINUM). Several contracts run side by side; ending a
// contract (its end date) never touches its orders. Nothing here deletes a row an order depends on.
import { sql } from "kysely";
import type { Db, Executor } from "../../../db/client";
import type { SessionUser } from "../../auth/user";
import { requireGrant } from "../../auth/grants";
import { recordAudit } from "../audit/audit.server";
import { Refusal } from "../../lib/refusal";
import { refusingTransaction } from "../../lib/refusing-transaction.server";
import { pgError } from "../../lib/security/db-errors";
import type { ContractInput, ContractorInput, HolderInput, LotInput, RenewalInput } from "./schemas";

/** A UNIQUE violation as the message of the first key its constraint's name contains; anything else rethrown. */
function uniqueRefusal(messages: Record<string, string>) {
  return (e: unknown): never => {
    const pg = pgError(e);
    if (pg?.code === "23505") {
      const key = Object.keys(messages).find((k) => pg.constraint?.includes(k));
      throw new Refusal(key ? messages[key] : "Cet élément existe déjà.", { status: 409 });
    }
    throw e;
  };
}

const contractTaken = uniqueRefusal({ reference: "Un accord-cadre porte déjà cette référence." });
const lotTaken = uniqueRefusal({ lot: "Cet accord-cadre a déjà un lot portant ce numéro." });
const holderTaken = uniqueRefusal({ lot_holder: "Ce titulaire détient déjà ce lot." });
const contractorTaken = uniqueRefusal({ name: "Un titulaire porte déjà cette raison sociale.", siret: "Un titulaire a déjà ce SIRET." });

export async function listContracts(db: Executor, filters: { q?: string | null; active?: "yes" | "no" | null; today?: string } = {}) {
  let q = db
    .selectFrom("contract as c")
    .selectAll("c")
    .select((eb) => [
      eb.selectFrom("lot").select(eb.fn.countAll<string>().as("n")).whereRef("lot.contract_id", "=", "c.id").as("lots"),
      eb.selectFrom("purchase_order").select(eb.fn.countAll<string>().as("n")).whereRef("purchase_order.contract_id", "=", "c.id").as("orders"),
    ]);
  if (filters.q) q = q.where((eb) => eb.or([eb("c.reference", "ilike", `%${filters.q}%`), eb("c.title", "ilike", `%${filters.q}%`)]));
  if (filters.active && filters.today) {
    q = filters.active === "yes" ? q.where("c.end_date", ">=", filters.today) : q.where("c.end_date", "<", filters.today);
  }
  return q.orderBy("c.start_date", "desc").execute();
}

export async function getContract(db: Executor, contractId: number) {
  const contract = await db.selectFrom("contract").selectAll().where("id", "=", contractId).executeTakeFirst();
  if (!contract) return null;
  const [renewals, lots, holders] = await Promise.all([
    db.selectFrom("contract_renewal").selectAll().where("contract_id", "=", contractId).orderBy("renewal_no").execute(),
    db.selectFrom("lot").selectAll().where("contract_id", "=", contractId).orderBy("number").execute(),
    db
      .selectFrom("lot_holder as h")
      .innerJoin("lot as l", "l.id", "h.lot_id")
      .innerJoin("contractor as t", "t.id", "h.contractor_id")
      .select(["h.lot_id", "h.contractor_id", "h.since", "h.until", "t.name"])
      .where("l.contract_id", "=", contractId)
      .orderBy("t.name")
      .execute(),
  ]);
  return { contract, renewals, lots: lots.map((l) => ({ ...l, holders: holders.filter((h) => h.lot_id === l.id) })) };
}

const contractRow = (i: ContractInput) => ({
  reference: i.reference,
  title: i.title,
  buyer: i.buyer,
  notified_on: i.notifiedOn,
  start_date: i.startDate,
  end_date: i.endDate,
});

export async function createContract(db: Db, user: SessionUser, input: ContractInput): Promise<number> {
  requireGrant(user, "reference:write");
  return refusingTransaction(db, contractTaken, async (trx) => {
    const after = contractRow(input);
    const { id } = await trx.insertInto("contract").values(after).returning("id").executeTakeFirstOrThrow();
    await recordAudit(trx, { actor: user, entityType: "contract", entityId: id, action: "create", after });
    return id;
  });
}

export async function updateContract(db: Db, user: SessionUser, contractId: number, input: ContractInput): Promise<void> {
  requireGrant(user, "reference:write");
  await refusingTransaction(db, contractTaken, async (trx) => {
    const before = await trx
      .selectFrom("contract")
      .select(["reference", "title", "buyer", "notified_on", "start_date", "end_date"])
      .where("id", "=", contractId)
      .forUpdate()
      .executeTakeFirst();
    if (!before) throw new Refusal("Cet accord-cadre n'existe pas.", { status: 404 });
    const after = contractRow(input);
    await trx.updateTable("contract").set(after).where("id", "=", contractId).execute();
    await recordAudit(trx, { actor: user, entityType: "contract", entityId: contractId, action: "update", before, after });
  });
}

/** A renewal is numbered after the last one and extends the contract's end date when it goes further. */
export async function addRenewal(db: Db, user: SessionUser, contractId: number, input: RenewalInput): Promise<number> {
  requireGrant(user, "reference:write");
  return db.transaction().execute(async (trx) => {
    const c = await trx.selectFrom("contract").select(["id", "end_date", "start_date"]).where("id", "=", contractId).forUpdate().executeTakeFirst();
    if (!c) throw new Refusal("Cet accord-cadre n'existe pas.", { status: 404 });
    if (input.startDate < c.start_date)
      throw new Refusal("La reconduction ne peut pas commencer avant l'accord-cadre.", {
        fieldErrors: { startDate: ["La reconduction ne peut pas commencer avant l'accord-cadre."] },
      });
    const last = await trx
      .selectFrom("contract_renewal")
      .select(sql<number>`coalesce(max(renewal_no), 0)`.as("n"))
      .where("contract_id", "=", contractId)
      .executeTakeFirstOrThrow();
    const renewalNo = Number(last.n) + 1;
    const { id } = await trx
      .insertInto("contract_renewal")
      .values({ contract_id: contractId, renewal_no: renewalNo, start_date: input.startDate, end_date: input.endDate, decided_on: input.decidedOn })
      .returning("id")
      .executeTakeFirstOrThrow();
    const newEnd = input.endDate > c.end_date ? input.endDate : c.end_date;
    if (newEnd !== c.end_date) await trx.updateTable("contract").set({ end_date: newEnd }).where("id", "=", contractId).execute();
    await recordAudit(trx, {
      actor: user,
      entityType: "contract",
      entityId: contractId,
      action: "renew",
      before: { end_date: c.end_date },
      after: { renewal_no: renewalNo, start_date: input.startDate, end_date: newEnd, decided_on: input.decidedOn },
    });
    return id;
  });
}

export async function createLot(db: Db, user: SessionUser, contractId: number, input: LotInput): Promise<number> {
  requireGrant(user, "reference:write");
  return refusingTransaction(db, lotTaken, async (trx) => {
    const after = { contract_id: contractId, number: input.number, title: input.title };
    const { id } = await trx.insertInto("lot").values(after).returning("id").executeTakeFirstOrThrow();
    await recordAudit(trx, { actor: user, entityType: "lot", entityId: id, action: "create", after });
    return id;
  });
}

export async function updateLot(db: Db, user: SessionUser, lotId: number, input: LotInput): Promise<void> {
  requireGrant(user, "reference:write");
  await refusingTransaction(db, lotTaken, async (trx) => {
    const before = await trx.selectFrom("lot").select(["number", "title"]).where("id", "=", lotId).forUpdate().executeTakeFirst();
    if (!before) throw new Refusal("Ce lot n'existe pas.", { status: 404 });
    await trx.updateTable("lot").set({ number: input.number, title: input.title }).where("id", "=", lotId).execute();
    await recordAudit(trx, { actor: user, entityType: "lot", entityId: lotId, action: "update", before, after: input });
  });
}

/** A contractor becomes a holder of a lot (several holders = round-robin attribution). */
export async function addHolder(db: Db, user: SessionUser, lotId: number, input: HolderInput): Promise<void> {
  requireGrant(user, "reference:write");
  await refusingTransaction(db, holderTaken, async (trx) => {
    const after = { lot_id: lotId, contractor_id: input.contractorId, since: input.since, until: input.until };
    await trx.insertInto("lot_holder").values(after).execute();
    await recordAudit(trx, {
      actor: user,
      entityType: "lot_holder",
      entityId: `${lotId}:${input.contractorId}`,
      action: "create",
      after,
      contractorId: input.contractorId,
    });
  });
}

/** Ends a holding at a date (kept as history: past orders still name this holder). */
export async function endHolding(db: Db, user: SessionUser, lotId: number, contractorId: number, until: string): Promise<void> {
  requireGrant(user, "reference:write");
  await db.transaction().execute(async (trx) => {
    const h = await trx
      .selectFrom("lot_holder")
      .selectAll()
      .where("lot_id", "=", lotId)
      .where("contractor_id", "=", contractorId)
      .forUpdate()
      .executeTakeFirst();
    if (!h) throw new Refusal("Ce titulaire ne détient pas ce lot.");
    if (until < h.since)
      throw new Refusal("La date de fin doit suivre la date de début de la détention.", {
        fieldErrors: { until: ["La date de fin doit suivre la date de début de la détention."] },
      });
    await trx.updateTable("lot_holder").set({ until }).where("lot_id", "=", lotId).where("contractor_id", "=", contractorId).execute();
    await recordAudit(trx, {
      actor: user,
      entityType: "lot_holder",
      entityId: `${lotId}:${contractorId}`,
      action: "end",
      before: { until: h.until },
      after: { until },
      contractorId,
    });
  });
}

/** The lot `lotId` when it belongs to contract `contractId` (a form naming another contract's lot gets null). */
export async function findLotOfContract(db: Executor, contractId: number, lotId: number): Promise<number | null> {
  const l = await db.selectFrom("lot").select("id").where("id", "=", lotId).where("contract_id", "=", contractId).executeTakeFirst();
  return l?.id ?? null;
}

export async function listContractors(db: Executor) {
  return db.selectFrom("contractor").selectAll().orderBy("name").execute();
}

export async function createContractor(db: Db, user: SessionUser, input: ContractorInput): Promise<number> {
  requireGrant(user, "reference:write");
  return refusingTransaction(db, contractorTaken, async (trx) => {
    const { id } = await trx.insertInto("contractor").values(input).returning("id").executeTakeFirstOrThrow();
    await recordAudit(trx, { actor: user, entityType: "contractor", entityId: id, action: "create", after: input });
    return id;
  });
}

export async function updateContractor(db: Db, user: SessionUser, contractorId: number, input: ContractorInput): Promise<void> {
  requireGrant(user, "reference:write");
  await refusingTransaction(db, contractorTaken, async (trx) => {
    const before = await trx
      .selectFrom("contractor")
      .select(["name", "siret", "address", "email"])
      .where("id", "=", contractorId)
      .forUpdate()
      .executeTakeFirst();
    if (!before) throw new Refusal("Ce titulaire n'existe pas.", { status: 404 });
    await trx.updateTable("contractor").set(input).where("id", "=", contractorId).execute();
    await recordAudit(trx, { actor: user, entityType: "contractor", entityId: contractorId, action: "update", before, after: input, contractorId });
  });
}
