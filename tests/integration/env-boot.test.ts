// The configuration is checked at boot (app/lib/env.server.ts): a wrong value stops `npm run serve` and
// the command-line tools before anything starts (no PostgreSQL, no port), naming the variable and why.
import { execFile } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";

function run(script: string, env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, ["--import", "tsx", script], { env: { ...process.env, DATABASE_URL: "", ...env }, timeout: 60_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === "number" ? error.code : null) : 0, output: stdout + stderr });
    });
  });
}

describe("a wrong configuration at boot", () => {
  it("stops the server at once with each wrong variable and why, before starting PostgreSQL", { timeout: 90_000 }, async () => {
    const dataDir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "pilotage-env-")), "postgres");
    const { code, output } = await run("server.ts", {
      PORT: "trois-mille",
      WEB_CONCURRENCY: "0",
      PILOTAGE_RENDER_CACHE_MB: "beaucoup",
      SESSION_MAX_AGE_HOURS: "-2",
      PILOTAGE_SEED: "demos",
      PILOTAGE_DATA_DIR: dataDir,
      EMBEDDED_PG_PORT: "55498",
    });
    expect(code).toBe(1);
    expect(output).toContain("Configuration invalide (invalid configuration)");
    expect(output).toContain('PORT = "trois-mille" : nombre entier attendu, de 1 à 65535 (an integer from 1 to 65535 is expected)');
    expect(output).toContain('WEB_CONCURRENCY = "0" : au moins 1 (at least 1)');
    expect(output).toContain('PILOTAGE_RENDER_CACHE_MB = "beaucoup" : nombre de mégaoctets attendu');
    expect(output).toContain('SESSION_MAX_AGE_HOURS = "-2" : au moins 1');
    expect(output).toContain('PILOTAGE_SEED = "demos" : une de ces valeurs est attendue');
    expect(output).not.toMatch(/\n\s+at /); // a message, not a stack trace
    expect(fs.existsSync(dataDir)).toBe(false); // nothing was started
  });

  it("stops a command-line tool the same way", { timeout: 90_000 }, async () => {
    const { code, output } = await run("db/cli/migrate.ts", { DATABASE_URL: "mysql://localhost/pilotage" });
    expect(code).toBe(1);
    expect(output).toContain("DATABASE_URL = (valeur masquée / hidden) : chaîne de connexion PostgreSQL attendue");
  });
});
