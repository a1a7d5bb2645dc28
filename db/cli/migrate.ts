import { createDb } from "../client";
import { openDatabase } from "../database";
import { migrateToLatest } from "../migrate";
import { checkEnvAtBoot } from "../../app/lib/env.server";

checkEnvAtBoot();

const handle = await openDatabase();
const db = createDb(handle.url);
try {
  const applied = await migrateToLatest(db);
  console.log(applied.length ? `Migrations appliquées : ${applied.join(", ")}` : "Base déjà à jour.");
} finally {
  await db.destroy();
  await handle.stop();
}
