// The one guard: every loader and action starts here.
import { redirect } from "@remix-run/node";
import { getDb } from "../db.server";
import { parseId } from "../lib/ids";
import { can, type Permission } from "./grants";
import { getSessionUser } from "./session.server";
import type { SessionUser } from "./user";
import { requestState } from "../lib/request-state.server";

// The root loader and the route's loader both ask who is signed in: one lookup per request.
const usersOfRequests = new WeakMap<Request, Promise<SessionUser | null>>();

export function getOptionalUser(request: Request): Promise<SessionUser | null> {
  // looked up before the loaders, with the data version (app/entry.server.tsx servePage)
  const state = requestState();
  if (state) return Promise.resolve(state.user);
  let user = usersOfRequests.get(request);
  if (!user) {
    user = getSessionUser(getDb(), request);
    usersOfRequests.set(request, user);
  }
  return user;
}

export async function requireUser(request: Request): Promise<SessionUser> {
  const user = await getOptionalUser(request);
  if (!user) {
    const url = new URL(request.url);
    const redirectTo = url.pathname + url.search;
    throw redirect(`/connexion?redirectTo=${encodeURIComponent(redirectTo)}`);
  }
  return user;
}

export async function requirePermission(request: Request, permission: Permission): Promise<SessionUser> {
  const user = await requireUser(request);
  assertCan(user, permission);
  return user;
}

/** For a page whose actions serve several roles (e.g. a declaration: submitted by its contractor, validated by its correspondent). */
export async function requireAnyPermission(request: Request, permissions: readonly Permission[]): Promise<SessionUser> {
  const user = await requireUser(request);
  if (!permissions.some((p) => can(user, p))) assertCan(user, permissions[0]);
  return user;
}

export function assertCan(user: SessionUser, permission: Permission): void {
  if (!can(user, permission)) {
    throw new Response("Vous n'avez pas accès à cette page.", { status: 403, statusText: "Accès refusé" });
  }
}

export function notFound(message = "Cette page n'existe pas ou vous n'y avez pas accès."): Response {
  return new Response(message, { status: 404, statusText: "Introuvable" });
}

/** A detail page's record, or the 404 page when there is none (or the user may not see it). */
export function found<T>(value: T | null | undefined): T {
  if (value == null) throw notFound();
  return value;
}

/** Parses a positive integer id from a route param, or answers 404. */
export function requireId(value: string | null | undefined): number {
  const id = parseId(value);
  if (id === null) throw notFound();
  return id;
}
