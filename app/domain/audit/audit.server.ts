// R12: every state change and every change of reference data, with who, when, what, before and after.
// Always called with the transaction of the change it records.
import type { Tx } from "../../../db/client";
import type { SessionUser } from "../../auth/user";

export interface AuditInput {
  actor: Pick<SessionUser, "id" | "name" | "role"> | null;
  entityType: string;
  entityId: string | number;
  action: string;
  before?: unknown;
  after?: unknown;
  /** for scoping: the beneficiary and contractor the event concerns (contractor only once visible to it) */
  beneficiaryId?: number | null;
  contractorId?: number | null;
}

export async function recordAudit(trx: Tx, event: AuditInput): Promise<void> {
  await trx
    .insertInto("audit_event")
    .values({
      actor_user_id: event.actor?.id ?? null,
      actor_label: event.actor ? `${event.actor.name} (${event.actor.role})` : "système",
      entity_type: event.entityType,
      entity_id: String(event.entityId),
      action: event.action,
      before: event.before === undefined ? null : JSON.stringify(event.before),
      after: event.after === undefined ? null : JSON.stringify(event.after),
      beneficiary_id: event.beneficiaryId ?? null,
      contractor_id: event.contractorId ?? null,
    })
    .execute();
}
