// Users (DINUM): create, change role and organisation, deactivate. A user is never deleted (orders,
// declarations and audit events refer to it); deactivation refuses sign-in (auth/sign-in.server.ts) and
// revokes every open session in the same transaction.
import { sql } from "kysely";
import type { Db, Executor, Tx } from "../../../db/client";
import type { Role } from "../../../db/schema";
import type { SessionUser } from "../../auth/user";
import { requireGrant } from "../../auth/grants";
import { hashPassword } from "../../auth/password.server";
import { recordAudit } from "../audit/audit.server";
import { Refusal } from "../../lib/refusal";
import { refusingTransaction } from "../../lib/refusing-transaction.server";
import { pgError } from "../../lib/security/db-errors";
import { THIRD_CORRESPONDENT_MESSAGE } from "../beneficiaries/services.server";
import type { CreateUserInput, UpdateUserInput } from "./schemas";

export interface UserFilters {
  q?: string | null;
  role?: Role | null;
  active?: "yes" | "no" | null;
  beneficiaryId?: number | null;
  contractorId?: number | null;
  page?: number;
}
export const USER_PAGE_SIZE = 50;

export async function listUsers(db: Executor, filters: UserFilters = {}) {
  let q = db.selectFrom("app_user as u").leftJoin("beneficiary as b", "b.id", "u.beneficiary_id").leftJoin("contractor as c", "c.id", "u.contractor_id");
  if (filters.q) q = q.where((eb) => eb.or([eb("u.name", "ilike", `%${filters.q}%`), eb("u.email", "ilike", `%${filters.q}%`)]));
  if (filters.role) q = q.where("u.role", "=", filters.role);
  if (filters.active) q = q.where("u.active", "=", filters.active === "yes");
  if (filters.beneficiaryId) q = q.where("u.beneficiary_id", "=", filters.beneficiaryId);
  if (filters.contractorId) q = q.where("u.contractor_id", "=", filters.contractorId);
  const page = Math.max(1, filters.page ?? 1);
  const [items, total] = await Promise.all([
    q
      .select([
        "u.id",
        "u.email",
        "u.name",
        "u.role",
        "u.active",
        "u.beneficiary_id",
        "u.contractor_id",
        "u.deactivated_at",
        "b.name as beneficiaryName",
        "c.name as contractorName",
      ])
      .orderBy("u.active", "desc")
      .orderBy("u.name")
      .limit(USER_PAGE_SIZE)
      .offset((page - 1) * USER_PAGE_SIZE)
      .execute(),
    q.select((eb) => eb.fn.countAll<string>().as("n")).executeTakeFirstOrThrow(),
  ]);
  return { items, total: Number(total.n), page, pageSize: USER_PAGE_SIZE };
}

export async function getUser(db: Executor, userId: number) {
  return (
    db
      .selectFrom("app_user")
      .select(["id", "email", "name", "role", "beneficiary_id", "contractor_id", "active", "deactivated_at", "created_at"])
      .where("id", "=", userId)
      .executeTakeFirst() ?? null
  );
}

function mapErrors(e: unknown): never {
  const pg = pgError(e);
  if (pg?.constraint === "app_user_max_two_correspondents")
    throw new Refusal(THIRD_CORRESPONDENT_MESSAGE, { fieldErrors: { beneficiaryId: [THIRD_CORRESPONDENT_MESSAGE] } });
  if (pg?.code === "23505")
    throw new Refusal("Un compte existe déjà avec cette adresse électronique.", {
      status: 409,
      fieldErrors: { email: ["Un compte existe déjà avec cette adresse électronique."] },
    });
  throw e;
}

const visible = (u: { name: string; role: Role; beneficiaryId: number | null; contractorId: number | null; active?: boolean }) => ({
  name: u.name,
  role: u.role,
  beneficiary_id: u.beneficiaryId,
  contractor_id: u.contractorId,
  ...(u.active === undefined ? {} : { active: u.active }),
});

export async function createUser(db: Db, user: SessionUser, input: CreateUserInput): Promise<number> {
  requireGrant(user, "user:admin");
  const passwordHash = input.password ? await hashPassword(input.password) : null;
  return refusingTransaction(db, mapErrors, async (trx) => {
    const { id } = await trx
      .insertInto("app_user")
      .values({
        email: input.email,
        name: input.name,
        role: input.role,
        beneficiary_id: input.beneficiaryId,
        contractor_id: input.contractorId,
        password_hash: passwordHash,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    await recordAudit(trx, {
      actor: user,
      entityType: "user",
      entityId: id,
      action: "create",
      after: { email: input.email, ...visible(input), active: true },
      beneficiaryId: input.beneficiaryId,
      contractorId: input.contractorId,
    });
    return id;
  });
}

/** Changes name, role and organisation. Open sessions are revoked when the role or organisation changes. */
export async function updateUser(db: Db, user: SessionUser, userId: number, input: UpdateUserInput): Promise<void> {
  requireGrant(user, "user:admin");
  await refusingTransaction(db, mapErrors, async (trx) => {
    const b = await trx
      .selectFrom("app_user")
      .select(["name", "role", "beneficiary_id", "contractor_id", "active"])
      .where("id", "=", userId)
      .forUpdate()
      .executeTakeFirst();
    if (!b) throw new Refusal("Ce compte n'existe pas.", { status: 404 });
    if (userId === user.id && input.role !== "dinum") throw new Refusal("Vous ne pouvez pas retirer votre propre rôle DINUM.");
    await trx
      .updateTable("app_user")
      .set({ name: input.name, role: input.role, beneficiary_id: input.beneficiaryId, contractor_id: input.contractorId })
      .where("id", "=", userId)
      .execute();
    const scopeChanged = b.role !== input.role || b.beneficiary_id !== input.beneficiaryId || b.contractor_id !== input.contractorId;
    if (scopeChanged) await revokeSessions(trx, userId);
    await recordAudit(trx, {
      actor: user,
      entityType: "user",
      entityId: userId,
      action: "update",
      before: { name: b.name, role: b.role, beneficiary_id: b.beneficiary_id, contractor_id: b.contractor_id },
      after: visible(input),
      beneficiaryId: input.beneficiaryId ?? b.beneficiary_id,
      contractorId: input.contractorId ?? b.contractor_id,
    });
  });
}

async function revokeSessions(trx: Tx, userId: number) {
  await trx
    .updateTable("user_session")
    .set({ revoked_at: sql`now()` })
    .where("user_id", "=", userId)
    .where("revoked_at", "is", null)
    .execute();
}

/** Deactivates a user (never deletes it) and revokes its sessions in the same transaction. */
export async function deactivateUser(db: Db, user: SessionUser, userId: number): Promise<void> {
  requireGrant(user, "user:admin");
  if (userId === user.id) throw new Refusal("Vous ne pouvez pas désactiver votre propre compte.");
  await db.transaction().execute(async (trx) => {
    const b = await trx.selectFrom("app_user").select(["active", "beneficiary_id", "contractor_id"]).where("id", "=", userId).forUpdate().executeTakeFirst();
    if (!b) throw new Refusal("Ce compte n'existe pas.", { status: 404 });
    if (!b.active) throw new Refusal("Ce compte est déjà désactivé.", { status: 409 });
    await trx
      .updateTable("app_user")
      .set({ active: false, deactivated_at: sql`now()` })
      .where("id", "=", userId)
      .execute();
    await revokeSessions(trx, userId);
    await recordAudit(trx, {
      actor: user,
      entityType: "user",
      entityId: userId,
      action: "deactivate",
      before: { active: true },
      after: { active: false },
      beneficiaryId: b.beneficiary_id,
      contractorId: b.contractor_id,
    });
  });
}

/** Reactivates a user; a correspondent is refused if its beneficiary already has two active ones. */
export async function reactivateUser(db: Db, user: SessionUser, userId: number): Promise<void> {
  requireGrant(user, "user:admin");
  await refusingTransaction(db, mapErrors, async (trx) => {
    const b = await trx.selectFrom("app_user").select(["active", "beneficiary_id", "contractor_id"]).where("id", "=", userId).forUpdate().executeTakeFirst();
    if (!b) throw new Refusal("Ce compte n'existe pas.", { status: 404 });
    if (b.active) throw new Refusal("Ce compte est déjà actif.", { status: 409 });
    await trx.updateTable("app_user").set({ active: true, deactivated_at: null }).where("id", "=", userId).execute();
    await recordAudit(trx, {
      actor: user,
      entityType: "user",
      entityId: userId,
      action: "reactivate",
      before: { active: false },
      after: { active: true },
      beneficiaryId: b.beneficiary_id,
      contractorId: b.contractor_id,
    });
  });
}
