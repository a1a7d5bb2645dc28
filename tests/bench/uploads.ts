// Section 4: /healthz latency alone, then while three clients upload hostile workbooks back to back to the
// declaration import (the 4.3 Mo file whose sheet inflates to 63 Mo, 900,000 rows; then the same
// sheet behind a directory that declares 4 Ko). One connection asks /healthz back to back: what another
// user waits while the uploads are read. The uploads come from a child process, so that building and
// sending their bodies does not delay the measuring event loop; autocannon's time-outs (10 s) are errors. Same server, same run; figures and ratios, never pass/fail.
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { hugeSheetXlsx, lyingBombXlsx } from "../helpers/hostile-xlsx";
import { load, signInCookie, startAppServer, table, type BenchOptions, type LoadResult } from "./lib";
import { demoAccounts } from "../../seeds/accounts";

interface UploadStats {
  ms: number[];
  statuses: Record<string, number>;
}

/** `clients` upload loops in a child process (tests/bench/upload-client.ts), until the returned stop(). */
function uploadLoops(base: string, cookie: string, file: Buffer, clients: number): { stop(): Promise<UploadStats> } {
  const filePath = path.join(os.tmpdir(), `pilotage-bench-upload-${process.pid}.xlsx`);
  fs.writeFileSync(filePath, file);
  const child = spawn(process.execPath, ["--import", "tsx", "tests/bench/upload-client.ts", base, cookie, filePath, String(clients)], {
    stdio: ["pipe", "pipe", "inherit"],
  });
  let out = "";
  child.stdout!.on("data", (d) => (out += d));
  const exited = new Promise<void>((r) => child.once("exit", () => r()));
  return {
    async stop() {
      child.stdin!.end();
      await exited;
      fs.rmSync(filePath, { force: true });
      return JSON.parse(out) as UploadStats;
    },
  };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;

export async function runUploads(options: BenchOptions): Promise<void> {
  const { seconds } = options;
  const f1 = await options.database(1);
  console.log(
    `\n## 4. /healthz pendant trois envois hostiles simultanés à l'import des déclarations (1 processus HTTP, ${seconds} s par mesure, 1 connexion sur /healthz)`,
  );
  const huge = hugeSheetXlsx();
  const lying = lyingBombXlsx();
  const app = await startAppServer(f1.url, options.appPort, 1);
  try {
    const cookie = await signInCookie(app.base, demoAccounts.contractorA);
    const scenarios: [string, Buffer][] = [
      [`classeur de ${(huge.length / 2 ** 20).toFixed(1)} Mo, feuille de 63 Mo (900 000 lignes)`, huge],
      [`même feuille, sommaire menteur (4 Ko annoncés)`, lying],
    ];
    const alone = await load("/healthz seule", `${app.base}/healthz`, null, { seconds, connections: 1 });
    const rows: (string | number)[][] = [
      [alone.label, alone.p50.toFixed(1), alone.p95.toFixed(1), alone.p99.toFixed(1), "1,0", alone.rps.toFixed(0), alone.errors + alone.non2xx, "", "", ""],
    ];
    for (const [label, file] of scenarios) {
      const uploads = uploadLoops(app.base, cookie, file, 3);
      await new Promise((r) => setTimeout(r, 1000)); // the child started and sending
      const during: LoadResult = await load(`/healthz pendant 3 envois : ${label}`, `${app.base}/healthz`, null, { seconds, connections: 1 });
      const s = await uploads.stop();
      rows.push([
        during.label,
        during.p50.toFixed(1),
        during.p95.toFixed(1),
        during.p99.toFixed(1),
        (during.p99 / alone.p99).toFixed(1).replace(".", ","),
        during.rps.toFixed(0),
        during.errors + during.non2xx,
        s.ms.length,
        Object.entries(s.statuses)
          .map(([k, n]) => `${k}×${n}`)
          .join(" "),
        `${median(s.ms).toFixed(0)} / ${Math.max(...s.ms).toFixed(0)}`,
      ]);
    }
    console.log(
      table(rows, ["mesure", "p50 ms", "p95 ms", "p99 ms", "p99 / seule", "req/s", "erreurs /healthz", "envois", "réponses", "envoi médian / max ms"]),
    );
    const rss = Number((await import("node:fs")).readFileSync(`/proc/${app.child.pid}/status`, "utf8").match(/VmHWM:\s+(\d+)/)?.[1] ?? NaN) / 1024;
    console.log(`Mémoire de pointe du processus HTTP (VmHWM, workers d'analyse compris) : ${rss.toFixed(0)} Mo.`);
  } finally {
    await app.stop();
  }
}
