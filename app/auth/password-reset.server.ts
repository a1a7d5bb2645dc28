// Forgotten password (issue 16): a single-use link valid one hour, its token stored hashed (SHA-256, like
// sessions); the same answer whether the address exists or not; requests rate-limited like sign-in (per
// address typed and per client address, SIGN_IN_LIMITS); using it sets the password and revokes every
// session of the user. The e-mail goes through the outbox (a security message: always sent at once), its
// link kept encrypted until sent (notifications/secret.server.ts).
import { createHash, randomBytes } from "node:crypto";
import { sql } from "kysely";
import type { Db } from "../../db/client";
import { recordAudit } from "../domain/audit/audit.server";
import { enqueue } from "../domain/notifications/outbox.server";
import { SECRET_PLACEHOLDER } from "../domain/notifications/secret.server";
import { Refusal } from "../lib/refusal";
import { hashPassword } from "./password.server";
import { keptSince, limitKeys, limitWindow, overLimits, SIGN_IN_LIMITS } from "./rate-limit.server";
import { revokeUserSessions } from "./session.server";
import { RESET_LINK_INVALID } from "./schemas";

export const RESET_VALID_MINUTES = 60;

export const RESET_REQUESTED =
  "Si un compte actif correspond à cette adresse, un courriel vient d'y être envoyé avec un lien pour choisir un nouveau mot de passe. Ce lien est valable une heure et ne sert qu'une fois. Pensez à regarder dans vos indésirables.";

export const RESET_THROTTLED = `Trop de demandes de réinitialisation. Par sécurité, les demandes pour cette adresse ou depuis votre poste sont suspendues pendant ${SIGN_IN_LIMITS.windowMinutes} minutes. Réessayez plus tard.`;

const hashToken = (token: string) => createHash("sha256").update(token).digest("hex");

/** Asks for a reset link: `throttled`, or done (whether or not the address is an active account's). */
export async function requestPasswordReset(db: Db, input: { email: string; address: string }): Promise<{ throttled: boolean }> {
  const { email, address } = limitKeys(input.email, input.address);
  return db.transaction().execute(async (trx) => {
    await trx.insertInto("password_reset_request").values({ email, address }).execute();
    const window = limitWindow();
    const counts = await trx
      .selectNoFrom((eb) => [
        eb
          .selectFrom("password_reset_request")
          .select((e) => e.fn.countAll<string>().as("n"))
          .where("email", "=", email)
          .where("requested_at", ">", window)
          .as("account"),
        eb
          .selectFrom("password_reset_request")
          .select((e) => e.fn.countAll<string>().as("n"))
          .where("address", "=", address)
          .where("requested_at", ">", window)
          .as("address"),
      ])
      .executeTakeFirstOrThrow();
    // requests are personal data: a day of them is kept
    await trx.deleteFrom("password_reset_request").where("requested_at", "<", keptSince()).execute();
    if (overLimits(counts)) return { throttled: true };
    const user = await trx
      .selectFrom("app_user")
      .select(["id", "email", "role", "name"])
      .where("email", "=", email)
      .where("active", "=", true)
      .executeTakeFirst();
    if (!user) return { throttled: false };
    const token = randomBytes(32).toString("base64url");
    const { id } = await trx
      .insertInto("password_reset")
      .values({ user_id: user.id, token_hash: hashToken(token), expires_at: sql<Date>`now() + make_interval(mins => ${RESET_VALID_MINUTES})` })
      .returning("id")
      .executeTakeFirstOrThrow();
    await enqueue(trx, {
      kind: "password_reset",
      recipients: [user],
      eventKey: `password_reset:r${id}`,
      secret: token,
      content: {
        subject: "Pilotage UO : choisir un nouveau mot de passe",
        paragraphs: [
          `Une demande de nouveau mot de passe a été faite pour votre compte Pilotage UO (${user.email}).`,
          "Le lien ci-dessous est valable une heure et ne sert qu'une fois ; l'utiliser ferme toutes vos sessions ouvertes.",
          "Si vous n'êtes pas à l'origine de cette demande, ignorez ce message : votre mot de passe actuel reste valable.",
        ],
        link: `/mot-de-passe/nouveau?jeton=${SECRET_PLACEHOLDER}`,
        linkLabel: "Choisir un nouveau mot de passe",
      },
    });
    return { throttled: false };
  });
}

/** Whether a link's token can still be used (the page shows the form, or says the link is no longer valid). */
export async function resetTokenUsable(db: Db, token: string): Promise<boolean> {
  if (token.length < 20 || token.length > 200) return false;
  const row = await db
    .selectFrom("password_reset as r")
    .innerJoin("app_user as u", "u.id", "r.user_id")
    .select("r.id")
    .where("r.token_hash", "=", hashToken(token))
    .where("r.used_at", "is", null)
    .where("r.expires_at", ">", sql<Date>`now()`)
    .where("u.active", "=", true)
    .executeTakeFirst();
  return !!row;
}

/** Sets the new password with a valid token (used once), revokes every session of the user, records it. */
export async function resetPassword(db: Db, input: { token: string; password: string }): Promise<{ userId: number }> {
  const passwordHash = await hashPassword(input.password);
  return db.transaction().execute(async (trx) => {
    const row = await trx
      .selectFrom("password_reset as r")
      .innerJoin("app_user as u", "u.id", "r.user_id")
      .select(["r.id", "u.id as userId", "u.name", "u.role"])
      .where("r.token_hash", "=", hashToken(input.token))
      .where("r.used_at", "is", null)
      .where("r.expires_at", ">", sql<Date>`now()`)
      .where("u.active", "=", true)
      .forUpdate("r")
      .executeTakeFirst();
    if (!row) throw new Refusal(RESET_LINK_INVALID, { status: 400 });
    await trx
      .updateTable("password_reset")
      .set({ used_at: sql`now()` })
      .where("user_id", "=", row.userId)
      .where("used_at", "is", null)
      .execute();
    await trx.updateTable("app_user").set({ password_hash: passwordHash }).where("id", "=", row.userId).execute();
    await revokeUserSessions(trx, row.userId);
    await recordAudit(trx, {
      actor: { id: row.userId, name: row.name, role: row.role },
      entityType: "app_user",
      entityId: row.userId,
      action: "password_reset",
      after: { sessions_revoked: true },
    });
    return { userId: row.userId };
  });
}
