// Route modules called the way Remix calls them, as a signed-in user, on a test database: for the tests that
// check what a form's action answers (status, JSON) and what its loader gives.
import { createSession } from "../../app/auth/session.server";
import type { SessionUser } from "../../app/auth/user";
import type { Db } from "../../db/client";

type Args = { request: Request; params: Record<string, string>; context: object };
export type RouteModule = { action?: (args: Args) => Promise<Response>; loader?: (args: Args) => Promise<unknown> };

export interface Answer {
  status: number;
  data: Record<string, unknown>;
  location: string | null;
}

export async function routeClient(db: Db, users: SessionUser[], names: string[]) {
  const cookies: Record<string, string> = {};
  for (const u of users) cookies[u.email] = (await createSession(db, u.id)).split(";")[0];
  const routes: Record<string, RouteModule> = {};
  for (const name of names) routes[name] = await import(`../../app/routes/${name}.tsx`);
  return {
    /** POSTs a form to a route's action as `user`; a thrown error fails the test (a 500). */
    async post(route: string, path: string, user: SessionUser, fields: Record<string, string> | URLSearchParams, params: Record<string, string> = {}) {
      const request = new Request(`http://localhost${path}`, {
        method: "POST",
        body: fields instanceof URLSearchParams ? fields : new URLSearchParams(fields),
        headers: { Cookie: cookies[user.email], "Content-Type": "application/x-www-form-urlencoded", Origin: "http://localhost" },
      });
      const response = await routes[route].action!({ request, params, context: {} });
      const data = response.headers.get("Content-Type")?.includes("json") ? await response.json() : {};
      return { status: response.status, data, location: response.headers.get("Location") } satisfies Answer;
    },
    async load(route: string, path: string, user: SessionUser, params: Record<string, string> = {}) {
      const request = new Request(`http://localhost${path}`, { headers: { Cookie: cookies[user.email] } });
      return routes[route].loader!({ request, params, context: {} });
    },
  };
}
