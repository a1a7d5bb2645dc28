// Environment, validated once at boot with French messages.
import { z } from "zod";

const schema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  SESSION_SECRET: z.string().min(16, "SESSION_SECRET doit faire au moins 16 caractères").optional(),
  SESSION_MAX_AGE_HOURS: z.coerce.number().int().positive().default(12),
  SECURE_COOKIES: z.enum(["true", "false"]).optional(),
});

export type Env = z.infer<typeof schema>;

let cached: Env | undefined;

export function env(): Env {
  if (!cached) {
    const parsed = schema.safeParse(process.env);
    if (!parsed.success) {
      throw new Error(`Configuration invalide : ${parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`);
    }
    cached = parsed.data;
  }
  return cached;
}

export function sessionSecret(): string {
  // A development default keeps the two-command setup; production must set its own.
  const secret = env().SESSION_SECRET;
  if (secret) return secret;
  if (env().NODE_ENV === "production" && process.env.PILOTAGE_DEMO !== "1") {
    throw new Error("SESSION_SECRET est obligatoire en production (hors mode démo).");
  }
  return "pilotage-uo-demo-secret-not-for-production";
}

export function secureCookies(): boolean {
  const flag = env().SECURE_COOKIES;
  if (flag) return flag === "true";
  return env().NODE_ENV === "production" && process.env.PILOTAGE_DEMO !== "1";
}
