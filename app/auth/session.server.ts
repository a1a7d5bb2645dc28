// Server-side sessions: the cookie carries a random token, the database keeps its hash, so a session
// can be revoked (sign-out, deactivation) and expires on the server, not only in the browser.
import { createCookie } from "@remix-run/node";
import { createHash, randomBytes } from "node:crypto";
import { sql } from "kysely";
import type { Executor } from "../../db/client";
import { env, secureCookies, sessionSecret } from "../lib/env.server";
import type { SessionUser } from "./user";
import { toSessionUser, usersWithOrganisation } from "./users.server";
import { dataScope } from "./scope.server";
import { dataVersionSql } from "../lib/versioned-cache.server";

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
  return (await lookUpSession(db, request, false))?.user ?? null;
}

/**
 * The signed-in user and the data version of its scope (dataScope: DINUM's is every counter), read in one
 * statement, so in one snapshot (issue 15: the one round trip a page served from the caches costs). The scope
 * is computed in SQL and checked against dataScope: if they ever differ, the version is left unknown (null).
 */
export async function getSessionState(db: Executor, request: Request): Promise<{ user: SessionUser; scope: string | null; version: bigint | null } | null> {
  const found = await lookUpSession(db, request, true);
  if (!found) return null;
  const scope = dataScope(found.user);
  return { user: found.user, scope, version: found.scope === scope && found.version !== null ? BigInt(found.version) : null };
}

async function lookUpSession(db: Executor, request: Request, withVersion: boolean) {
  const token = await readToken(request);
  if (!token) return null;
  const scope = sql<string | null>`CASE WHEN u.role = 'correspondent' AND u.beneficiary_id IS NOT NULL THEN 'b:' || u.beneficiary_id
    WHEN u.role = 'contractor' AND u.contractor_id IS NOT NULL THEN 'c:' || u.contractor_id END`;
  const row = await usersWithOrganisation(db)
    .innerJoin("user_session as s", "s.user_id", "u.id")
    .select(["s.id as sessionId", sql<boolean>`s.last_seen_at < now() - interval '1 minute'`.as("seenLongAgo")])
    .$if(withVersion, (q) => q.select([scope.as("scope"), dataVersionSql(scope).as("version")]))
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
  const versioned = row as { scope?: string | null; version?: string };
  return { user: toSessionUser(row), scope: versioned.scope ?? null, version: versioned.version ?? null };
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
