// npm run registry:import -- <fiches .md, dossier content/_startups/, .zip ou startups.json>… (reports/registry-import/cli.ts)
import { createDb } from "../client";
import { openDatabase } from "../database";
import { checkEnvAtBoot } from "../../app/lib/env.server";
import { RegistryUsageError, runRegistryImport } from "../../reports/registry-import/cli";

checkEnvAtBoot();

const handle = await openDatabase({ quiet: true });
const db = createDb(handle.url, { max: 2 });
let code = 0;
try {
  const { text, preview } = await runRegistryImport(db, process.argv.slice(2));
  console.log(text);
  if (preview.refused.length > 0) code = 1;
} catch (error) {
  console.error(error instanceof RegistryUsageError ? error.message : error);
  code = error instanceof RegistryUsageError ? 2 : 1;
} finally {
  await db.destroy();
  await new Promise((resolve) => setTimeout(resolve, 250)); // see reports/cli/export.ts
  await handle.stop();
}
process.exit(code);
