import { z } from "zod";
import type { Executor } from "../../db/client";
import { verifyPassword } from "./password.server";

export const signInSchema = z.object({
  email: z.string({ error: "Saisissez votre adresse électronique." }).trim().toLowerCase()
    .min(1, "Saisissez votre adresse électronique.").max(254, "Adresse électronique trop longue.")
    .email("Saisissez une adresse électronique valide, par exemple nom@exemple.gouv.fr."),
  password: z.string({ error: "Saisissez votre mot de passe." }).min(1, "Saisissez votre mot de passe.").max(200, "Mot de passe trop long."),
  redirectTo: z.string().optional(),
});

/** The same answer for an unknown account, a wrong password or a deactivated user: no enumeration. */
export const SIGN_IN_FAILED = "Adresse électronique ou mot de passe incorrect, ou compte désactivé.";

export async function authenticate(db: Executor, email: string, password: string): Promise<number | null> {
  const user = await db.selectFrom("app_user").select(["id", "password_hash", "active"]).where("email", "=", email).executeTakeFirst();
  const ok = await verifyPassword(password, user?.password_hash ?? null);
  return ok && user && user.active ? user.id : null;
}

/** Only same-site relative paths, never "//host" or a scheme. */
export function safeRedirect(to: string | undefined | null, fallback = "/"): string {
  if (!to || !to.startsWith("/") || to.startsWith("//") || to.startsWith("/\\")) return fallback;
  return to;
}
