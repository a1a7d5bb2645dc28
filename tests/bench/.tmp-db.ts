import { scaledDatabase } from "/work/wt/perf/tests/bench/lib";
const factor = Number(process.argv[2] ?? 1);
const d = await scaledDatabase(factor, 55850 + factor, "/work/wt/perf/.data");
console.log("READY", d.url);
process.on("SIGTERM", async () => { await d.server?.stop(); process.exit(0); });
setInterval(() => {}, 1 << 30);
