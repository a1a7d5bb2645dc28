// npm run export -- --out suivi.xlsx --contract 21_BAM_048 --year 2026   (see run.ts for every flag)
import { createDb } from "../../db/client";
import { openDatabase } from "../../db/database";
import { runExport, UsageError } from "./run";
import { checkEnvAtBoot } from "../../app/lib/env.server";

checkEnvAtBoot();

const handle = await openDatabase({ quiet: true });
const db = createDb(handle.url, { max: 3 });
let code = 0;
try {
  const { out } = await runExport(db, process.argv.slice(2));
  console.log(`Export écrit : ${out}`);
} catch (error) {
  console.error(error instanceof UsageError ? error.message : error);
  code = error instanceof UsageError ? 2 : 1;
} finally {
  await db.destroy();
  // pg's pool.end() resolves before its sockets are closed: stopping the embedded server at once would
  // terminate them mid-goodbye and the pool would throw "terminating connection" (57P01)
  await new Promise((resolve) => setTimeout(resolve, 250));
  await handle.stop();
}
process.exit(code);
