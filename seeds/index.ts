// Seeding: reference data (upserted by natural key) and demo data (loaded once, marked in app_meta).
// Running it twice leaves the same data.
import type { Db } from "../db/client";
import { hashPassword } from "../app/auth/password.server";
import { ensureDemoCeilings, seedDemo } from "./demo";
import { seedReference } from "./reference";

export async function seedAll(db: Db, options: { demo?: boolean } = {}): Promise<{ demoLoaded: boolean }> {
  return db.transaction().execute(async (trx) => {
    // one seeder at a time (two servers starting on the same database)
    await trx.selectNoFrom((eb) => eb.fn("pg_advisory_xact_lock", [eb.lit(21048)]).as("locked")).execute();
    const ids = await seedReference(trx, hashPassword);
    if (options.demo === false) return { demoLoaded: false };
    const marker = await trx.selectFrom("app_meta").select("value").where("key", "=", "demo_data").executeTakeFirst();
    if (marker) {
      // a demo seeded before issue 18 gets its ceilings and closing dates (once: nothing happens when they exist)
      await ensureDemoCeilings(trx);
      return { demoLoaded: false };
    }
    await seedDemo(trx, ids);
    await trx.insertInto("app_meta").values({ key: "demo_data", value: "2026-11 v1" }).execute();
    return { demoLoaded: true };
  });
}
