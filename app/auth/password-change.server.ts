// Everyone changes their own password (/compte): the current one first, then the new one twice. Every
// session of the user is revoked in the same transaction (a stolen session ends here); the route then opens a
// new one for the browser that made the change.
import { z } from "zod";
import type { Db } from "../../db/client";
import { recordAudit } from "../domain/audit/audit.server";
import { Refusal } from "../lib/refusal";
import { hashPassword, verifyPassword } from "./password.server";
import { beginPasswordCheck, markSignInSucceeded, PASSWORD_CHANGE_THROTTLED } from "./rate-limit.server";
import { changePasswordSchema, WRONG_CURRENT_PASSWORD } from "./schemas";
import { revokeUserSessions } from "./session.server";
import type { SessionUser } from "./user";

/**
 * Checks the current password, sets the new one and revokes every session of the user (audited). Wrong current
 * passwords are limited like sign-in attempts (per user and per client `address`, rate-limit.server.ts): past the
 * limit, refused (429) without checking the password.
 */
export async function changePassword(db: Db, user: SessionUser, input: z.infer<typeof changePasswordSchema>, address: string): Promise<void> {
  const attempt = await beginPasswordCheck(db, user.id, address);
  if (attempt.blocked) throw new Refusal(PASSWORD_CHANGE_THROTTLED, { status: 429 });
  const passwordHash = await hashPassword(input.password);
  await db.transaction().execute(async (trx) => {
    const row = await trx.selectFrom("app_user").select("password_hash").where("id", "=", user.id).where("active", "=", true).forUpdate().executeTakeFirst();
    if (!row || !(await verifyPassword(input.current, row.password_hash))) {
      throw new Refusal(WRONG_CURRENT_PASSWORD, { fieldErrors: { current: [WRONG_CURRENT_PASSWORD] } });
    }
    await trx.updateTable("app_user").set({ password_hash: passwordHash }).where("id", "=", user.id).execute();
    const revoked = await revokeUserSessions(trx, user.id);
    await recordAudit(trx, { actor: user, entityType: "app_user", entityId: user.id, action: "password_change", after: { sessions_revoked: revoked } });
  });
  await markSignInSucceeded(db, attempt);
}
