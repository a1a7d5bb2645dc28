// Forgotten password (issue 16): the link arrives through a real SMTP conversation (smtp-server on a loopback
// port, read with mailparser); the token is stored hashed and never in clear in the outbox; one use, one hour;
// the same answer for an unknown address; requests rate-limited like sign-in; every session revoked.
import { createHash } from "node:crypto";
import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import { authenticate } from "../../app/auth/sign-in.server";
import { requestPasswordReset, resetPassword, resetTokenUsable } from "../../app/auth/password-reset.server";
import { RESET_LINK_INVALID } from "../../app/auth/schemas";
import { SIGN_IN_LIMITS } from "../../app/auth/rate-limit.server";
import { createSession } from "../../app/auth/session.server";
import { useTestDatabase } from "../helpers/db";
import { useTestMail } from "../helpers/smtp";

const t = await useTestDatabase();
const { contractorB } = t.actors;
const { smtp } = await useTestMail(t.url);

const tokenOf = (text: string) => /\/mot-de-passe\/nouveau\?jeton=([\w-]+)/.exec(text)?.[1] ?? null;

describe("forgotten password", () => {
  it("sends a single-use link whose token is stored hashed and never in clear; using it sets the password and closes every session", async () => {
    await createSession(t.db, contractorB.id);
    const before = smtp.to(contractorB.email).length;
    expect(await requestPasswordReset(t.db, { email: contractorB.email.toUpperCase(), address: "10.0.0.1" })).toEqual({ throttled: false });
    const outbox = await t.db
      .selectFrom("notification")
      .selectAll()
      .where("kind", "=", "password_reset")
      .where("user_id", "=", contractorB.id)
      .executeTakeFirstOrThrow();
    expect(outbox.body_text).toContain("jeton={{secret}}");
    expect(outbox.secret).not.toBeNull();
    await smtp.waitFor(() => smtp.to(contractorB.email).length === before + 1);
    const mail = smtp.to(contractorB.email).at(-1)!;
    expect(mail.subject).toBe("Pilotage UO : choisir un nouveau mot de passe");
    const token = tokenOf(mail.text)!;
    expect(token).toMatch(/^[\w-]{40,}$/);
    expect(mail.html).toContain(`jeton=${token}`);
    expect(mail.text).toContain("Ce message de sécurité est toujours envoyé.");
    // the database holds its hash only; the sent message's encrypted copy is erased
    const stored = await t.db.selectFrom("password_reset").selectAll().where("user_id", "=", contractorB.id).execute();
    expect(stored.map((r) => r.token_hash)).toEqual([createHash("sha256").update(token).digest("hex")]);
    const sent = await t.db
      .selectFrom("notification")
      .select(["status", "secret", "body_text", "body_html"])
      .where("id", "=", outbox.id)
      .executeTakeFirstOrThrow();
    expect(sent.status).toBe("sent");
    expect(sent.secret).toBeNull();
    expect(JSON.stringify(sent)).not.toContain(token);
    // one hour
    const { minutes } = await t.db
      .selectFrom("password_reset")
      .select(sql<number>`round(extract(epoch from expires_at - created_at) / 60)::int`.as("minutes"))
      .where("user_id", "=", contractorB.id)
      .executeTakeFirstOrThrow();
    expect(minutes).toBe(60);

    expect(await resetTokenUsable(t.db, token)).toBe(true);
    await resetPassword(t.db, { token, password: "un-nouveau-mot-de-passe" });
    expect(await authenticate(t.db, contractorB.email, "un-nouveau-mot-de-passe")).toBe(contractorB.id);
    const open = await t.db.selectFrom("user_session").select("id").where("user_id", "=", contractorB.id).where("revoked_at", "is", null).execute();
    expect(open).toEqual([]);
    // once only
    expect(await resetTokenUsable(t.db, token)).toBe(false);
    await expect(resetPassword(t.db, { token, password: "encore-un-autre-mot" })).rejects.toThrow(RESET_LINK_INVALID);
    expect(await authenticate(t.db, contractorB.email, "encore-un-autre-mot")).toBeNull();
  });

  it("an expired link is refused", async () => {
    const before = smtp.to(contractorB.email).length;
    await requestPasswordReset(t.db, { email: contractorB.email, address: "10.0.0.2" });
    await smtp.waitFor(() => smtp.to(contractorB.email).length === before + 1);
    const token = tokenOf(smtp.to(contractorB.email).at(-1)!.text)!;
    await t.db
      .updateTable("password_reset")
      .set({ expires_at: sql`now() - interval '1 second'` })
      .where("used_at", "is", null)
      .execute();
    expect(await resetTokenUsable(t.db, token)).toBe(false);
    await expect(resetPassword(t.db, { token, password: "un-mot-de-passe-tardif" })).rejects.toThrow(RESET_LINK_INVALID);
  });

  it("an unknown address gets the same answer and no message", async () => {
    const rows = async () =>
      Number(
        (
          await t.db
            .selectFrom("notification")
            .select((eb) => eb.fn.countAll<string>().as("n"))
            .where("kind", "=", "password_reset")
            .executeTakeFirstOrThrow()
        ).n,
      );
    const count = await rows();
    expect(await requestPasswordReset(t.db, { email: "personne@exemple.gouv.fr", address: "10.0.0.3" })).toEqual({ throttled: false });
    expect(await rows()).toBe(count);
  });

  it("is rate-limited like sign-in: per address typed and per client address", async () => {
    const email = "limite@exemple.gouv.fr";
    for (let i = 0; i < SIGN_IN_LIMITS.perAccount; i++) expect((await requestPasswordReset(t.db, { email, address: `10.1.0.${i}` })).throttled).toBe(false);
    expect((await requestPasswordReset(t.db, { email, address: "10.1.1.1" })).throttled).toBe(true);
    for (let i = 0; i < SIGN_IN_LIMITS.perAddress; i++) await requestPasswordReset(t.db, { email: `n${i}@exemple.gouv.fr`, address: "10.2.0.1" });
    expect((await requestPasswordReset(t.db, { email: contractorB.email, address: "10.2.0.1" })).throttled).toBe(true);
  });
});
