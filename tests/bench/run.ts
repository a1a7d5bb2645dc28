// npm run bench [-- --only http,export,submit,uploads,mixed,profile --seconds 10 --factors 1,2 --workers 1,2 --render-cache-off yes|no]
// Prints figures and ratios measured in the same run; never pass/fail on time (shared, noisy machines).
// BENCH_DATA (default .data) holds the scaled databases; BENCH_PORT_BASE (default 55800) their ports,
// so that two people (or agents) benchmarking on one machine do not share a PostgreSQL data directory.
import os from "node:os";
import { benchOptions } from "./lib";
import { runHttp } from "./http";

const options = benchOptions(process.argv);

console.log(`Pilotage UO — benchmark, ${new Date().toISOString()}`);
console.log(
  `Machine : ${os.cpus().length} cœurs (${os.cpus()[0]?.model ?? "?"}), ${(os.totalmem() / 2 ** 30).toFixed(0)} Gio, Node ${process.version}, ${os.platform()} ${os.release()}`,
);

if (options.sections.includes("export")) {
  const { runExport } = await import("./export");
  await runExport(options);
}
if (options.sections.includes("http")) await runHttp(options);
if (options.sections.includes("submit")) {
  const { runSubmit } = await import("./submit");
  await runSubmit(options);
}
if (options.sections.includes("mixed")) {
  const { runMixed } = await import("./mixed");
  await runMixed(options);
}
if (options.sections.includes("profile")) {
  const { runProfile } = await import("./profile");
  await runProfile(options);
}
if (options.sections.includes("uploads")) {
  const { runUploads } = await import("./uploads");
  await runUploads(options);
}
await options.stopAll();
