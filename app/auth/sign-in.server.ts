import type { Executor } from "../../db/client";
import { verifyPassword } from "./password.server";
import { beginSignInAttempt, markSignInSucceeded, SIGN_IN_THROTTLED } from "./rate-limit.server";

/** The same answer for an unknown account, a wrong password or a deactivated user: no enumeration. */
export const SIGN_IN_FAILED = "Adresse électronique ou mot de passe incorrect, ou compte désactivé.";

export async function authenticate(db: Executor, email: string, password: string): Promise<number | null> {
  const user = await db.selectFrom("app_user").select(["id", "password_hash", "active"]).where("email", "=", email).executeTakeFirst();
  const ok = await verifyPassword(password, user?.password_hash ?? null);
  return ok && user && user.active ? user.id : null;
}

export type SignInResult = { ok: true; userId: number } | { ok: false; status: 401 | 429; message: string };

/**
 * Password sign-in, rate-limited per account and per address (rate-limit.server.ts). Every refusal
 * says the same thing whether the account exists or not.
 */
export async function signInWithPassword(db: Executor, input: { email: string; password: string; address: string }): Promise<SignInResult> {
  const attempt = await beginSignInAttempt(db, input.email, input.address);
  if (attempt.blocked) return { ok: false, status: 429, message: SIGN_IN_THROTTLED };
  const userId = await authenticate(db, input.email, input.password);
  if (!userId) return { ok: false, status: 401, message: SIGN_IN_FAILED };
  await markSignInSucceeded(db, attempt);
  return { ok: true, userId };
}

/** Only same-site relative paths, never "//host" or a scheme. */
export function safeRedirect(to: string | undefined | null, fallback = "/"): string {
  if (!to || !to.startsWith("/") || to.startsWith("//") || to.startsWith("/\\")) return fallback;
  return to;
}
