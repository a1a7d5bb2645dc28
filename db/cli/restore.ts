// npm run db:restore -- <file> --yes: replaces the database's content by a backup (one transaction).
import path from "node:path";
import { connectTarget, restoreDatabase } from "../backup";
import { checkEnvAtBoot } from "../../app/lib/env.server";

checkEnvAtBoot();

const args = process.argv.slice(2);
const file = args.find((a) => !a.startsWith("--"));
if (!file) {
  console.error("Usage : npm run db:restore -- <fichier.dump> --yes");
  process.exit(2);
}
if (!args.includes("--yes")) {
  console.error(`La restauration remplace toutes les données de la base par celles de ${file}. Relancez avec --yes pour confirmer.`);
  process.exit(2);
}

const target = await connectTarget();
try {
  await restoreDatabase(target.url, path.resolve(file));
  console.log(`Base restaurée depuis ${path.resolve(file)}.`);
} catch (error) {
  console.error(`Restauration impossible (la base est inchangée) : ${error instanceof Error ? error.message : String(error)}`);
  await target.stop();
  process.exit(1); // tsx does not pass process.exitCode on
}
await target.stop();
