// Server-side sessions: the cookie carries a random token, the database keeps its hash, so a session
// can be revoked (sign-out, deactivation) and expires on the server, not only in the browser.
import { createCookie } from "@remix-run/node";
import { createHash, randomBytes } from "node:crypto";
import { sql } from "kysely";
import type { Executor } from "../../db/client";
import { env, secureCookies, sessionSecret } from "../lib/env.server";
import type { SessionUser } from "./user";

/** a session unused for this long ends (idle expiry); SESSION_MAX_AGE_HOURS bounds it absolutely */
export const IDLE_MINUTES = 120;

function sessionCookie() {
  return createCookie("pilotage_session", {
    httpOnly: true,
    sameSite: "lax",
    secure: secureCookies(),
    path: "/",
    secrets: [sessionSecret()],
    maxAge: env().SESSION_MAX_AGE_HOURS * 3600,
  });
}

const hashToken = (token: string) => createHash("sha256").update(token).digest("hex");

export interface SessionOrigin {
  authMethod?: "password" | "proconnect";
  /** ProConnect's ID token, kept for its logout (id_token_hint) */
  idToken?: string | null;
}

export async function createSession(db: Executor, userId: number, origin: SessionOrigin = {}): Promise<string> {
  const token = randomBytes(32).toString("base64url");
  const expires = new Date(Date.now() + env().SESSION_MAX_AGE_HOURS * 3600 * 1000);
  await db
    .insertInto("user_session")
    .values({
      id: hashToken(token),
      user_id: userId,
      expires_at: expires,
      last_seen_at: new Date(),
      auth_method: origin.authMethod ?? "password",
      id_token: origin.idToken && origin.idToken.length <= 8192 ? origin.idToken : null,
    })
    .execute();
  return sessionCookie().serialize(token);
}

/**
 * Sign-in: the session id is never reused. Whatever session the browser presented (another user's, an
 * expired one, one planted by an attacker) is revoked, and a fresh random token is issued.
 */
export async function startSession(db: Executor, request: Request, userId: number, origin: SessionOrigin = {}): Promise<string> {
  const previous = await readToken(request);
  if (previous)
    await db
      .updateTable("user_session")
      .set({ revoked_at: sql`now()` })
      .where("id", "=", hashToken(previous))
      .where("revoked_at", "is", null)
      .execute();
  return createSession(db, userId, origin);
}

/** Deactivation (or a password change): every open session of the user ends now, server-side. */
export async function revokeUserSessions(db: Executor, userId: number): Promise<number> {
  const result = await db
    .updateTable("user_session")
    .set({ revoked_at: sql`now()` })
    .where("user_id", "=", userId)
    .where("revoked_at", "is", null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

async function readToken(request: Request): Promise<string | null> {
  const value = await sessionCookie().parse(request.headers.get("Cookie"));
  return typeof value === "string" && value.length > 20 ? value : null;
}

export async function getSessionUser(db: Executor, request: Request): Promise<SessionUser | null> {
  const token = await readToken(request);
  if (!token) return null;
  const row = await db
    .selectFrom("user_session as s")
    .innerJoin("app_user as u", "u.id", "s.user_id")
    .leftJoin("beneficiary as b", "b.id", "u.beneficiary_id")
    .leftJoin("contractor as c", "c.id", "u.contractor_id")
    .select([
      "s.id as sessionId",
      "u.id",
      "u.email",
      "u.name",
      "u.role",
      "u.beneficiary_id",
      "u.contractor_id",
      "b.name as beneficiaryName",
      "c.name as contractorName",
      sql<boolean>`s.last_seen_at < now() - interval '1 minute'`.as("seenLongAgo"),
    ])
    .where("s.id", "=", hashToken(token))
    .where("s.revoked_at", "is", null)
    .where("s.expires_at", ">", sql<Date>`now()`)
    .where("s.last_seen_at", ">", sql<Date>`now() - make_interval(mins => ${IDLE_MINUTES})`)
    .where("u.active", "=", true)
    .executeTakeFirst();
  if (!row) return null;
  // the idle timeout counts from the last request, recorded at most once a minute (not one write per page)
  if (row.seenLongAgo)
    await db
      .updateTable("user_session")
      .set({ last_seen_at: sql`now()` })
      .where("id", "=", row.sessionId)
      .where("last_seen_at", "<", sql<Date>`now() - interval '1 minute'`)
      .execute();
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    role: row.role,
    beneficiaryId: row.beneficiary_id,
    contractorId: row.contractor_id,
    organisation: row.role === "dinum" ? "DINUM" : (row.beneficiaryName ?? row.contractorName ?? ""),
  };
}

export async function destroySession(db: Executor, request: Request): Promise<string> {
  return (await endSession(db, request)).cookie;
}

/** Sign-out: revokes the session server-side; says whether it came from ProConnect (to end that one too). */
export async function endSession(db: Executor, request: Request): Promise<{ cookie: string; proConnectIdToken: string | null }> {
  const token = await readToken(request);
  let proConnectIdToken: string | null = null;
  if (token) {
    const row = await db
      .updateTable("user_session")
      .set({ revoked_at: sql`now()` })
      .where("id", "=", hashToken(token))
      .returning(["auth_method", "id_token"])
      .executeTakeFirst();
    if (row?.auth_method === "proconnect") proConnectIdToken = row.id_token;
  }
  return { cookie: await sessionCookie().serialize("", { maxAge: 0 }), proConnectIdToken };
}
