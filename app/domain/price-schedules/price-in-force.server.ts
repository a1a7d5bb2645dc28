// R4 (read side): the approved unit prices of a contractor on a contract in force on a given day.
// Administration of the schedules (drafts, approval) lives in domain/price-schedules; orders only read.
import type { Executor } from "../../../db/client";
import type { WorkUnitCode } from "../../../db/schema";

export interface PricesInForce {
  scheduleId: number;
  version: number;
  validFrom: string;
  validTo: string | null;
  /** unit price HT per UO type, exact decimal strings */
  prices: Partial<Record<WorkUnitCode, string>>;
}

/** The approved schedule in force on `date` ('YYYY-MM-DD'), or null when there is none. */
export async function priceInForce(db: Executor, contractorId: number, contractId: number, date: string): Promise<PricesInForce | null> {
  const schedule = await db
    .selectFrom("price_schedule as s")
    .select(["s.id", "s.version", "s.valid_from", "s.valid_to"])
    .where("s.contractor_id", "=", contractorId)
    .where("s.contract_id", "=", contractId)
    .where("s.status", "=", "approved")
    .where("s.valid_from", "<=", date)
    .where((eb) => eb.or([eb("s.valid_to", "is", null), eb("s.valid_to", ">=", date)]))
    // approved versions never overlap (exclusion constraint); the order is only a tie-breaker
    .orderBy("s.valid_from", "desc")
    .executeTakeFirst();
  if (!schedule) return null;
  const items = await db.selectFrom("price_schedule_item").select(["work_unit_code", "unit_price"]).where("price_schedule_id", "=", schedule.id).execute();
  const prices: Partial<Record<WorkUnitCode, string>> = {};
  for (const i of items) prices[i.work_unit_code] = i.unit_price;
  return { scheduleId: schedule.id, version: schedule.version, validFrom: schedule.valid_from, validTo: schedule.valid_to, prices };
}

/** The unit price of one UO type in force on `date`, or null. */
export async function unitPriceInForce(db: Executor, contractorId: number, contractId: number, code: WorkUnitCode, date: string): Promise<string | null> {
  const s = await priceInForce(db, contractorId, contractId, date);
  return s?.prices[code] ?? null;
}

/** Every contractor's prices in force on `date` for the given contracts, keyed "contractId:contractorId". */
export async function pricesInForceByHolder(db: Executor, contractIds: number[], date: string): Promise<Record<string, Partial<Record<WorkUnitCode, string>>>> {
  if (contractIds.length === 0) return {};
  const rows = await db
    .selectFrom("price_schedule as s")
    .innerJoin("price_schedule_item as i", "i.price_schedule_id", "s.id")
    .select(["s.contract_id", "s.contractor_id", "i.work_unit_code", "i.unit_price"])
    .where("s.contract_id", "in", contractIds)
    .where("s.status", "=", "approved")
    .where("s.valid_from", "<=", date)
    .where((eb) => eb.or([eb("s.valid_to", "is", null), eb("s.valid_to", ">=", date)]))
    .execute();
  const out: Record<string, Partial<Record<WorkUnitCode, string>>> = {};
  for (const r of rows) (out[`${r.contract_id}:${r.contractor_id}`] ??= {})[r.work_unit_code] = r.unit_price;
  return out;
}
