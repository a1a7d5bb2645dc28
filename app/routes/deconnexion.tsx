import type { ActionFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { getDb } from "../db.server";
import { answerAction } from "../lib/form-action.server";
import { endSession } from "../auth/session.server";
import { proConnectLogoutUrl, proConnectSettings } from "../auth/proconnect.server";

export async function action(args: ActionFunctionArgs) {
  return answerAction(
    (r) => ({ error: r.message }),
    () => signOut(args),
  );
}

async function signOut({ request }: ActionFunctionArgs) {
  // the session is revoked server-side: the old cookie is worthless even if kept
  const { cookie, proConnectIdToken } = await endSession(getDb(), request);
  const settings = proConnectSettings();
  // signed in through ProConnect: end that session too (it sends the browser back to /connexion)
  const logout = settings && proConnectIdToken ? await proConnectLogoutUrl(settings, proConnectIdToken) : null;
  return redirect(logout ?? "/connexion", { headers: { "Set-Cookie": cookie } });
}

export async function loader() {
  return redirect("/");
}
