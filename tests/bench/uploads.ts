// Section 4: /healthz latency alone, then while three clients upload hostile workbooks back to back to the
// declaration import (the 4.5 Mo file whose sheet inflates to 63 Mo, 900,000 rows; then the same
// sheet behind a directory that declares 4 Ko). One connection asks /healthz back to back: what another
// user waits while the uploads are read. Same server, same run; figures and ratios, never pass/fail.
import { hugeSheetXlsx, lyingBombXlsx } from "../helpers/hostile-xlsx";
import { load, signInCookie, startAppServer, table, type BenchOptions, type LoadResult } from "./lib";

interface UploadStats { count: number; statuses: Map<number | string, number>; ms: number[] }

/** `clients` loops each posting `file` and waiting for the answer, until `stop` resolves. */
function uploadLoops(base: string, cookie: string, file: Buffer, clients: number, stop: Promise<void>): Promise<UploadStats> {
  const stats: UploadStats = { count: 0, statuses: new Map(), ms: [] };
  let stopped = false;
  void stop.then(() => (stopped = true));
  const one = async () => {
    while (!stopped) {
      const form = new FormData();
      form.append("intent", "preview");
      form.append("file", new Blob([new Uint8Array(file)]), "bombe.xlsx");
      const t0 = performance.now();
      let status: number | string;
      try {
        const r = await fetch(`${base}/declarations/import`, { method: "POST", body: form, headers: { Origin: base, Cookie: cookie }, redirect: "manual" });
        await r.arrayBuffer();
        status = r.status;
      } catch (e) {
        status = (e as Error).message;
      }
      stats.ms.push(performance.now() - t0);
      stats.count++;
      stats.statuses.set(status, (stats.statuses.get(status) ?? 0) + 1);
    }
  };
  return Promise.all(Array.from({ length: clients }, one)).then(() => stats);
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;

export async function runUploads(options: BenchOptions): Promise<void> {
  const { seconds } = options;
  const f1 = await options.database(1);
  console.log(`\n## 4. /healthz pendant trois envois hostiles simultanés à l'import des déclarations (1 processus HTTP, ${seconds} s par mesure, 1 connexion sur /healthz)`);
  const huge = hugeSheetXlsx();
  const lying = lyingBombXlsx();
  const app = await startAppServer(f1.url, options.appPort, 1);
  try {
    const cookie = await signInCookie(app.base, "titulaire.octopus@demo.pilotage-uo.fr");
    const scenarios: [string, Buffer][] = [
      [`classeur de ${(huge.length / 2 ** 20).toFixed(1)} Mo, feuille de 63 Mo (900 000 lignes)`, huge],
      [`même feuille, sommaire menteur (4 Ko annoncés)`, lying],
    ];
    const alone = await load("/healthz seule", `${app.base}/healthz`, null, { seconds, connections: 1 });
    const rows: (string | number)[][] = [[alone.label, alone.p50.toFixed(1), alone.p95.toFixed(1), alone.p99.toFixed(1), "1,0", alone.rps.toFixed(0), "", "", ""]];
    for (const [label, file] of scenarios) {
      let release!: () => void;
      const stop = new Promise<void>((r) => (release = r));
      const uploads = uploadLoops(app.base, cookie, file, 3, stop);
      const during: LoadResult = await load(`/healthz pendant 3 envois : ${label}`, `${app.base}/healthz`, null, { seconds, connections: 1 });
      release();
      const s = await uploads;
      rows.push([during.label, during.p50.toFixed(1), during.p95.toFixed(1), during.p99.toFixed(1), (during.p99 / alone.p99).toFixed(1).replace(".", ","), during.rps.toFixed(0),
        s.count, [...s.statuses].map(([k, n]) => `${k}×${n}`).join(" "), `${median(s.ms).toFixed(0)} / ${Math.max(...s.ms).toFixed(0)}`]);
    }
    console.log(table(rows, ["mesure", "p50 ms", "p95 ms", "p99 ms", "p99 / seule", "req/s", "envois", "réponses", "envoi médian / max ms"]));
    const rss = Number((await import("node:fs")).readFileSync(`/proc/${app.child.pid}/status`, "utf8").match(/VmHWM:\s+(\d+)/)?.[1] ?? NaN) / 1024;
    console.log(`Mémoire de pointe du processus HTTP (VmHWM, workers d'analyse compris) : ${rss.toFixed(0)} Mo.`);
  } finally {
    await app.stop();
  }
}
