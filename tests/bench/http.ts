// Section 2: the DINUM dashboard, a correspondent's order list and an order page under 16 concurrent
// connections, against a trivial route of the same server, in the same run. A second baseline, a page
// with the application's layout and no content, shows what the layout alone costs (React rendering of
// the DSFR header, menu and footer, the session lookup, Remix's document handling). The pages are then
// measured again with the render cache off (app/lib/render-cache.server.ts): React rendering every request.
import { sql } from "kysely";
import { createDb } from "../../db/client";
import { busiestIssuedOrder, load, signInCookie, startAppServer, table, type BenchOptions, type LoadResult } from "./lib";
import { demoAccounts } from "../../seeds/accounts";

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

export async function runHttp(options: BenchOptions): Promise<void> {
  for (const workers of options.workers) await runHttpWith(options, workers, true);
  // the same pages rendered by React on every request: what the render cache saves
  if (options.renderCacheOff) await runHttpWith(options, options.workers[0], false);
}

async function runHttpWith(options: BenchOptions, workers: number, renderCache: boolean): Promise<void> {
  const { seconds } = options;
  const f1 = await options.database(1);
  const cache = renderCache ? "cache de rendu actif" : "cache de rendu désactivé : PILOTAGE_RENDER_CACHE_MB=0";
  console.log(`\n## 2. Pages sous 16 connexions simultanées (facteur 1, ${workers} processus HTTP : WEB_CONCURRENCY=${workers}, ${cache})`);
  const app = await startAppServer(f1.url, options.appPort, workers, renderCache ? {} : { PILOTAGE_RENDER_CACHE_MB: "0" });
  const db = createDb(f1.url, { max: 2 });
  try {
    const correspondent = await db
      .selectFrom("app_user")
      .select(["email", "beneficiary_id"])
      .where("email", "=", demoAccounts.correspondentA)
      .executeTakeFirstOrThrow();
    const order = await busiestIssuedOrder(db, correspondent.beneficiary_id!);
    const dinum = await signInCookie(app.base, demoAccounts.dinum);
    const corr = await signInCookie(app.base, correspondent.email);
    const get = async (path: string, cookie: string) => {
      const t0 = performance.now();
      const r = await fetch(`${app.base}${path}`, { headers: { cookie } });
      const size = (await r.arrayBuffer()).byteLength;
      if (!r.ok) throw new Error(`${path} : HTTP ${r.status}`);
      return { ms: performance.now() - t0, size };
    };
    // sizes, and the first computation after a write (the cached aggregates are recomputed then)
    const sizes = {
      home: (await get("/", dinum)).size,
      list: (await get("/commandes", corr)).size,
      order: (await get(`/commandes/${order}`, corr)).size,
      layout: (await get("/accessibilite", corr)).size,
    };
    const cold: number[] = [];
    for (let i = 0; i < 5; i++) {
      await sql`UPDATE product SET name = name WHERE id = (SELECT min(id) FROM product)`.execute(db);
      cold.push((await get("/", dinum)).ms);
    }
    const warm: number[] = [];
    for (let i = 0; i < 5; i++) warm.push((await get("/", dinum)).ms);

    const runs: LoadResult[] = [];
    runs.push(await load("route triviale /healthz", `${app.base}/healthz`, null, { seconds }));
    runs.push(await load(`page sans contenu /accessibilite (${kb(sizes.layout)})`, `${app.base}/accessibilite`, corr, { seconds }));
    runs.push(await load(`tableau de bord DINUM / (${kb(sizes.home)})`, `${app.base}/`, dinum, { seconds }));
    runs.push(await load(`liste des BC (correspondant) /commandes (${kb(sizes.list)})`, `${app.base}/commandes`, corr, { seconds }));
    runs.push(await load(`page d'un BC /commandes/${order} (${kb(sizes.order)})`, `${app.base}/commandes/${order}`, corr, { seconds }));
    const trivial = runs[0].rps;
    const layout = runs[1].rps;
    console.log(
      table(
        runs.map((r) => [
          r.label,
          r.p50.toFixed(1),
          r.p95.toFixed(1),
          r.p99.toFixed(1),
          r.rps.toFixed(0),
          pct(r.rps / trivial),
          pct(r.rps / layout),
          r.errors + r.non2xx,
        ]),
        ["route", "p50 ms", "p95 ms", "p99 ms", "req/s", "débit / trivial", "débit / sans contenu", "erreurs"],
      ),
    );
    console.log(
      `Tableau de bord DINUM, une requête seule : ${median(cold).toFixed(0)} ms juste après une écriture (agrégats recalculés), ${median(warm).toFixed(0)} ms ensuite (médianes de 5).`,
    );
  } finally {
    await db.destroy();
    await app.stop();
  }
}

const kb = (bytes: number) => `${Math.round(bytes / 1024)} Ko`;
const pct = (x: number) => `${(x * 100).toFixed(0)} %`;
