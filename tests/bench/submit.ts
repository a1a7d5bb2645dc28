// Section being written (issue 8).
import type { BenchOptions } from "./lib";

export async function runSubmit(_options: BenchOptions): Promise<void> {
  console.log("\n(section submit : pas encore écrite)");
}
