// A use case's one transaction whose database refusals it words itself (a UNIQUE or a trigger it knows): the
// reference services (contracts, lots, holders, contractors, beneficiaries, companies, products, users) run
// through here instead of each writing the same try/catch around its transaction.
import type { Db, Tx } from "../../db/client";

/** Runs `run` in one transaction; an error is handed to `translate`, which throws the use case's Refusal or rethrows it. */
export async function refusingTransaction<T>(db: Db, translate: (error: unknown) => never, run: (trx: Tx) => Promise<T>): Promise<T> {
  try {
    return await db.transaction().execute(run);
  } catch (e) {
    return translate(e);
  }
}
