// R12: the audit log, filtered by entity, user and date, scoped like everything else (auditScope).
import { sql } from "kysely";
import type { Executor } from "../../../db/client";
import type { SessionUser } from "../../auth/user";
import { auditScope } from "../../auth/scope.server";

export interface AuditFilters {
  entityType?: string | null;
  entityId?: string | null;
  userId?: number | null;
  /** inclusive days, 'YYYY-MM-DD', in Europe/Paris */
  from?: string | null;
  to?: string | null;
  page?: number;
}
export const AUDIT_PAGE_SIZE = 50;

export async function listAuditEvents(db: Executor, user: SessionUser, filters: AuditFilters = {}) {
  let q = db.selectFrom("audit_event as ae").where(auditScope(user, "ae"));
  if (filters.entityType) q = q.where("ae.entity_type", "=", filters.entityType);
  if (filters.entityId) q = q.where("ae.entity_id", "=", filters.entityId);
  if (filters.userId) q = q.where("ae.actor_user_id", "=", filters.userId);
  if (filters.from) q = q.where("ae.occurred_at", ">=", sql<Date>`(${filters.from}::date)::timestamp AT TIME ZONE 'Europe/Paris'`);
  if (filters.to) q = q.where("ae.occurred_at", "<", sql<Date>`(${filters.to}::date + 1)::timestamp AT TIME ZONE 'Europe/Paris'`);
  const page = Math.max(1, filters.page ?? 1);
  const [items, total] = await Promise.all([
    q
      .select(["ae.id", "ae.occurred_at", "ae.actor_user_id", "ae.actor_label", "ae.entity_type", "ae.entity_id", "ae.action", "ae.before", "ae.after"])
      .orderBy("ae.occurred_at", "desc")
      .orderBy("ae.id", "desc")
      .limit(AUDIT_PAGE_SIZE)
      .offset((page - 1) * AUDIT_PAGE_SIZE)
      .execute(),
    q.select((eb) => eb.fn.countAll<string>().as("n")).executeTakeFirstOrThrow(),
  ]);
  return { items, total: Number(total.n), page, pageSize: AUDIT_PAGE_SIZE };
}

/** The filter choices: entity types and actors present in the user's scope. */
export async function auditFilterChoices(db: Executor, user: SessionUser) {
  const [types, actors] = await Promise.all([
    db.selectFrom("audit_event as ae").where(auditScope(user, "ae")).select("ae.entity_type").distinct().orderBy("ae.entity_type").execute(),
    db
      .selectFrom("audit_event as ae")
      .innerJoin("app_user as u", "u.id", "ae.actor_user_id")
      .where(auditScope(user, "ae"))
      .select(["u.id", "u.name"])
      .distinct()
      .orderBy("u.name")
      .execute(),
  ]);
  return { entityTypes: types.map((t) => t.entity_type), actors };
}

export { entityTypeLabels } from "./labels";
