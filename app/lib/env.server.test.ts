import { describe, expect, it } from "vitest";
import { parseEnv } from "./env.server";

/** The message of the error parseEnv throws, or null when the values are accepted. */
function refusal(source: Record<string, string>): string | null {
  try {
    parseEnv(source);
    return null;
  } catch (error) {
    return (error as Error).message;
  }
}

describe("configuration at boot", () => {
  it("has the documented defaults when nothing is set, and counts an empty value as unset", () => {
    const defaults = parseEnv({});
    expect(defaults).toMatchObject({
      NODE_ENV: "development",
      PORT: 3000,
      HOST: "127.0.0.1",
      WEB_CONCURRENCY: 1,
      PILOTAGE_RENDER_CACHE_MB: 64,
      EMBEDDED_PG_PORT: 54329,
      PILOTAGE_SEED: "demo",
      SESSION_MAX_AGE_HOURS: 12,
      SHUTDOWN_GRACE_MS: 25_000,
      REMIX_BUILD_DIR: "build",
      APP_ORIGIN: [],
      PILOTAGE_DEMO: false,
      PILOTAGE_LOG_QUERIES: false,
    });
    expect(defaults.DATABASE_URL).toBeUndefined();
    expect(defaults.SESSION_SECRET).toBeUndefined();
    expect(defaults.SECURE_COOKIES).toBeUndefined();
    expect(defaults.TRUST_PROXY).toBeUndefined();
    // what the test helpers and the e2e config pass to clear a variable
    expect(parseEnv({ DATABASE_URL: "", PORT: "", PILOTAGE_DEMO: "", PILOTAGE_SEED: "" })).toEqual(defaults);
  });

  it("reads good values with their types", () => {
    const config = parseEnv({
      NODE_ENV: "production",
      DATABASE_URL: "postgresql://pilotage:secret@db.interne:5432/pilotage",
      PORT: "8080",
      HOST: "0.0.0.0",
      WEB_CONCURRENCY: "2",
      PILOTAGE_RENDER_CACHE_MB: "0.5",
      EMBEDDED_PG_PORT: "55416",
      PILOTAGE_SEED: "none",
      SESSION_SECRET: "un-secret-de-plus-de-seize-caracteres",
      SESSION_MAX_AGE_HOURS: "8",
      SECURE_COOKIES: "false",
      PILOTAGE_DEMO: "1",
      APP_ORIGIN: "https://pilotage.numerique.gouv.fr, http://localhost:3000",
      TRUST_PROXY: "1",
      SHUTDOWN_GRACE_MS: "0",
      PILOTAGE_LOG_QUERIES: "1",
      PROCONNECT_ISSUER: "https://auth.agentconnect.gouv.fr/api/v2",
      PROCONNECT_REDIRECT_URI: "https://pilotage.numerique.gouv.fr/connexion/proconnect/retour",
    });
    expect(config).toMatchObject({
      NODE_ENV: "production",
      PORT: 8080,
      WEB_CONCURRENCY: 2,
      PILOTAGE_RENDER_CACHE_MB: 0.5,
      EMBEDDED_PG_PORT: 55416,
      PILOTAGE_SEED: "none",
      SESSION_MAX_AGE_HOURS: 8,
      SECURE_COOKIES: "false",
      PILOTAGE_DEMO: true,
      APP_ORIGIN: ["https://pilotage.numerique.gouv.fr", "http://localhost:3000"],
      TRUST_PROXY: 1,
      SHUTDOWN_GRACE_MS: 0,
      PILOTAGE_LOG_QUERIES: true,
    });
    expect(parseEnv({ PILOTAGE_RENDER_CACHE_MB: "0" }).PILOTAGE_RENDER_CACHE_MB).toBe(0);
    expect(parseEnv({ TRUST_PROXY: "loopback" }).TRUST_PROXY).toBe("loopback");
    // variables the app does not read are left out, not refused
    expect(parseEnv({ PATH: "/usr/bin", FUZZ_RUNS: "3" })).not.toHaveProperty("PATH");
  });

  it.each([
    ["PORT", "abc", "nombre entier attendu, de 1 à 65535"],
    ["PORT", "70000", "au plus 65535"],
    ["PORT", "80.5", "nombre entier attendu"],
    ["WEB_CONCURRENCY", "0", "au moins 1"],
    ["WEB_CONCURRENCY", "deux", "nombre entier attendu"],
    ["PILOTAGE_RENDER_CACHE_MB", "-1", "nombre de mégaoctets attendu"],
    ["PILOTAGE_RENDER_CACHE_MB", "64Mo", "nombre de mégaoctets attendu"],
    ["SESSION_MAX_AGE_HOURS", "0", "au moins 1"],
    ["SESSION_MAX_AGE_HOURS", "1.5", "nombre entier attendu"],
    ["PILOTAGE_SEED", "demos", "« demo », « reference », « none »"],
    ["NODE_ENV", "prod", "« development », « production », « test »"],
    ["SECURE_COOKIES", "oui", "« true », « false »"],
    ["PILOTAGE_DEMO", "true", "« 1 » (oui) ou « 0 » (non)"],
    ["PILOTAGE_LOG_QUERIES", "yes", "« 1 » (oui) ou « 0 » (non)"],
    ["EMBEDDED_PG_PORT", "0", "au moins 1"],
    ["SHUTDOWN_GRACE_MS", "-5", "au moins 0"],
    ["APP_ORIGIN", "pilotage.numerique.gouv.fr", "origines séparées par des virgules"],
    ["PROCONNECT_ISSUER", "auth.agentconnect.gouv.fr", "adresse web attendue"],
    ["PROCONNECT_REDIRECT_URI", "/connexion/proconnect/retour", "adresse web attendue"],
  ])("refuses %s=%s, naming the variable, its value and why", (name, value, why) => {
    const message = refusal({ [name]: value });
    expect(message).toContain("Configuration invalide");
    expect(message).toContain(`${name} = ${JSON.stringify(value)} : `);
    expect(message).toContain(why);
    // and says it in English too
    expect(message).toMatch(/\((an integer|at (least|most)|one of these|"1" or "0"|a number of megabytes|a postgres|comma-separated|a http)/);
  });

  it("lists every wrong variable at once, and never prints a secret or a connection string", () => {
    const message = refusal({
      PORT: "x",
      WEB_CONCURRENCY: "0",
      SESSION_SECRET: "trop-court",
      PILOTAGE_SEED: "tout",
      DATABASE_URL: "mysql://admin:motdepasse@db/pilotage",
    })!;
    expect(
      message
        .split("\n")
        .filter((l) => l.startsWith("  - "))
        .map((l) => l.slice(4).split(" ")[0])
        .sort(),
    ).toEqual(["DATABASE_URL", "PILOTAGE_SEED", "PORT", "SESSION_SECRET", "WEB_CONCURRENCY"]);
    expect(message).toContain("SESSION_SECRET = (valeur masquée / hidden) : au moins 16 caractères (at least 16 characters)");
    expect(message).toContain(
      "DATABASE_URL = (valeur masquée / hidden) : chaîne de connexion PostgreSQL attendue, commençant par postgres:// ou postgresql://",
    );
    expect(message).not.toContain("trop-court");
    expect(message).not.toContain("motdepasse");
    expect(refusal({ DATABASE_URL: "localhost:5432" })).toContain("chaîne de connexion PostgreSQL attendue");
  });
});
