// Beneficiaries (§1.2) and their correspondents: one or two active correspondents per beneficiary, never
// more (R3). The database trigger app_user_max_two_correspondents is the last line; its refusal is mapped
// to a French message here and in users/services.server.ts.
import { z } from "zod";
import type { Db, Executor } from "../../../db/client";
import type { SessionUser } from "../../auth/user";
import { requireGrant } from "../../auth/grants";
import { recordAudit } from "../audit/audit.server";
import { Refusal } from "../../lib/refusal";
import { refusingTransaction } from "../../lib/refusing-transaction.server";
import { pgError } from "../../lib/security/db-errors";
import { optionalText, text } from "../../lib/form-fields";

export const beneficiarySchema = z.object({ name: text("le nom", 200), acronym: optionalText(30) });
export type BeneficiaryInput = z.infer<typeof beneficiarySchema>;

export const THIRD_CORRESPONDENT_MESSAGE =
  "Ce bénéficiaire a déjà deux correspondants actifs, le maximum prévu par l'accord-cadre. Désactivez l'un d'eux avant d'en ajouter un autre.";

export async function listBeneficiaries(db: Executor, filters: { q?: string | null } = {}) {
  let q = db
    .selectFrom("beneficiary as b")
    .selectAll("b")
    .select((eb) => [eb.selectFrom("product").select(eb.fn.countAll<string>().as("n")).whereRef("product.beneficiary_id", "=", "b.id").as("products")]);
  if (filters.q) q = q.where((eb) => eb.or([eb("b.name", "ilike", `%${filters.q}%`), eb("b.acronym", "ilike", `%${filters.q}%`)]));
  const rows = await q.orderBy("b.is_dinum", "desc").orderBy("b.name").execute();
  const correspondents = await db
    .selectFrom("app_user")
    .select(["id", "name", "email", "active", "beneficiary_id"])
    .where("role", "=", "correspondent")
    .orderBy("name")
    .execute();
  return rows.map((b) => ({ ...b, correspondents: correspondents.filter((c) => c.beneficiary_id === b.id) }));
}

export async function getBeneficiary(db: Executor, beneficiaryId: number) {
  const b = await db.selectFrom("beneficiary").selectAll().where("id", "=", beneficiaryId).executeTakeFirst();
  if (!b) return null;
  const correspondents = await db
    .selectFrom("app_user")
    .select(["id", "name", "email", "active"])
    .where("role", "=", "correspondent")
    .where("beneficiary_id", "=", beneficiaryId)
    .orderBy("name")
    .execute();
  return { ...b, correspondents };
}

function mapErrors(e: unknown): never {
  const pg = pgError(e);
  if (pg?.code === "23505")
    throw new Refusal("Un bénéficiaire porte déjà ce nom.", { status: 409, fieldErrors: { name: ["Un bénéficiaire porte déjà ce nom."] } });
  throw e;
}

/** The account `userId` when it belongs to beneficiary `beneficiaryId` (its correspondents), else null. */
export async function findBeneficiaryUser(db: Executor, beneficiaryId: number, userId: number): Promise<number | null> {
  const u = await db.selectFrom("app_user").select("id").where("id", "=", userId).where("beneficiary_id", "=", beneficiaryId).executeTakeFirst();
  return u?.id ?? null;
}

export async function createBeneficiary(db: Db, user: SessionUser, input: BeneficiaryInput): Promise<number> {
  requireGrant(user, "reference:write");
  return refusingTransaction(db, mapErrors, async (trx) => {
    const { id } = await trx.insertInto("beneficiary").values({ name: input.name, acronym: input.acronym }).returning("id").executeTakeFirstOrThrow();
    await recordAudit(trx, { actor: user, entityType: "beneficiary", entityId: id, action: "create", after: input, beneficiaryId: id });
    return id;
  });
}

export async function updateBeneficiary(db: Db, user: SessionUser, beneficiaryId: number, input: BeneficiaryInput): Promise<void> {
  requireGrant(user, "reference:write");
  await refusingTransaction(db, mapErrors, async (trx) => {
    const before = await trx.selectFrom("beneficiary").select(["name", "acronym"]).where("id", "=", beneficiaryId).forUpdate().executeTakeFirst();
    if (!before) throw new Refusal("Ce bénéficiaire n'existe pas.", { status: 404 });
    await trx.updateTable("beneficiary").set(input).where("id", "=", beneficiaryId).execute();
    await recordAudit(trx, { actor: user, entityType: "beneficiary", entityId: beneficiaryId, action: "update", before, after: input, beneficiaryId });
  });
}
