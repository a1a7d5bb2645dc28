// GET /connexion/proconnect: sends the browser to ProConnect (state, nonce and PKCE kept in a cookie).
import type { LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { notFound } from "../auth/guard.server";
import { PROCONNECT_UNAVAILABLE, proConnectSettings, startProConnect } from "../auth/proconnect.server";
import { safeRedirect } from "../auth/sign-in.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const settings = proConnectSettings();
  if (!settings) throw notFound("La connexion avec ProConnect n'est pas activée sur ce service.");
  const redirectTo = safeRedirect(new URL(request.url).searchParams.get("redirectTo"));
  try {
    const { url, cookie } = await startProConnect(settings, redirectTo);
    return redirect(url, { headers: { "Set-Cookie": cookie, "Cache-Control": "no-store" } });
  } catch (error) {
    console.warn(`[proconnect] découverte impossible : ${error instanceof Error ? error.message : String(error)}`);
    throw new Response(PROCONNECT_UNAVAILABLE, { status: 502, statusText: "ProConnect indisponible" });
  }
}
