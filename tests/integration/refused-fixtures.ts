// What the use cases refuse to build, for the tests of the paths that guard against it (the others build their
// data with seeds/factories.ts). See also addAwkwardOrder (reports-fixtures.ts).
import type { Db } from "../../db/client";
import type { WorkUnitCode } from "../../db/schema";

/**
 * An approved price schedule with only some work units priced. approvePriceSchedule refuses one (every unit
 * needs a price); an order's rules must still name the unit that has none (a schedule written before the rule).
 */
export async function addPartialPriceSchedule(
  db: Db,
  o: { contractorId: number; contractId: number; validFrom: string; prices: Partial<Record<WorkUnitCode, string>>; approvedBy: number },
): Promise<{ id: number }> {
  return db.transaction().execute(async (trx) => {
    const s = await trx
      .insertInto("price_schedule")
      .values({
        contractor_id: o.contractorId,
        contract_id: o.contractId,
        version: 1,
        status: "approved",
        valid_from: o.validFrom,
        valid_to: null,
        approved_at: new Date(),
        approved_by: o.approvedBy,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    await trx
      .insertInto("price_schedule_item")
      .values(
        Object.entries(o.prices).map(([code, unit_price]) => ({ price_schedule_id: s.id, work_unit_code: code as WorkUnitCode, unit_price: unit_price! })),
      )
      .execute();
    return s;
  });
}
