// npm run bench [-- --factor 1 --seconds 10 --skip-factor2]
// Prints figures and ratios measured in the same run; never pass/fail on time (shared, noisy machines).
import os from "node:os";
import { createDb } from "../../db/client";
import { load, scaledDatabase, signInCookie, startAppServer, table, type LoadResult } from "./lib";

const arg = (name: string, fallback?: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : fallback;
};
const seconds = Number(arg("seconds", "10"));
const sections = (arg("only", "http,export,submit") ?? "").split(",");

console.log(`Pilotage UO — benchmark, ${new Date().toISOString()}`);
console.log(`Machine : ${os.cpus().length} cœurs (${os.cpus()[0]?.model ?? "?"}), ${(os.totalmem() / 2 ** 30).toFixed(0)} Gio, Node ${process.version}`);

const f1 = await scaledDatabase(1, 55801);

if (sections.includes("http")) {
  console.log("\n## 2. Pages sous 16 connexions simultanées (facteur 1)");
  const app = await startAppServer(f1.url, 3801);
  try {
    const db = createDb(f1.url, { max: 2 });
    const correspondent = await db.selectFrom("app_user").select(["email", "beneficiary_id"]).where("email", "=", "correspondant.sociaux@demo.pilotage-uo.fr").executeTakeFirstOrThrow();
    const order = await db.selectFrom("purchase_order as po").innerJoin("order_line as ol", "ol.order_id", "po.id")
      .select("po.id").where("po.beneficiary_id", "=", correspondent.beneficiary_id!).where("po.status", "=", "issued")
      .groupBy("po.id").orderBy((eb) => eb.fn.countAll(), "desc").limit(1).executeTakeFirstOrThrow();
    await db.destroy();
    const dinum = await signInCookie(app.base, "dinum@demo.pilotage-uo.fr");
    const corr = await signInCookie(app.base, correspondent.email);
    const listPath = (await fetch(`${app.base}/commandes`, { headers: { cookie: corr } })).ok ? "/commandes" : "/";
    const runs: LoadResult[] = [];
    runs.push(await load("route triviale /healthz", `${app.base}/healthz`, null, { seconds }));
    runs.push(await load("tableau de bord DINUM /", `${app.base}/`, dinum, { seconds }));
    runs.push(await load(`liste des BC (correspondant) ${listPath}`, `${app.base}${listPath}`, corr, { seconds }));
    runs.push(await load(`page d'un BC /commandes/${order.id}`, `${app.base}/commandes/${order.id}`, corr, { seconds }));
    const trivial = runs[0].rps;
    console.log(table(runs.map((r) => [r.label, r.p50.toFixed(1), r.p95.toFixed(1), r.p99.toFixed(1), r.rps.toFixed(0), `${((r.rps / trivial) * 100).toFixed(0)} %`, r.errors + r.non2xx]),
      ["route", "p50 ms", "p95 ms", "p99 ms", "req/s", "débit / trivial", "erreurs"]));
  } finally {
    await app.stop();
  }
}

await f1.server?.stop();
