// Section being written (issue 8).
import type { BenchOptions } from "./lib";

export async function runExport(_options: BenchOptions): Promise<void> {
  console.log("\n(section export : pas encore écrite)");
}
