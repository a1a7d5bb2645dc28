// R17: a contract's periods of execution and their maximum amounts HT (the contract's, optionally a lot's),
// edited by DINUM and audited; and the cap checked when an order is issued or amended.
//
// The cap's locking discipline is the order numbers' (R6): the issuing or amending transaction locks the
// period's row (FOR UPDATE) and keeps it until commit, so concurrent issues and amendments on one period
// queue, each adds up what the period has ordered once the previous ones have committed (READ COMMITTED:
// every statement sees what committed before it), and a refusal rolls back leaving nothing.
import { sql } from "kysely";
import type { Db, Executor, Tx } from "../../../db/client";
import { requireGrant } from "../../auth/grants";
import type { SessionUser } from "../../auth/user";
import { recordAudit } from "../audit/audit.server";
import { orderFiguresLateral } from "../consumption/queries.server";
import { dec, toCents } from "../../lib/decimal";
import { formatDate, formatEuros } from "../../lib/format";
import { Refusal } from "../../lib/refusal";
import { pgError } from "../../lib/security/db-errors";
import type { LotCeilingInput, PeriodInput } from "./schemas";

/** "période initiale", "1re reconduction", "2e reconduction"… */
export function periodLabel(periodNo: number): string {
  return periodNo === 0 ? "période initiale" : `${periodNo}${periodNo === 1 ? "re" : "e"} reconduction`;
}

export async function listPeriods(db: Executor, contractId: number) {
  const [periods, lots] = await Promise.all([
    db.selectFrom("execution_period").selectAll().where("contract_id", "=", contractId).orderBy("period_no").execute(),
    db
      .selectFrom("lot_ceiling as lc")
      .innerJoin("execution_period as ep", "ep.id", "lc.period_id")
      .select(["lc.period_id", "lc.lot_id", "lc.max_ht"])
      .where("ep.contract_id", "=", contractId)
      .execute(),
  ]);
  return periods.map((p) => ({ ...p, lotCeilings: lots.filter((l) => l.period_id === p.id) }));
}

/** Creates the period numbered `periodNo`, or changes its dates and maximum. */
export async function savePeriod(db: Db, user: SessionUser, contractId: number, input: PeriodInput): Promise<number> {
  requireGrant(user, "reference:write");
  try {
    return await db.transaction().execute(async (trx) => {
      const c = await trx.selectFrom("contract").select(["reference", "start_date", "end_date"]).where("id", "=", contractId).executeTakeFirst();
      if (!c) throw new Refusal("Cet accord-cadre n'existe pas.", { status: 404 });
      if (input.startDate < c.start_date || input.endDate > c.end_date) {
        throw new Refusal(
          `La période doit être comprise dans l'accord-cadre ${c.reference} (du ${formatDate(c.start_date)} au ${formatDate(c.end_date)}, reconductions comprises).`,
          { field: input.startDate < c.start_date ? "startDate" : "endDate" },
        );
      }
      const before = await trx
        .selectFrom("execution_period")
        .select(["id", "period_no", "start_date", "end_date", "max_ht"])
        .where("contract_id", "=", contractId)
        .where("period_no", "=", input.periodNo)
        .forUpdate()
        .executeTakeFirst();
      const after = { period_no: input.periodNo, start_date: input.startDate, end_date: input.endDate, max_ht: dec(input.maxHt).toFixed(2) };
      let id: number;
      if (before) {
        id = before.id;
        await trx.updateTable("execution_period").set(after).where("id", "=", id).execute();
      } else {
        id = (
          await trx
            .insertInto("execution_period")
            .values({ contract_id: contractId, ...after })
            .returning("id")
            .executeTakeFirstOrThrow()
        ).id;
      }
      const { id: _id, ...beforeFields } = before ?? { id: 0 };
      await recordAudit(trx, {
        actor: user,
        entityType: "execution_period",
        entityId: id,
        action: before ? "update" : "create",
        before: before ? beforeFields : undefined,
        after: { contract_id: contractId, ...after },
      });
      return id;
    });
  } catch (e) {
    if (pgError(e)?.constraint === "execution_period_no_overlap") {
      throw new Refusal("Cette période chevauche une autre période de l'accord-cadre : une commande n'appartient qu'à une période.", {
        status: 409,
        field: "startDate",
      });
    }
    throw e;
  }
}

/** Sets (or, with an empty amount, removes) a lot's maximum for one period of its contract. */
export async function setLotCeiling(db: Db, user: SessionUser, contractId: number, input: LotCeilingInput): Promise<void> {
  requireGrant(user, "reference:write");
  await db.transaction().execute(async (trx) => {
    const period = await trx
      .selectFrom("execution_period")
      .select(["id"])
      .where("id", "=", input.periodId)
      .where("contract_id", "=", contractId)
      .forUpdate()
      .executeTakeFirst();
    const lot = await trx.selectFrom("lot").select(["id"]).where("id", "=", input.lotId).where("contract_id", "=", contractId).executeTakeFirst();
    if (!period || !lot) throw new Refusal("Cette période ou ce lot n'appartient pas à cet accord-cadre.", { status: 404 });
    const before = await trx.selectFrom("lot_ceiling").select("max_ht").where("period_id", "=", period.id).where("lot_id", "=", lot.id).executeTakeFirst();
    if (input.maxHt === null) {
      if (!before) return;
      await trx.deleteFrom("lot_ceiling").where("period_id", "=", period.id).where("lot_id", "=", lot.id).execute();
    } else {
      const max_ht = dec(input.maxHt).toFixed(2);
      await trx
        .insertInto("lot_ceiling")
        .values({ period_id: period.id, lot_id: lot.id, max_ht })
        .onConflict((oc) => oc.columns(["period_id", "lot_id"]).doUpdateSet({ max_ht }))
        .execute();
    }
    await recordAudit(trx, {
      actor: user,
      entityType: "lot_ceiling",
      entityId: `${period.id}:${lot.id}`,
      action: input.maxHt === null ? "remove" : "set",
      before: before ? { period_id: period.id, lot_id: lot.id, max_ht: before.max_ht } : undefined,
      after: input.maxHt === null ? undefined : { period_id: period.id, lot_id: lot.id, max_ht: dec(input.maxHt).toFixed(2) },
    });
  });
}

/**
 * What the period's orders count as ordered HT (R13: issued and closed orders whose issue date falls in the
 * period; a closed order counts what it consumed), for the whole contract and for one lot, leaving out
 * `excludeOrderId` (the order being issued or amended).
 */
export async function periodOrderedHt(
  db: Executor,
  period: { contract_id: number; start_date: string; end_date: string },
  lotId: number,
  excludeOrderId: number | null,
): Promise<{ contract: string; lot: string }> {
  const r = await db
    .selectFrom("purchase_order as po")
    .leftJoinLateral(
      (eb) => orderFiguresLateral(eb),
      (j) => j.onTrue(),
    )
    .select([
      sql<string>`coalesce(sum(f.ordered_ht), 0)`.as("contract"),
      sql<string>`coalesce(sum(f.ordered_ht) FILTER (WHERE po.lot_id = ${lotId}), 0)`.as("lot"),
    ])
    .where("po.contract_id", "=", period.contract_id)
    .where("po.status", "in", ["issued", "closed"])
    .where("po.issued_on", ">=", period.start_date)
    .where("po.issued_on", "<=", period.end_date)
    .$if(excludeOrderId !== null, (qb) => qb.where("po.id", "<>", excludeOrderId!))
    .executeTakeFirstOrThrow();
  return { contract: r.contract, lot: r.lot };
}

export interface CapInput {
  orderId: number;
  contractId: number;
  lotId: number;
  /** the order's issue date: the period it belongs to */
  issuedOn: string;
  /** the order's total HT once issued or amended */
  newHt: string;
  /** what it counted before (0 at issue) */
  oldHt: string;
}

/**
 * R17 cap, inside the issuing or amending transaction: locks the period the order belongs to (its issue
 * date), then refuses, with what is left, an order that would take the period's ordered total above the
 * contract's maximum or its lot's. An amendment that lowers the order is never refused. No period covering
 * the date: no maximum to respect.
 */
export async function assertWithinCeilings(trx: Tx, input: CapInput): Promise<void> {
  if (!dec(input.newHt).greaterThan(input.oldHt)) return;
  const period = await trx
    .selectFrom("execution_period")
    .selectAll()
    .where("contract_id", "=", input.contractId)
    .where("start_date", "<=", input.issuedOn)
    .where("end_date", ">=", input.issuedOn)
    .forUpdate()
    .executeTakeFirst();
  if (!period) return;
  const lotCeiling = await trx
    .selectFrom("lot_ceiling as lc")
    .innerJoin("lot as l", "l.id", "lc.lot_id")
    .select(["lc.max_ht", "l.number"])
    .where("lc.period_id", "=", period.id)
    .where("lc.lot_id", "=", input.lotId)
    .executeTakeFirst();
  const ordered = await periodOrderedHt(trx, period, input.lotId, input.orderId);
  const where = `${periodLabel(period.period_no)}, du ${formatDate(period.start_date)} au ${formatDate(period.end_date)}`;
  const check = (max: string, others: string, of: string) => {
    if (!dec(others).plus(input.newHt).greaterThan(max)) return;
    // what the period has ordered so far, this order's current amount included (0 for a draft)
    const already = dec(others).plus(input.oldHt);
    const left = dec(max).minus(already);
    const leftText = `${formatEuros(toCents(left.greaterThan(0) ? left : dec(0)))} HT`;
    throw new Refusal(
      `Montant maximum dépassé : il reste ${leftText} sur le montant maximum de la période ${of} (${where} : ${formatEuros(max)} HT, dont ${formatEuros(toCents(dec(already)))} HT déjà commandés). ` +
        (dec(input.oldHt).isZero()
          ? `Ce bon de commande en demande ${formatEuros(toCents(dec(input.newHt)))} HT.`
          : `Cette modification en ajoute ${formatEuros(toCents(dec(input.newHt).minus(input.oldHt)))} HT.`),
      { status: 409, field: "lines" },
    );
  };
  if (lotCeiling) check(lotCeiling.max_ht, ordered.lot, `pour le lot ${lotCeiling.number}`);
  check(period.max_ht, ordered.contract, "de l'accord-cadre");
}
