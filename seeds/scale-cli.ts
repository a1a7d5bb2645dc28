// npm run seed:scale -- --factor N   (fills the configured database: empty, or with the demo data only)
import { createDb } from "../db/client";
import { openDatabase } from "../db/database";
import { migrateToLatest } from "../db/migrate";
import { seedScale } from "./scale";
import { checkEnvAtBoot } from "../app/lib/env.server";

checkEnvAtBoot();

const arg = (name: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
};
const factor = Number(arg("factor") ?? 1);
if (!(factor > 0 && factor <= 10)) {
  console.error("--factor doit être un nombre entre 0 et 10 (1 = échelle nationale).");
  process.exit(2);
}
const handle = await openDatabase({ dataDir: arg("data-dir"), port: arg("pg-port") ? Number(arg("pg-port")) : undefined });
const db = createDb(handle.url);
const started = Date.now();
try {
  await migrateToLatest(db);
  const summary = await seedScale(db, factor, (m) => console.log(`[${((Date.now() - started) / 1000).toFixed(1)} s] ${m}`));
  console.log(`Facteur ${factor} généré en ${((Date.now() - started) / 1000).toFixed(1)} s :`, summary);
} finally {
  await db.destroy();
  await handle.stop();
}
