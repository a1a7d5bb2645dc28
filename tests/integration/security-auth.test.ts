// Session and sign-in hardening (issue 7): rate limit per account and per address, no account
// enumeration, session id rotated at sign-in, revoked at sign-out and on deactivation, idle and absolute
// expiry. Through the real sign-in route action where it matters, on a real PostgreSQL.
import { beforeAll, describe, expect, it } from "vitest";
import { sql } from "kysely";
import { useTestDatabase, accounts } from "../helpers/db";
import { createSession, getSessionUser, destroySession, revokeUserSessions, startSession } from "../../app/auth/session.server";
import { signInWithPassword, SIGN_IN_FAILED } from "../../app/auth/sign-in.server";
import { SIGN_IN_LIMITS, SIGN_IN_THROTTLED } from "../../app/auth/rate-limit.server";
import { DEMO_PASSWORD } from "../../seeds/accounts";

const PASSWORD = DEMO_PASSWORD;
const t = await useTestDatabase({ routes: true });
let signInAction: (args: { request: Request; context: object; params: object }) => Promise<Response>;

beforeAll(async () => {
  signInAction = (await import("../../app/routes/connexion")).action as never;
});
const cookieOf = (setCookie: string) => setCookie.split(";")[0];
const requestWithCookie = (cookie: string | null) => new Request("http://localhost/", { headers: cookie ? { Cookie: cookie } : {} });

function signInRequest(email: string, password: string, cookie?: string) {
  const body = new URLSearchParams({ email, password, redirectTo: "/" });
  const headers: Record<string, string> = { "Content-Type": "application/x-www-form-urlencoded" };
  if (cookie) headers.Cookie = cookie;
  return new Request("http://localhost/connexion", { method: "POST", body, headers });
}

async function postSignIn(email: string, password: string, address: string, cookie?: string) {
  return signInAction({ request: signInRequest(email, password, cookie), context: { clientAddress: address }, params: {} });
}

describe("sign-in rate limit", () => {
  it(`locks an account after ${SIGN_IN_LIMITS.perAccount} failures, even for the right password, with a clear message`, async () => {
    const address = "10.0.0.1";
    for (let i = 0; i < SIGN_IN_LIMITS.perAccount; i++) {
      const r = await postSignIn(accounts.contractorB, "mauvais-mot-de-passe", address);
      expect(r.status).toBe(401);
      expect((await r.json()).error).toBe(SIGN_IN_FAILED);
    }
    const locked = await postSignIn(accounts.contractorB, PASSWORD, address);
    expect(locked.status).toBe(429);
    expect(locked.headers.get("Retry-After")).toBe("900");
    expect((await locked.json()).error).toBe(SIGN_IN_THROTTLED);
    expect(SIGN_IN_THROTTLED).toMatch(/Trop de tentatives de connexion/);
    // another account from another address is not affected
    const other = await postSignIn(accounts.correspondentB, PASSWORD, "10.0.0.2");
    expect(other.status).toBe(302);
    // once the window has passed, the account opens again
    await t.db
      .updateTable("sign_in_attempt")
      .set({ attempted_at: sql`now() - interval '16 minutes'` })
      .where("email", "=", accounts.contractorB)
      .execute();
    expect((await postSignIn(accounts.contractorB, PASSWORD, address)).status).toBe(302);
  });

  it("a success resets the account's counter", async () => {
    const address = "10.0.0.3";
    for (let i = 0; i < SIGN_IN_LIMITS.perAccount - 1; i++) await postSignIn(accounts.correspondentA, "non", address);
    expect((await postSignIn(accounts.correspondentA, PASSWORD, address)).status).toBe(302);
    for (let i = 0; i < SIGN_IN_LIMITS.perAccount - 1; i++) await postSignIn(accounts.correspondentA, "non", address);
    expect((await postSignIn(accounts.correspondentA, PASSWORD, address)).status).toBe(302);
  });

  it("locks an address after too many failures across accounts", async () => {
    const address = "192.0.2.77";
    for (let i = 0; i < SIGN_IN_LIMITS.perAddress; i++) {
      const r = await signInWithPassword(t.db, { email: `inconnu${i}@exemple.fr`, password: "x", address });
      expect(r.ok).toBe(false);
    }
    const r = await postSignIn(accounts.dinum, PASSWORD, address);
    expect(r.status).toBe(429);
    expect((await r.json()).error).toBe(SIGN_IN_THROTTLED);
    expect((await postSignIn(accounts.dinum, PASSWORD, "192.0.2.78")).status).toBe(302);
  });

  it("parallel guesses count against each other", async () => {
    const address = "10.0.0.9";
    const results = await Promise.all(Array.from({ length: 12 }, () => signInWithPassword(t.pool(1), { email: accounts.contractorA, password: "x", address })));
    expect(results.filter((r) => !r.ok && r.status === 429).length).toBeGreaterThanOrEqual(12 - SIGN_IN_LIMITS.perAccount);
  });
});

describe("no account enumeration", () => {
  it("answers an unknown account, a wrong password and a deactivated account identically", async () => {
    const deactivated = "desactive@demo.pilotage-uo.fr";
    const existing = await t.db.selectFrom("app_user").select(["password_hash"]).where("email", "=", accounts.dinum).executeTakeFirstOrThrow();
    await t.db
      .insertInto("app_user")
      .values({
        email: deactivated,
        name: "Compte désactivé",
        role: "dinum",
        password_hash: existing.password_hash,
        active: false,
      } as never)
      .execute();
    const bodies = [];
    for (const [email, password, address] of [
      ["personne@exemple.gouv.fr", PASSWORD, "10.1.0.1"],
      [accounts.correspondentB, "mauvais", "10.1.0.2"],
      [deactivated, PASSWORD, "10.1.0.3"],
    ] as const) {
      const r = await postSignIn(email, password, address);
      expect(r.status).toBe(401);
      bodies.push((await r.json()).error);
    }
    expect(new Set(bodies)).toEqual(new Set([SIGN_IN_FAILED]));
    // the lock also applies to an unknown account: its answer cannot tell it apart
    for (let i = 0; i < SIGN_IN_LIMITS.perAccount; i++) await postSignIn("personne@exemple.gouv.fr", "x", "10.1.0.4");
    expect((await postSignIn("personne@exemple.gouv.fr", "x", "10.1.0.4")).status).toBe(429);
  });
});

describe("sessions", () => {
  it("are rotated at sign-in: the cookie presented before is revoked", async () => {
    const user = await t.db.selectFrom("app_user").select("id").where("email", "=", accounts.correspondentB).executeTakeFirstOrThrow();
    const before = cookieOf(await createSession(t.db, user.id));
    expect(await getSessionUser(t.db, requestWithCookie(before))).not.toBeNull();
    const r = await postSignIn(accounts.correspondentB, PASSWORD, "10.2.0.1", before);
    expect(r.status).toBe(302);
    const after = cookieOf(r.headers.get("Set-Cookie")!);
    expect(after).not.toBe(before);
    expect(await getSessionUser(t.db, requestWithCookie(before))).toBeNull();
    expect((await getSessionUser(t.db, requestWithCookie(after)))?.email).toBe(accounts.correspondentB);
    // another user's sign-in in the same browser revokes it too (startSession)
    const dinum = await t.db.selectFrom("app_user").select("id").where("email", "=", accounts.dinum).executeTakeFirstOrThrow();
    const third = cookieOf(await startSession(t.db, requestWithCookie(after), dinum.id));
    expect(await getSessionUser(t.db, requestWithCookie(after))).toBeNull();
    expect((await getSessionUser(t.db, requestWithCookie(third)))?.email).toBe(accounts.dinum);
  });

  it("are revoked server-side at sign-out: the old cookie no longer works", async () => {
    const user = await t.db.selectFrom("app_user").select("id").where("email", "=", accounts.contractorA).executeTakeFirstOrThrow();
    const cookie = cookieOf(await createSession(t.db, user.id));
    const { action } = await import("../../app/routes/deconnexion");
    const r = (await action({
      request: new Request("http://localhost/deconnexion", { method: "POST", headers: { Cookie: cookie } }),
      context: {},
      params: {},
    } as never)) as Response;
    expect(r.status).toBe(302);
    expect(r.headers.get("Set-Cookie")).toMatch(/Max-Age=0|Expires=Thu, 01 Jan 1970/);
    expect(await getSessionUser(t.db, requestWithCookie(cookie))).toBeNull();
    const row = await t.db
      .selectFrom("user_session")
      .select("revoked_at")
      .where("user_id", "=", user.id)
      .orderBy("created_at", "desc")
      .executeTakeFirstOrThrow();
    expect(row.revoked_at).not.toBeNull();
    void destroySession;
  });

  it("end when the user is deactivated, and are revoked by revokeUserSessions", async () => {
    const user = await t.db.selectFrom("app_user").select("id").where("email", "=", accounts.correspondentA).executeTakeFirstOrThrow();
    const c1 = cookieOf(await createSession(t.db, user.id));
    const c2 = cookieOf(await createSession(t.db, user.id));
    await t.db.updateTable("app_user").set({ active: false }).where("id", "=", user.id).execute();
    expect(await getSessionUser(t.db, requestWithCookie(c1))).toBeNull();
    expect(await revokeUserSessions(t.db, user.id)).toBeGreaterThanOrEqual(2);
    await t.db.updateTable("app_user").set({ active: true }).where("id", "=", user.id).execute();
    // reactivating does not bring the revoked sessions back
    expect(await getSessionUser(t.db, requestWithCookie(c1))).toBeNull();
    expect(await getSessionUser(t.db, requestWithCookie(c2))).toBeNull();
  });

  it("are revoked when DINUM deactivates the user (users service), and stay revoked after reactivation", async () => {
    const { deactivateUser, reactivateUser } = await import("../../app/domain/users/services.server");
    const { sessionUser } = await import("../helpers/db");
    const admin = await sessionUser(t.db, accounts.dinum);
    const target = await t.db.selectFrom("app_user").select("id").where("email", "=", accounts.contractorB).executeTakeFirstOrThrow();
    const r = await postSignIn(accounts.contractorB, PASSWORD, "10.3.0.1");
    expect(r.status).toBe(302);
    const cookie = cookieOf(r.headers.get("Set-Cookie")!);
    expect(await getSessionUser(t.db, requestWithCookie(cookie))).not.toBeNull();
    await deactivateUser(t.db, admin, target.id);
    expect(await getSessionUser(t.db, requestWithCookie(cookie))).toBeNull();
    const open = await t.db.selectFrom("user_session").select("id").where("user_id", "=", target.id).where("revoked_at", "is", null).execute();
    expect(open).toHaveLength(0);
    // a deactivated user cannot sign in again, with the same answer as a wrong password
    const again = await postSignIn(accounts.contractorB, PASSWORD, "10.3.0.2");
    expect(again.status).toBe(401);
    expect((await again.json()).error).toBe(SIGN_IN_FAILED);
    await reactivateUser(t.db, admin, target.id);
    expect(await getSessionUser(t.db, requestWithCookie(cookie))).toBeNull();
  });

  it("expire after 2 idle hours and at their absolute end", async () => {
    const user = await t.db.selectFrom("app_user").select("id").where("email", "=", accounts.dinum).executeTakeFirstOrThrow();
    const idle = cookieOf(await createSession(t.db, user.id));
    const old = cookieOf(await createSession(t.db, user.id));
    const fresh = cookieOf(await createSession(t.db, user.id));
    const ids = await t.db.selectFrom("user_session").select(["id"]).where("user_id", "=", user.id).orderBy("created_at", "desc").limit(3).execute();
    expect(ids).toHaveLength(3);
    // find each row by the cookie's token hash
    const { createHash } = await import("node:crypto");
    const { createCookie } = await import("@remix-run/node");
    const parse = async (c: string) =>
      createHash("sha256")
        .update((await createCookie("pilotage_session", { secrets: ["pilotage-uo-demo-secret-not-for-production"] }).parse(c)) as string)
        .digest("hex");
    await t.db
      .updateTable("user_session")
      .set({ last_seen_at: sql`now() - interval '121 minutes'` })
      .where("id", "=", await parse(idle))
      .execute();
    await t.db
      .updateTable("user_session")
      .set({ expires_at: sql`now() - interval '1 second'` })
      .where("id", "=", await parse(old))
      .execute();
    expect(await getSessionUser(t.db, requestWithCookie(idle))).toBeNull();
    expect(await getSessionUser(t.db, requestWithCookie(old))).toBeNull();
    // one that was used 119 minutes ago is still alive, and its use pushes the idle deadline
    await t.db
      .updateTable("user_session")
      .set({ last_seen_at: sql`now() - interval '119 minutes'` })
      .where("id", "=", await parse(fresh))
      .execute();
    expect(await getSessionUser(t.db, requestWithCookie(fresh))).not.toBeNull();
    const row = await t.db
      .selectFrom("user_session")
      .select(sql<boolean>`last_seen_at > now() - interval '1 minute'`.as("touched"))
      .where("id", "=", await parse(fresh))
      .executeTakeFirstOrThrow();
    expect(row.touched).toBe(true);
    // the absolute lifetime is SESSION_MAX_AGE_HOURS (12 h by default) from creation
    const life = await t.db
      .selectFrom("user_session")
      .select(sql<string>`round(extract(epoch from expires_at - created_at) / 3600)`.as("h"))
      .where("id", "=", await parse(fresh))
      .executeTakeFirstOrThrow();
    expect(Number(life.h)).toBe(12);
  });
});
