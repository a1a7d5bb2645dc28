// R4: price schedule versions per contractor and contract. A version is prepared as a draft and approved
// by DINUM; an approved version is never edited (the database refuses it too, migration 0600), a new
// version replaces it from its start date. Approved versions never overlap (exclusion constraint).
import { sql } from "kysely";
import type { Db, Executor, Tx } from "../../../db/client";
import { appNow } from "../../../db/clock";
import type { WorkUnitCode } from "../../../db/schema";
import type { SessionUser } from "../../auth/user";
import { requireGrant } from "../../auth/grants";
import { recordAudit } from "../audit/audit.server";
import * as mail from "../notifications/events.server";
import { Refusal } from "../../lib/refusal";
import { pgError } from "../../lib/security/db-errors";
import { addDays } from "../../lib/dates";
import { formatDate } from "../../lib/format";
import { comparePrices, type PriceRow } from "./compare";
import type { PriceScheduleInput } from "./schemas";
import { WORK_UNIT_CODES } from "../work-units/codes";

export const OVERLAP_MESSAGE =
  "Cette période chevauche celle d'une autre version approuvée du bordereau de ce titulaire pour cet accord-cadre. Fermez d'abord la version en vigueur ou choisissez une autre date de début.";
export const IMMUTABLE_MESSAGE =
  "Une version approuvée du bordereau ne peut plus être modifiée : créez une nouvelle version qui la remplacera à sa date de début.";

export interface PriceScheduleFilters {
  contractId?: number | null;
  contractorId?: number | null;
  status?: "draft" | "approved" | null;
}

/** price_schedule with its contract's reference and its contractor's name: what the list and a version's page show of it. */
function schedulesWithNames(db: Executor) {
  return db
    .selectFrom("price_schedule as s")
    .innerJoin("contract as c", "c.id", "s.contract_id")
    .innerJoin("contractor as t", "t.id", "s.contractor_id")
    .select([
      "s.id",
      "s.version",
      "s.status",
      "s.valid_from",
      "s.valid_to",
      "s.note",
      "s.approved_at",
      "c.reference as contractReference",
      "t.name as contractorName",
      "s.contract_id",
      "s.contractor_id",
    ]);
}

/** The approved versions of the same contractor and contract that start before `s` (add a select). */
function approvedBefore(db: Executor, s: { contract_id: number; contractor_id: number; valid_from: string }) {
  return db
    .selectFrom("price_schedule")
    .where("contract_id", "=", s.contract_id)
    .where("contractor_id", "=", s.contractor_id)
    .where("status", "=", "approved")
    .where("valid_from", "<", s.valid_from);
}

export async function listPriceSchedules(db: Executor, filters: PriceScheduleFilters = {}) {
  let q = schedulesWithNames(db);
  if (filters.contractId) q = q.where("s.contract_id", "=", filters.contractId);
  if (filters.contractorId) q = q.where("s.contractor_id", "=", filters.contractorId);
  if (filters.status) q = q.where("s.status", "=", filters.status);
  return q.orderBy("c.reference").orderBy("t.name").orderBy("s.version", "desc").execute();
}

async function itemsOf(db: Executor, scheduleId: number): Promise<Record<string, string>> {
  const rows = await db.selectFrom("price_schedule_item").select(["work_unit_code", "unit_price"]).where("price_schedule_id", "=", scheduleId).execute();
  return Object.fromEntries(rows.map((r) => [r.work_unit_code, r.unit_price]));
}

export interface PriceScheduleDetail {
  id: number;
  version: number;
  status: "draft" | "approved";
  validFrom: string;
  validTo: string | null;
  note: string;
  contractId: number;
  contractorId: number;
  contractReference: string;
  contractorName: string;
  approvedAt: Date | null;
  approvedByName: string | null;
  /** who prepared it (null for versions from before migration 2026_12_08_00) */
  preparedById: number | null;
  preparedByName: string | null;
  previousVersion: number | null;
  prices: Record<string, string>;
  rows: PriceRow[];
}

/** A version with its prices, day rates and the difference from the previous version (same contractor and contract). */
export async function getPriceSchedule(db: Executor, scheduleId: number): Promise<PriceScheduleDetail | null> {
  const s = await schedulesWithNames(db)
    .leftJoin("app_user as u", "u.id", "s.approved_by")
    .leftJoin("app_user as pu", "pu.id", "s.prepared_by")
    .select(["s.prepared_by", "pu.name as preparedByName", "u.name as approvedByName"])
    .where("s.id", "=", scheduleId)
    .executeTakeFirst();
  if (!s) return null;
  const previous = await approvedBefore(db, s).select(["id", "version"]).orderBy("valid_from", "desc").limit(1).executeTakeFirst();
  const prices = await itemsOf(db, s.id);
  const previousPrices = previous ? await itemsOf(db, previous.id) : null;
  return {
    id: s.id,
    version: s.version,
    status: s.status,
    validFrom: s.valid_from,
    validTo: s.valid_to,
    note: s.note,
    contractId: s.contract_id,
    contractorId: s.contractor_id,
    contractReference: s.contractReference,
    contractorName: s.contractorName,
    approvedAt: s.approved_at,
    approvedByName: s.approvedByName,
    preparedById: s.prepared_by,
    preparedByName: s.preparedByName,
    previousVersion: previous?.version ?? null,
    prices,
    rows: comparePrices(prices, previousPrices, WORK_UNIT_CODES),
  };
}

async function assertHolder(trx: Tx, contractId: number, contractorId: number) {
  const holds = await trx
    .selectFrom("lot_holder as h")
    .innerJoin("lot as l", "l.id", "h.lot_id")
    .select("h.lot_id")
    .where("l.contract_id", "=", contractId)
    .where("h.contractor_id", "=", contractorId)
    .executeTakeFirst();
  if (!holds)
    throw new Refusal("Ce titulaire ne détient aucun lot de cet accord-cadre : ajoutez-le d'abord comme titulaire d'un lot.", {
      fieldErrors: { contractorId: ["Ce titulaire ne détient aucun lot de cet accord-cadre."] },
    });
}

const snapshot = (input: { validFrom: string; validTo: string | null; note: string; prices: Record<string, string> }) => ({
  valid_from: input.validFrom,
  valid_to: input.validTo,
  note: input.note,
  prices: input.prices,
});

/** A new draft version (version number = last + 1). */
export async function createPriceScheduleDraft(db: Db, user: SessionUser, input: PriceScheduleInput): Promise<number> {
  requireGrant(user, "reference:write");
  return db.transaction().execute(async (trx) => {
    await assertHolder(trx, input.contractId, input.contractorId);
    // serialise version numbering per contractor and contract
    await sql`SELECT pg_advisory_xact_lock(6001, ${input.contractId} * 100000 + ${input.contractorId})`.execute(trx);
    const last = await trx
      .selectFrom("price_schedule")
      .select(sql<number>`coalesce(max(version), 0)`.as("v"))
      .where("contract_id", "=", input.contractId)
      .where("contractor_id", "=", input.contractorId)
      .executeTakeFirstOrThrow();
    const version = Number(last.v) + 1;
    const { id } = await trx
      .insertInto("price_schedule")
      .values({
        contract_id: input.contractId,
        contractor_id: input.contractorId,
        version,
        status: "draft",
        valid_from: input.validFrom,
        valid_to: input.validTo,
        note: input.note,
        prepared_by: user.id,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    await trx
      .insertInto("price_schedule_item")
      .values(WORK_UNIT_CODES.map((code) => ({ price_schedule_id: id, work_unit_code: code, unit_price: input.prices[code] })))
      .execute();
    await recordAudit(trx, {
      actor: user,
      entityType: "price_schedule",
      entityId: id,
      action: "create_draft",
      after: { contract_id: input.contractId, contractor_id: input.contractorId, version, ...snapshot(input) },
    });
    await mail.priceSchedulePending(trx, id, user.id);
    return id;
  });
}

async function lockSchedule(trx: Tx, scheduleId: number) {
  const s = await trx.selectFrom("price_schedule").selectAll().where("id", "=", scheduleId).forUpdate().executeTakeFirst();
  if (!s) throw new Refusal("Cette version du bordereau n'existe pas.", { status: 404 });
  return s;
}

/** Edits a draft; an approved version is refused. Contract and contractor stay those of the version. */
export async function updatePriceScheduleDraft(
  db: Db,
  user: SessionUser,
  scheduleId: number,
  input: Omit<PriceScheduleInput, "contractId" | "contractorId">,
): Promise<void> {
  requireGrant(user, "reference:write");
  await db.transaction().execute(async (trx) => {
    const s = await lockSchedule(trx, scheduleId);
    if (s.status === "approved") throw new Refusal(IMMUTABLE_MESSAGE, { status: 409 });
    const before = snapshot({ validFrom: s.valid_from, validTo: s.valid_to, note: s.note, prices: await itemsOf(trx, s.id) });
    await trx.updateTable("price_schedule").set({ valid_from: input.validFrom, valid_to: input.validTo, note: input.note }).where("id", "=", s.id).execute();
    for (const code of WORK_UNIT_CODES) {
      await trx
        .insertInto("price_schedule_item")
        .values({ price_schedule_id: s.id, work_unit_code: code, unit_price: input.prices[code] })
        .onConflict((oc) => oc.columns(["price_schedule_id", "work_unit_code"]).doUpdateSet({ unit_price: input.prices[code] }))
        .execute();
    }
    await recordAudit(trx, { actor: user, entityType: "price_schedule", entityId: s.id, action: "update_draft", before, after: snapshot(input) });
  });
}

/** Deletes a draft version (nothing refers to a draft: orders copy prices only from approved versions). */
export async function deletePriceScheduleDraft(db: Db, user: SessionUser, scheduleId: number): Promise<void> {
  requireGrant(user, "reference:write");
  await db.transaction().execute(async (trx) => {
    const s = await lockSchedule(trx, scheduleId);
    if (s.status === "approved") throw new Refusal(IMMUTABLE_MESSAGE, { status: 409 });
    const before = snapshot({ validFrom: s.valid_from, validTo: s.valid_to, note: s.note, prices: await itemsOf(trx, s.id) });
    await trx.deleteFrom("price_schedule_item").where("price_schedule_id", "=", s.id).execute();
    await trx.deleteFrom("price_schedule").where("id", "=", s.id).execute();
    await recordAudit(trx, { actor: user, entityType: "price_schedule", entityId: s.id, action: "delete_draft", before });
  });
}

/**
 * DINUM approves a draft. If an approved open-ended version of the same contractor and contract starts
 * before it, that version is closed the day before the new one starts, in the same transaction. Any other
 * overlap is refused by the database's exclusion constraint, mapped to a French message.
 */
export async function approvePriceSchedule(db: Db, user: SessionUser, scheduleId: number): Promise<void> {
  requireGrant(user, "reference:write");
  try {
    await db.transaction().execute(async (trx) => {
      const s = await lockSchedule(trx, scheduleId);
      if (s.status === "approved") throw new Refusal("Cette version est déjà approuvée.", { status: 409 });
      // four eyes: another DINUM user than the one who prepared it (versions from before the column: their creation's event)
      const preparer = s.prepared_by ?? (await preparerFromAudit(trx, s.id));
      if (preparer === user.id) throw new Refusal(FOUR_EYES_MESSAGE, { status: 409 });
      const items = await itemsOf(trx, s.id);
      const missing = WORK_UNIT_CODES.filter((c) => !items[c]);
      if (missing.length) throw new Refusal(`Il manque des prix pour : ${missing.join(", ")}.`);
      const open = await approvedBefore(trx, s).select(["id", "version", "valid_from"]).where("valid_to", "is", null).forUpdate().executeTakeFirst();
      const contractorId = s.contractor_id;
      if (open) {
        const closeOn = addDays(s.valid_from, -1);
        await trx.updateTable("price_schedule").set({ valid_to: closeOn }).where("id", "=", open.id).execute();
        await recordAudit(trx, {
          actor: user,
          entityType: "price_schedule",
          entityId: open.id,
          action: "close_validity",
          before: { valid_to: null },
          after: { valid_to: closeOn, replaced_by_version: s.version },
          contractorId,
        });
      }
      await trx.updateTable("price_schedule").set({ status: "approved", approved_at: appNow, approved_by: user.id }).where("id", "=", s.id).execute();
      await recordAudit(trx, {
        actor: user,
        entityType: "price_schedule",
        entityId: s.id,
        action: "approve",
        before: { status: "draft" },
        after: { status: "approved", version: s.version, valid_from: s.valid_from, valid_to: s.valid_to, prices: items },
        contractorId,
      });
    });
  } catch (e) {
    const pg = pgError(e);
    if (pg?.code === "23P01" || pg?.constraint === "price_schedule_no_overlap") throw new Refusal(OVERLAP_MESSAGE, { status: 409 });
    if (pg?.constraint === "price_schedule_approved_immutable") throw new Refusal(IMMUTABLE_MESSAGE, { status: 409 });
    throw e;
  }
}

export const FOUR_EYES_MESSAGE =
  "Vous avez préparé cette version : elle doit être approuvée par un autre membre de la DINUM (principe des quatre yeux). Rien n'a été approuvé.";

async function preparerFromAudit(trx: Tx, scheduleId: number): Promise<number | null> {
  const e = await trx
    .selectFrom("audit_event")
    .select("actor_user_id")
    .where("entity_type", "=", "price_schedule")
    .where("entity_id", "=", String(scheduleId))
    .where("action", "=", "create_draft")
    .orderBy("id")
    .executeTakeFirst();
  return e?.actor_user_id ?? null;
}

/** The approved unit prices in force on a date for a contractor under a contract (what an issued order copies). */
export async function pricesInForce(db: Executor, contractId: number, contractorId: number, onDate: string) {
  const s = await db
    .selectFrom("price_schedule")
    .select(["id", "version"])
    .where("contract_id", "=", contractId)
    .where("contractor_id", "=", contractorId)
    .where("status", "=", "approved")
    .where("valid_from", "<=", onDate)
    .where((eb) => eb.or([eb("valid_to", "is", null), eb("valid_to", ">=", onDate)]))
    .executeTakeFirst();
  if (!s) return null;
  return { scheduleId: s.id, version: s.version, prices: (await itemsOf(db, s.id)) as Partial<Record<WorkUnitCode, string>> };
}

export const describeValidity = (from: string, to: string | null) => (to ? `du ${formatDate(from)} au ${formatDate(to)}` : `à partir du ${formatDate(from)}`);
