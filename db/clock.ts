// The time a use case records (migration 2026_12_01_1200): `appNow` in the services' SQL instead of now(). Production
// never sets the clock, so app_now() = now(); the seeds and the tests set it for one transaction to write
// data "as of" a date (the demo's orders of 2025, a declaration validated last month) through the real use cases.
import { sql } from "kysely";
import type { Executor } from "./client";

/** SQL for "now" in a use case: the transaction's clock if set, else now(). */
export const appNow = sql<Date>`app_now()`;

/** Sets (or, with null, clears) the clock of the current transaction (until its end, or a rollback to a savepoint before). */
export async function setClock(trx: Executor, at: string | Date | null): Promise<void> {
  const value = at === null ? "" : typeof at === "string" ? at : at.toISOString();
  await sql`SELECT set_config('pilotage.clock', ${value}, true)`.execute(trx);
}
