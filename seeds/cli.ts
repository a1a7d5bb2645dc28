import { createDb } from "../db/client";
import { openDatabase } from "../db/database";
import { migrateToLatest } from "../db/migrate";
import { seedAll } from "./index";
import { checkEnvAtBoot } from "../app/lib/env.server";

checkEnvAtBoot();

const handle = await openDatabase();
const db = createDb(handle.url);
try {
  await migrateToLatest(db);
  const { demoLoaded } = await seedAll(db, { demo: !process.argv.includes("--reference-only") });
  console.log(demoLoaded ? "Données de référence et de démonstration chargées." : "Données de référence à jour (démonstration déjà chargée).");
} finally {
  await db.destroy();
  await handle.stop();
}
