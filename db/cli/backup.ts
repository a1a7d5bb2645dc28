// npm run db:backup [-- --file <path>]: a pg_dump (custom format) of the app's database.
import path from "node:path";
import { backupDatabase, connectTarget, defaultBackupFile } from "../backup";
import { checkEnvAtBoot } from "../../app/lib/env.server";

checkEnvAtBoot();

const args = process.argv.slice(2);
const fileArg = args.indexOf("--file");
const file = fileArg >= 0 && args[fileArg + 1] ? path.resolve(args[fileArg + 1]) : defaultBackupFile();

const target = await connectTarget();
try {
  await backupDatabase(target.url, file);
  console.log(`Sauvegarde écrite : ${file}`);
} catch (error) {
  console.error(`Sauvegarde impossible : ${error instanceof Error ? error.message : String(error)}`);
  await target.stop();
  process.exit(1); // tsx does not pass process.exitCode on
}
await target.stop();
