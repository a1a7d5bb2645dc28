// `npm run worker`: the e-mail worker alone (run the app with MAIL_WORKER=0 then). It joins the app's
// database (DATABASE_URL, or the embedded server already running), and stops cleanly on SIGTERM/SIGINT.
import { joinDatabase } from "../../../db/database";
import { checkEnvAtBoot } from "../../lib/env.server";
import { startMailWorker } from "./worker.server";

checkEnvAtBoot();
const database = await joinDatabase();
const worker = await startMailWorker({ connectionString: database.url });
console.log("Courriels : le processus d'envoi tourne (Ctrl+C pour l'arrêter).");
let stopping = false;
for (const signal of ["SIGTERM", "SIGINT"] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    void worker
      .stop()
      .then(() => database.stop())
      .finally(() => process.exit(0));
  });
}
