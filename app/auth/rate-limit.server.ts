// Sign-in attempts are rate-limited per account (the email typed, known or not, so the limit reveals
// nothing) and per client address. The attempt is recorded BEFORE the password is checked, so parallel
// guesses count against each other.
import { sql } from "kysely";
import type { Executor } from "../../db/client";

export const SIGN_IN_LIMITS = {
  windowMinutes: 15,
  /** failed attempts per account in the window (since its last success) before it is locked */
  perAccount: 5,
  /** failed attempts per address in the window before it is locked */
  perAddress: 30,
} as const;

export const SIGN_IN_THROTTLED = `Trop de tentatives de connexion. Par sécurité, les connexions à ce compte ou depuis votre adresse sont suspendues pendant ${SIGN_IN_LIMITS.windowMinutes} minutes. Réessayez plus tard ; en cas de besoin, contactez l'équipe Pilotage UO.`;

/** What a limit counts by: the e-mail typed (folded as accounts store it, known or not) and the client's address. */
export function limitKeys(email: string, address: string): { email: string; address: string } {
  return { email: email.trim().toLowerCase().slice(0, 320), address: (address || "inconnue").slice(0, 100) };
}

/** Since when the limits count (SIGN_IN_LIMITS.windowMinutes ago). */
export const limitWindow = () => sql<Date>`now() - make_interval(mins => ${SIGN_IN_LIMITS.windowMinutes})`;

/** More than the limits allow in the window, per account or per address. */
export const overLimits = (counts: { account: string | null; address: string | null }) =>
  Number(counts.account) > SIGN_IN_LIMITS.perAccount || Number(counts.address) > SIGN_IN_LIMITS.perAddress;

/** Attempts and requests are personal data: a day of them is kept. */
export const keptSince = () => sql<Date>`now() - interval '1 day'`;

export interface Attempt {
  id: string;
  blocked: boolean;
}

/** Records an attempt as a failure (until proven otherwise) and says whether it must be refused. */
export async function beginSignInAttempt(db: Executor, email: string, address: string): Promise<Attempt> {
  const { email: key, address: addr } = limitKeys(email, address);
  const { id } = await db.insertInto("sign_in_attempt").values({ email: key, address: addr, outcome: "failure" }).returning("id").executeTakeFirstOrThrow();
  const window = limitWindow();
  const counts = await db
    .selectNoFrom((eb) => [
      eb
        .selectFrom("sign_in_attempt")
        .select((e) => e.fn.countAll<string>().as("n"))
        .where("email", "=", key)
        .where("outcome", "=", "failure")
        .where("attempted_at", ">", window)
        .where(
          "attempted_at",
          ">",
          sql<Date>`coalesce((SELECT max(s.attempted_at) FROM sign_in_attempt s WHERE s.email = ${key} AND s.outcome = 'success'), '-infinity')`,
        )
        .as("account"),
      eb
        .selectFrom("sign_in_attempt")
        .select((e) => e.fn.countAll<string>().as("n"))
        .where("address", "=", addr)
        .where("outcome", "=", "failure")
        .where("attempted_at", ">", window)
        .as("address"),
    ])
    .executeTakeFirstOrThrow();
  const blocked = overLimits(counts);
  if (blocked) await db.updateTable("sign_in_attempt").set({ outcome: "blocked" }).where("id", "=", id).execute();
  // attempts are personal data: keep a day of them
  if (Number(id) % 50 === 0) await db.deleteFrom("sign_in_attempt").where("attempted_at", "<", keptSince()).execute();
  return { id, blocked };
}

export async function markSignInSucceeded(db: Executor, attempt: Attempt): Promise<void> {
  await db.updateTable("sign_in_attempt").set({ outcome: "success" }).where("id", "=", attempt.id).execute();
}

export const PASSWORD_CHANGE_THROTTLED = `Trop de mots de passe actuels erronés. Par sécurité, le changement de mot de passe de votre compte est suspendu pendant ${SIGN_IN_LIMITS.windowMinutes} minutes : rien n'a été changé. Réessayez plus tard ; si vous avez oublié votre mot de passe, déconnectez-vous et utilisez « Mot de passe oublié ? ».`;

/**
 * A check of the current password on /compte (the password change) counts like a sign-in attempt, under its own
 * key per user (not the e-mail: guessing there must not lock the account's sign-in) and against the same
 * per-address limit: a stolen session cannot try passwords faster than the sign-in page allows. Recorded before
 * the check, outside the use case's transaction (a refusal rolls that back).
 */
export function beginPasswordCheck(db: Executor, userId: number, address: string): Promise<Attempt> {
  return beginSignInAttempt(db, `password-change:${userId}`, address);
}
