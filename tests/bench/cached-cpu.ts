// The cost of a request whose data has not changed (issue 15, session 9): every main page of every role, warm,
// with no writes, beside `/healthz` in the same run. For each page: the HTTP process's CPU per request
// (/proc/<pid>/stat, user + system, over sequential requests on one connection), the SQL round trips it sends
// per request (counted by a proxy between the server and PostgreSQL: a simple Query or an extended-protocol
// Sync each), req/s on one connection, then req/s and p95 under 16 connections. Figures only, never asserted.
//
//   BENCH_DATA=/tmp/x BENCH_PORT_BASE=54200 npx tsx tests/bench/cached-cpu.ts [--seconds 3] [--requests 200]
//   BENCH_CPU_PROFILE=/tmp/prof   also writes a --cpu-prof of the server (one page looped, see BENCH_CPU_PAGES)
//   BENCH_CPU_PAGES=<regexp>      measures only the pages whose label matches (and /healthz)
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import { createDb } from "../../db/client";
import { demoAccounts } from "../../seeds/accounts";
import { benchOptions, busiestIssuedOrder, latestValidatedDeclaration, load, signInCookie, startAppServer, table } from "./lib";

const options = benchOptions(process.argv);
const arg = (name: string, fallback: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : fallback;
};
const REQUESTS = Number(arg("requests", "200"));

/** A TCP proxy to PostgreSQL counting the client's round trips (Query 'Q' and Sync 'S' messages). */
function countingProxy(target: URL): Promise<{ port: number; count(): number; close(): void }> {
  let trips = 0;
  const server = net.createServer((client) => {
    const upstream = net.connect(Number(target.port), target.hostname);
    let buffered = Buffer.alloc(0);
    let started = false;
    client.on("data", (chunk) => {
      upstream.write(chunk);
      buffered = Buffer.concat([buffered, chunk]);
      for (;;) {
        if (!started) {
          // startup (or SSL request) message: no type byte
          if (buffered.length < 4) break;
          const length = buffered.readInt32BE(0);
          if (buffered.length < length) break;
          const code = buffered.readInt32BE(4);
          buffered = buffered.subarray(length);
          if (code !== 80877103) started = true; // not an SSLRequest: the startup message
          continue;
        }
        if (buffered.length < 5) break;
        const length = buffered.readInt32BE(1);
        if (buffered.length < 1 + length) break;
        const type = String.fromCharCode(buffered[0]);
        if (type === "Q" || type === "S") trips++;
        buffered = buffered.subarray(1 + length);
      }
    });
    upstream.on("data", (d) => client.write(d));
    client.on("close", () => upstream.destroy());
    upstream.on("close", () => client.destroy());
    client.on("error", () => upstream.destroy());
    upstream.on("error", () => client.destroy());
  });
  return new Promise((resolve) =>
    server.listen(0, "127.0.0.1", () => resolve({ port: (server.address() as net.AddressInfo).port, count: () => trips, close: () => server.close() })),
  );
}

/** CPU time (user + system) of a process so far, in ms. */
function cpuMs(pid: number): number {
  const fields = fs.readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1].split(" ");
  const ticks = Number(fields[11]) + Number(fields[12]); // utime, stime (fields 14 and 15)
  return (ticks * 1000) / 100; // USER_HZ = 100 on Linux
}

const factor = options.factors[0];
const database = await options.database(factor);
const setup = createDb(database.url, { max: 2 });
const corr = await setup.selectFrom("app_user").select("beneficiary_id").where("email", "=", demoAccounts.correspondentA).executeTakeFirstOrThrow();
const national = await setup
  .selectFrom("app_user as u")
  .select([
    "u.email",
    (eb) => eb.selectFrom("purchase_order as po").whereRef("po.contractor_id", "=", "u.contractor_id").select(eb.fn.countAll().as("n")).as("n"),
  ])
  .where("u.role", "=", "contractor")
  .where("u.active", "=", true)
  .orderBy("n", "desc")
  .orderBy("u.id")
  .executeTakeFirstOrThrow();
const order = await busiestIssuedOrder(setup, corr.beneficiary_id!);
const declaration = await latestValidatedDeclaration(setup, corr.beneficiary_id!);
await setup.destroy();

const proxy = await countingProxy(new URL(database.url));
const proxied = new URL(database.url);
proxied.port = String(proxy.port);
const profileDir = process.env.BENCH_CPU_PROFILE;
// --cpu-prof is refused in NODE_OPTIONS: startAppServer runs process.execPath, so for a profile it runs a wrapper
// that starts node with it
const node = process.execPath;
if (profileDir) {
  fs.mkdirSync(profileDir, { recursive: true });
  const wrapper = `${profileDir}/node-cpu-prof.sh`;
  fs.writeFileSync(wrapper, `#!/bin/sh\nexec ${node} --cpu-prof --cpu-prof-dir=${profileDir} "$@"\n`, { mode: 0o755 });
  process.execPath = wrapper;
}
const app = await startAppServer(proxied.toString(), options.appPort, 1);
process.execPath = node;
try {
  const cookie = {
    dinum: await signInCookie(app.base, demoAccounts.dinum),
    corr: await signInCookie(app.base, demoAccounts.correspondentA),
    ctr: await signInCookie(app.base, national.email),
  };
  let pages: [string, string, string][] = [
    ["/healthz", "/healthz", ""],
    ["DINUM accueil", "/", cookie.dinum],
    ["DINUM BC", "/commandes", cookie.dinum],
    ["DINUM alertes", "/alertes", cookie.dinum],
    ["DINUM journal", "/journal", cookie.dinum],
    ["DINUM bénéficiaires", "/referentiel/beneficiaires", cookie.dinum],
    ["DINUM contrats", "/referentiel/contrats", cookie.dinum],
    ["DINUM titulaires", "/referentiel/titulaires", cookie.dinum],
    ["corr. accueil", "/", cookie.corr],
    ["corr. BC", "/commandes", cookie.corr],
    ["corr. page BC", `/commandes/${order}`, cookie.corr],
    ["corr. déclarations", "/declarations", cookie.corr],
    ["corr. page décl.", `/declarations/${declaration}`, cookie.corr],
    ["corr. alertes", "/alertes", cookie.corr],
    ["corr. journal", "/journal", cookie.corr],
    ["titulaire nat. accueil", "/", cookie.ctr],
    ["titulaire nat. décl.", "/declarations", cookie.ctr],
    ["corr. BC (données .data)", "/commandes.data", cookie.corr],
  ];
  const only = process.env.BENCH_CPU_PAGES ? new RegExp(process.env.BENCH_CPU_PAGES) : null;
  if (only) pages = pages.filter(([label], i) => i === 0 || only.test(label));
  // like autocannon (and the mixed bench): no Accept-Encoding, so no gzip; BENCH_CPU_GZIP=1 asks for it, as browsers do
  const encoding = process.env.BENCH_CPU_GZIP ? "gzip, deflate, br" : "identity";
  const get = async (path: string, c: string) => {
    const r = await fetch(`${app.base}${path}`, { headers: { "accept-encoding": encoding, ...(c ? { cookie: c } : {}) } });
    const body = await r.arrayBuffer();
    if (!r.ok) throw new Error(`${path} : HTTP ${r.status}`);
    return body.byteLength;
  };
  const bytes = new Map<string, number>();
  for (const [label, path, c] of pages) for (let i = 0; i < 3; i++) bytes.set(label, await get(path, c)); // warm
  console.log(
    `uptime: ${os
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(" ")}`,
  );
  const rows: (string | number)[][] = [];
  let healthCpu = NaN;
  let healthRps = NaN;
  for (const [label, path, c] of pages) {
    const trips0 = proxy.count();
    const cpu0 = cpuMs(app.child.pid!);
    const t0 = performance.now();
    for (let i = 0; i < REQUESTS; i++) await get(path, c);
    const wall = performance.now() - t0;
    const cpu = (cpuMs(app.child.pid!) - cpu0) / REQUESTS;
    const trips = (proxy.count() - trips0) / REQUESTS;
    const rps1 = (REQUESTS * 1000) / wall;
    const r16 = await load(label, `${app.base}${path}`, c || null, { seconds: options.seconds });
    if (label === "/healthz") {
      healthCpu = cpu;
      healthRps = r16.rps;
    }
    rows.push([
      label,
      `${((bytes.get(label) ?? 0) / 1024).toFixed(0)} Ko`,
      cpu.toFixed(2),
      (cpu / healthCpu).toFixed(1),
      trips.toFixed(1),
      rps1.toFixed(0),
      r16.rps.toFixed(0),
      `${((100 * r16.rps) / healthRps).toFixed(0)} %`,
      r16.p50.toFixed(1),
      r16.p95.toFixed(1),
      r16.errors + r16.non2xx,
    ]);
  }
  console.log(
    `uptime: ${os
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(" ")}`,
  );
  console.log(
    table(rows, ["page", "taille", "CPU ms/req", "÷ /healthz", "SQL/req", "req/s 1 conn.", "req/s 16 conn.", "÷ /healthz", "p50 16", "p95 16", "erreurs"]),
  );
} finally {
  await app.stop();
  proxy.close();
  await options.stopAll();
}
