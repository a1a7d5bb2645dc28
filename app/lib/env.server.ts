// The configuration: every environment variable the app, server.ts, db/, reports/ and seeds read, in one
// zod schema, checked at boot (server.ts and the command-line tools call env() first) so that a wrong
// value stops the start with the variable and the reason, in French and in English, instead of a
// surprise later. An empty value counts as unset (tests and scripts clear a variable with ""). The code
// reads env(), never process.env; tests-only variables (E2E_*, BENCH_*, FUZZ_RUNS…) stay in the tests.
// One exception, app/db.server.ts: DATABASE_URL there is the URL server.ts chose (possibly the embedded
// server's), handed to the Remix build through the environment after boot.
import { z } from "zod";

const unset = (value: unknown) => (value === "" ? undefined : value);

/** An integer in [min, max], from its decimal text. */
function integer(min: number, max: number, fallback: number) {
  return z.preprocess(
    unset,
    z
      .string()
      .regex(/^\s*-?\d+\s*$/, `nombre entier attendu, de ${min} à ${max} (an integer from ${min} to ${max} is expected)`)
      .transform(Number)
      .pipe(z.number().min(min, `au moins ${min} (at least ${min})`).max(max, `au plus ${max} (at most ${max})`))
      .default(fallback),
  );
}

/** One of the given words. */
function oneOf<const T extends readonly [string, ...string[]]>(values: T, fallback?: T[number]) {
  const list = values.map((v) => `« ${v} »`).join(", ");
  const schema = z.enum(values, { error: `une de ces valeurs est attendue (one of these is expected) : ${list}` });
  return z.preprocess(unset, fallback === undefined ? schema.optional() : schema.default(fallback));
}

/** "1" (on) or "0" (off); unset is off. */
const flag = z
  .preprocess(unset, z.enum(["0", "1"], { error: '« 1 » (oui) ou « 0 » (non) attendu ("1" or "0" is expected)' }).optional())
  .transform((v) => v === "1");

const text = z.preprocess(unset, z.string().optional());

function url(protocols: string[], what: string) {
  return z.preprocess(
    unset,
    z
      .string()
      .refine(
        (v) => URL.canParse(v) && protocols.includes(new URL(v).protocol),
        `${what} attendue, commençant par ${protocols.map((p) => `${p}//`).join(" ou ")} (a ${protocols.map((p) => p.slice(0, -1)).join("/")} URL is expected)`,
      )
      .optional(),
  );
}
const httpUrl = url(["http:", "https:"], "adresse web");

export const envSchema = z.object({
  NODE_ENV: oneOf(["development", "production", "test"], "development"),
  // the database
  DATABASE_URL: url(["postgres:", "postgresql:"], "chaîne de connexion PostgreSQL"),
  PILOTAGE_DATA_DIR: text,
  EMBEDDED_PG_PORT: integer(1, 65535, 54329),
  PILOTAGE_SEED: oneOf(["demo", "reference", "none"], "demo"),
  PG_BIN_DIR: text,
  PILOTAGE_LOG_QUERIES: flag,
  // the HTTP server
  PORT: integer(1, 65535, 3000),
  HOST: z.preprocess(unset, z.string().default("127.0.0.1")),
  WEB_CONCURRENCY: integer(1, 64, 1),
  PILOTAGE_RENDER_CACHE_MB: z.preprocess(
    unset,
    z
      .string()
      .regex(/^\s*\d+(\.\d+)?\s*$/, "nombre de mégaoctets attendu, 0 pour désactiver (a number of megabytes is expected, 0 turns the cache off)")
      .transform(Number)
      .pipe(z.number().max(4096, "au plus 4096 Mo (at most 4096 MB)"))
      .default(64),
  ),
  REMIX_BUILD_DIR: z.preprocess(unset, z.string().default("build")),
  APP_ORIGIN: z.preprocess(
    unset,
    z
      .string()
      .transform((v) =>
        v
          .split(",")
          .map((s) => s.trim())
          .filter(Boolean),
      )
      .refine(
        (origins) => origins.every((o) => URL.canParse(o) && ["http:", "https:"].includes(new URL(o).protocol)),
        "origines séparées par des virgules attendues, comme https://pilotage.numerique.gouv.fr (comma-separated http(s) origins are expected)",
      )
      .default([]),
  ),
  TRUST_PROXY: z.preprocess(
    unset,
    z
      .string()
      .transform((v) => (/^\d+$/.test(v) ? Number(v) : v))
      .optional(),
  ),
  SHUTDOWN_GRACE_MS: integer(0, 600_000, 25_000),
  // sessions
  SESSION_SECRET: z.preprocess(unset, z.string().min(16, "au moins 16 caractères (at least 16 characters)").optional()),
  SESSION_MAX_AGE_HOURS: integer(1, 24 * 365, 12),
  SECURE_COOKIES: oneOf(["true", "false"]),
  PILOTAGE_DEMO: flag,
  // ProConnect (all four required ones, or none)
  PROCONNECT_ISSUER: httpUrl,
  PROCONNECT_CLIENT_ID: text,
  PROCONNECT_CLIENT_SECRET: text,
  PROCONNECT_REDIRECT_URI: httpUrl,
  PROCONNECT_POST_LOGOUT_REDIRECT_URI: httpUrl,
  PROCONNECT_SCOPES: text,
  // e-mail (issue 16): an SMTP server, or none (a local capture server on loopback, messages kept as files)
  SMTP_URL: url(["smtp:", "smtps:"], "adresse de serveur SMTP"),
  SMTP_HOST: text,
  SMTP_PORT: integer(1, 65535, 587),
  SMTP_USER: text,
  SMTP_PASSWORD: text,
  SMTP_SECURE: oneOf(["true", "false"], "false"),
  MAIL_FROM: z.preprocess(unset, z.string().max(320).default("Pilotage UO <ne-pas-repondre@pilotage-uo.numerique.gouv.fr>")),
  MAIL_CAPTURE_DIR: text,
  MAIL_CAPTURE_PORT: integer(0, 65535, 0),
  MAIL_WORKER: oneOf(["0", "1"], "1"),
});

export type Env = z.infer<typeof envSchema>;

const SENSITIVE = /SECRET|DATABASE_URL|SMTP_URL|PASSWORD/;

/** The configuration read from `source`, or an error naming each wrong variable and why. */
export function parseEnv(source: Record<string, string | undefined>): Env {
  const parsed = envSchema.safeParse(source);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => {
      const name = String(i.path[0]);
      const value = source[name];
      // a secret, or a connection string that may hold a password, is not printed
      const shown = value === undefined ? "" : SENSITIVE.test(name) ? " = (valeur masquée / hidden)" : ` = ${JSON.stringify(value)}`;
      return `  - ${name}${shown} : ${i.message}`;
    });
    throw new Error(`Configuration invalide (invalid configuration) :\n${lines.join("\n")}`);
  }
  return parsed.data;
}

let cached: Env | undefined;

/** The process's configuration, validated on the first call (at boot). */
export function env(): Env {
  cached ??= parseEnv(process.env);
  return cached;
}

/** Calls env() at the start of a process; on a wrong value prints why and exits (no stack trace). */
export function checkEnvAtBoot(): Env {
  try {
    return env();
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  }
}

/** The four ProConnect variables: all set switches ProConnect on, a partial set is reported. */
export const PROCONNECT_REQUIRED = ["PROCONNECT_ISSUER", "PROCONNECT_CLIENT_ID", "PROCONNECT_CLIENT_SECRET", "PROCONNECT_REDIRECT_URI"] as const;

/** Production without the demo flag: the real secret and Secure cookies are required. */
function strictProduction(): boolean {
  return env().NODE_ENV === "production" && !env().PILOTAGE_DEMO;
}

export function sessionSecret(): string {
  // A development default keeps the two-command setup; production must set its own.
  const secret = env().SESSION_SECRET;
  if (secret) return secret;
  if (strictProduction()) {
    throw new Error("SESSION_SECRET est obligatoire en production (hors mode démo).");
  }
  return "pilotage-uo-demo-secret-not-for-production";
}

export function secureCookies(): boolean {
  const flag = env().SECURE_COOKIES;
  if (flag) return flag === "true";
  return strictProduction();
}

/** The public address of the app, for the links in e-mails: the first APP_ORIGIN, else this machine's port. */
export function appUrl(): string {
  return env().APP_ORIGIN[0]?.replace(/\/$/, "") ?? `http://localhost:${env().PORT}`;
}
