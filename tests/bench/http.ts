// Section 2: the DINUM dashboard, a correspondent's order list and an order page under 16 concurrent
// connections, against a trivial route of the same server, in the same run.
import { createDb } from "../../db/client";
import { load, signInCookie, startAppServer, table, type BenchOptions, type LoadResult } from "./lib";

export async function runHttp(options: BenchOptions): Promise<void> {
  const { seconds } = options;
  const f1 = await options.database(1);
  console.log("\n## 2. Pages sous 16 connexions simultanées (facteur 1)");
  const app = await startAppServer(f1.url, options.appPort);
  try {
    const db = createDb(f1.url, { max: 2 });
    const correspondent = await db.selectFrom("app_user").select(["email", "beneficiary_id"]).where("email", "=", "correspondant.sociaux@demo.pilotage-uo.fr").executeTakeFirstOrThrow();
    const order = await db.selectFrom("purchase_order as po").innerJoin("order_line as ol", "ol.order_id", "po.id")
      .select("po.id").where("po.beneficiary_id", "=", correspondent.beneficiary_id!).where("po.status", "=", "issued")
      .groupBy("po.id").orderBy((eb) => eb.fn.countAll(), "desc").limit(1).executeTakeFirstOrThrow();
    await db.destroy();
    const dinum = await signInCookie(app.base, "dinum@demo.pilotage-uo.fr");
    const corr = await signInCookie(app.base, correspondent.email);
    const runs: LoadResult[] = [];
    runs.push(await load("route triviale /healthz", `${app.base}/healthz`, null, { seconds }));
    runs.push(await load("tableau de bord DINUM /", `${app.base}/`, dinum, { seconds }));
    runs.push(await load("liste des BC (correspondant) /commandes", `${app.base}/commandes`, corr, { seconds }));
    runs.push(await load(`page d'un BC /commandes/${order.id}`, `${app.base}/commandes/${order.id}`, corr, { seconds }));
    const trivial = runs[0].rps;
    console.log(table(runs.map((r) => [r.label, r.p50.toFixed(1), r.p95.toFixed(1), r.p99.toFixed(1), r.rps.toFixed(0), `${((r.rps / trivial) * 100).toFixed(0)} %`, r.errors + r.non2xx]),
      ["route", "p50 ms", "p95 ms", "p99 ms", "req/s", "débit / trivial", "erreurs"]));
  } finally {
    await app.stop();
  }
}
