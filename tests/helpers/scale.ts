// PILOTAGE_TEST_SCALE=<factor> (e.g. 0.1 or 1): the database tests run on the demo data PLUS the scale
// generator's data (seeds/scale.ts) at that factor — the template database of global-setup.ts, and the
// databases of the tests that start the whole server (server-process.ts). Unset: the demo data only.
import type { Db } from "../../db/client";
import { seedScale } from "../../seeds/scale";

/** The factor of PILOTAGE_TEST_SCALE, or null when unset. */
export function testScaleFactor(value = process.env.PILOTAGE_TEST_SCALE): number | null {
  if (value === undefined || value.trim() === "") return null;
  const factor = Number(value);
  if (!(factor > 0 && factor <= 10)) throw new Error(`PILOTAGE_TEST_SCALE doit être un nombre entre 0 et 10 (1 = échelle nationale), pas « ${value} ».`);
  return factor;
}

/** Adds the scale data to a migrated, demo-seeded database when the scale mode is on. */
export async function addTestScaleData(db: Db, where: string): Promise<void> {
  const factor = testScaleFactor();
  if (factor === null) return;
  const started = Date.now();
  const summary = await seedScale(db, factor);
  console.log(
    `[tests] données de charge (facteur ${factor}) ajoutées à ${where} en ${((Date.now() - started) / 1000).toFixed(1)} s : ${JSON.stringify(summary)}`,
  );
}
