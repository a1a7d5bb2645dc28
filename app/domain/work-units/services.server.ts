// The work-unit catalogue (§2.1-2.5): codes are fixed (the database checks them), labels and descriptions editable.
import { z } from "zod";
import type { Db, Executor } from "../../../db/client";
import type { WorkUnitCode } from "../../../db/schema";
import type { SessionUser } from "../../auth/user";
import { requireGrant } from "../../auth/grants";
import { recordAudit } from "../audit/audit.server";
import { Refusal } from "../../lib/refusal";
import { optionalText, text } from "../../lib/form-fields";

export const workUnitSchema = z.object({ label: text("le libellé", 200), description: optionalText(1000) });
export type WorkUnitInput = z.infer<typeof workUnitSchema>;

export async function listWorkUnits(db: Executor) {
  return db.selectFrom("work_unit_type").selectAll().orderBy("sort_order").execute();
}

/** The work units' labels as DINUM names them today (the one map; a missing code shows as its code). */
export async function workUnitLabels(db: Executor): Promise<Partial<Record<WorkUnitCode, string>>> {
  const rows = await db.selectFrom("work_unit_type").select(["code", "label"]).execute();
  return Object.fromEntries(rows.map((r) => [r.code, r.label]));
}

/** One work unit's label as DINUM names it today (its code if unknown). */
export async function workUnitLabel(db: Executor, code: WorkUnitCode): Promise<string> {
  return (await workUnitLabels(db))[code] ?? code;
}

export async function updateWorkUnit(db: Db, user: SessionUser, code: string, input: WorkUnitInput): Promise<void> {
  requireGrant(user, "reference:write");
  await db.transaction().execute(async (trx) => {
    const before = await trx
      .selectFrom("work_unit_type")
      .select(["label", "description"])
      .where("code", "=", code as WorkUnitCode)
      .forUpdate()
      .executeTakeFirst();
    if (!before) throw new Refusal("Cette unité d'œuvre n'existe pas.", { status: 404 });
    await trx
      .updateTable("work_unit_type")
      .set(input)
      .where("code", "=", code as WorkUnitCode)
      .execute();
    await recordAudit(trx, { actor: user, entityType: "work_unit_type", entityId: code, action: "update", before, after: input });
  });
}
