// R17: a beneficiary may set its yearly AE envelope (TTC). AE beyond it warns its correspondents (on their
// home and on a draft about to be issued) and shows on DINUM's home; it never blocks an order.
// AE of a year per beneficiary is R11's (dashboard.server.ts aePerBeneficiary, the workbook's "AE-CP" rule).
import type { Db, Executor } from "../../../db/client";
import { can, requireGrant } from "../../auth/grants";
import type { SessionUser } from "../../auth/user";
import { recordAudit } from "../audit/audit.server";
import { dec, toCents } from "../../lib/decimal";
import { formatEuros } from "../../lib/format";
import { Refusal } from "../../lib/refusal";
import type { EnvelopeInput } from "./schemas";

export async function setEnvelope(db: Db, user: SessionUser, input: EnvelopeInput): Promise<void> {
  requireGrant(user, "envelope:write");
  const beneficiaryId = user.beneficiaryId;
  if (beneficiaryId == null) throw new Refusal("Seuls les correspondants d'un bénéficiaire fixent son enveloppe.", { status: 403 });
  await db.transaction().execute(async (trx) => {
    const before = await trx
      .selectFrom("beneficiary_envelope")
      .select(["year", "ae_ttc"])
      .where("beneficiary_id", "=", beneficiaryId)
      .where("year", "=", input.year)
      .forUpdate()
      .executeTakeFirst();
    if (input.aeTtc === null) {
      if (!before) return;
      await trx.deleteFrom("beneficiary_envelope").where("beneficiary_id", "=", beneficiaryId).where("year", "=", input.year).execute();
    } else {
      const ae_ttc = dec(input.aeTtc).toFixed(2);
      await trx
        .insertInto("beneficiary_envelope")
        .values({ beneficiary_id: beneficiaryId, year: input.year, ae_ttc })
        .onConflict((oc) => oc.columns(["beneficiary_id", "year"]).doUpdateSet({ ae_ttc }))
        .execute();
    }
    await recordAudit(trx, {
      actor: user,
      entityType: "beneficiary_envelope",
      entityId: `${beneficiaryId}:${input.year}`,
      action: input.aeTtc === null ? "remove" : before ? "update" : "set",
      before,
      after: input.aeTtc === null ? undefined : { year: input.year, ae_ttc: dec(input.aeTtc).toFixed(2) },
      beneficiaryId,
    });
  });
}

export interface EnvelopeStatus {
  beneficiaryId: number;
  beneficiary: string;
  year: number;
  envelopeTtc: string;
  aeTtc: string;
  leftTtc: string;
  over: boolean;
}

/** The envelopes of `year` in scope (DINUM: every beneficiary's; a correspondent: its own). */
export async function envelopesOf(db: Executor, user: SessionUser, year: number) {
  if (!can(user, "report:consolidated") && user.beneficiaryId == null) return [];
  return db
    .selectFrom("beneficiary_envelope as e")
    .innerJoin("beneficiary as b", "b.id", "e.beneficiary_id")
    .select(["e.beneficiary_id", "b.name", "e.year", "e.ae_ttc"])
    .where("e.year", "=", year)
    .$if(!can(user, "report:consolidated"), (q) => q.where("e.beneficiary_id", "=", user.beneficiaryId!))
    .orderBy("b.name")
    .execute();
}

/** Each envelope beside the year's AE of its beneficiary (R11, by beneficiary name). */
export function compareEnvelopes(envelopes: Awaited<ReturnType<typeof envelopesOf>>, ae: Map<string, string>): EnvelopeStatus[] {
  return envelopes.map((e) => {
    const spent = dec(ae.get(e.name) ?? "0");
    return {
      beneficiaryId: e.beneficiary_id,
      beneficiary: e.name,
      year: e.year,
      envelopeTtc: e.ae_ttc,
      aeTtc: toCents(spent),
      leftTtc: toCents(dec(e.ae_ttc).minus(spent)),
      over: spent.greaterThan(e.ae_ttc),
    };
  });
}

/** The warning a correspondent reads before issuing a draft of `orderTtc`: its envelope would be exceeded. */
export function envelopeWarning(mine: EnvelopeStatus | undefined, orderTtc: string): string | null {
  if (!mine) return null;
  const after = dec(mine.aeTtc).plus(orderTtc);
  if (!after.greaterThan(mine.envelopeTtc)) return null;
  return `Enveloppe AE ${mine.year} dépassée : ${formatEuros(mine.aeTtc)} TTC déjà engagés sur ${formatEuros(mine.envelopeTtc)} ; ce bon de commande (${formatEuros(orderTtc)} TTC) la porterait à ${formatEuros(toCents(after))}, soit ${formatEuros(toCents(after.minus(mine.envelopeTtc)))} au-delà. L'émission reste possible.`;
}
