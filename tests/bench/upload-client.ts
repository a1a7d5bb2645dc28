// Child process of the uploads section (tests/bench/uploads.ts): `clients` loops each posting the file to the
// declaration import and waiting for the answer, until stdin closes; then prints its statistics as JSON.
// Apart from the process that measures /healthz, so that building and sending 4.3 Mo bodies does not
// delay the measuring event loop.
import fs from "node:fs";

const [base, cookie, filePath, clientsArg] = process.argv.slice(2);
const file = fs.readFileSync(filePath);
let stopped = false;
process.stdin.on("end", () => (stopped = true)).resume();
const ms: number[] = [];
const statuses: Record<string, number> = {};
const one = async () => {
  while (!stopped) {
    const form = new FormData();
    form.append("intent", "preview");
    form.append("file", new Blob([new Uint8Array(file)]), "bombe.xlsx");
    const t0 = performance.now();
    let status: string;
    try {
      const r = await fetch(`${base}/declarations/import`, { method: "POST", body: form, headers: { Origin: base, Cookie: cookie }, redirect: "manual" });
      await r.arrayBuffer();
      status = String(r.status);
    } catch (e) {
      status = (e as Error).message;
    }
    ms.push(performance.now() - t0);
    statuses[status] = (statuses[status] ?? 0) + 1;
  }
};
await Promise.all(Array.from({ length: Number(clientsArg ?? 3) }, one));
process.stdout.write(JSON.stringify({ ms, statuses }));
