// ProConnect sign-in (OpenID Connect, openid-client 6), beside email + password. On when its four
// environment variables are set. The user is matched on the email ProConnect vouches for; an account
// unknown to Pilotage UO (or deactivated) is refused with a clear message: ProConnect proves who the
// person is, Pilotage UO's user list decides what they may see.
import { createCookie } from "@remix-run/node";
import * as oidc from "openid-client";
import type { Executor } from "../../db/client";
import { env, secureCookies, sessionSecret } from "../lib/env.server";

export interface ProConnectSettings {
  issuer: string;
  clientId: string;
  clientSecret: string;
  redirectUri: string;
  postLogoutRedirectUri: string | null;
  scope: string;
}

export function proConnectSettings(): ProConnectSettings | null {
  const e = env();
  if (!e.PROCONNECT_ISSUER || !e.PROCONNECT_CLIENT_ID || !e.PROCONNECT_CLIENT_SECRET || !e.PROCONNECT_REDIRECT_URI) return null;
  return {
    issuer: e.PROCONNECT_ISSUER,
    clientId: e.PROCONNECT_CLIENT_ID,
    clientSecret: e.PROCONNECT_CLIENT_SECRET,
    redirectUri: e.PROCONNECT_REDIRECT_URI,
    postLogoutRedirectUri: e.PROCONNECT_POST_LOGOUT_REDIRECT_URI || null,
    scope: e.PROCONNECT_SCOPES || "openid email given_name usual_name",
  };
}

export const proConnectEnabled = () => proConnectSettings() !== null;

let cached: { key: string; config: Promise<oidc.Configuration> } | undefined;

/** The provider's configuration (discovery), fetched once per settings. */
export function proConnectConfiguration(settings: ProConnectSettings): Promise<oidc.Configuration> {
  const key = JSON.stringify(settings);
  if (cached?.key !== key) {
    const issuer = new URL(settings.issuer);
    // plain HTTP only for a provider on this machine (the tests' local provider)
    const local = issuer.protocol === "http:" && ["localhost", "127.0.0.1", "[::1]"].includes(issuer.hostname);
    const config = oidc
      .discovery(
        issuer,
        settings.clientId,
        // ProConnect signs its ID tokens and its userinfo answers (a JWT) with RS256
        { id_token_signed_response_alg: "RS256", userinfo_signed_response_alg: "RS256" },
        oidc.ClientSecretPost(settings.clientSecret),
        { execute: local ? [oidc.allowInsecureRequests, oidc.enableNonRepudiationChecks] : [oidc.enableNonRepudiationChecks] },
      )
      .catch((error) => {
        cached = undefined; // try again on the next sign-in
        throw error;
      });
    cached = { key, config };
  }
  return cached.config;
}

/** state, nonce and PKCE verifier between the redirection to ProConnect and its return (10 minutes). */
function flowCookie() {
  return createCookie("pilotage_proconnect", {
    httpOnly: true,
    sameSite: "lax", // the return from ProConnect is a top-level GET navigation: the cookie comes along
    secure: secureCookies(),
    path: "/connexion/proconnect",
    secrets: [sessionSecret()],
    maxAge: 600,
  });
}

interface Flow {
  state: string;
  nonce: string;
  verifier: string;
  redirectTo: string;
}

export async function startProConnect(settings: ProConnectSettings, redirectTo: string): Promise<{ url: string; cookie: string }> {
  const config = await proConnectConfiguration(settings);
  const flow: Flow = { state: oidc.randomState(), nonce: oidc.randomNonce(), verifier: oidc.randomPKCECodeVerifier(), redirectTo };
  const url = oidc.buildAuthorizationUrl(config, {
    redirect_uri: settings.redirectUri,
    scope: settings.scope,
    state: flow.state,
    nonce: flow.nonce,
    code_challenge: await oidc.calculatePKCECodeChallenge(flow.verifier),
    code_challenge_method: "S256",
    acr_values: "eidas1",
  });
  return { url: url.href, cookie: await flowCookie().serialize(flow) };
}

export type ProConnectResult =
  | { ok: true; userId: number; redirectTo: string; idToken: string | undefined; clearCookie: string }
  | { ok: false; status: 400 | 403 | 502; message: string; clearCookie: string };

export const PROCONNECT_UNKNOWN_USER = (email: string) =>
  `Votre compte ProConnect (${email}) n'ouvre pas d'accès à Pilotage UO : aucun utilisateur actif de Pilotage UO n'a cette adresse. ` +
  "Demandez à la DINUM (ou au correspondant de votre ministère) de vous ajouter, puis réessayez.";
export const PROCONNECT_FAILED = "La connexion avec ProConnect n'a pas abouti (demande expirée, annulée ou invalide). Réessayez depuis la page de connexion.";
export const PROCONNECT_UNAVAILABLE =
  "ProConnect ne répond pas pour le moment. Réessayez plus tard, ou connectez-vous avec votre adresse électronique et votre mot de passe.";

/** The return from ProConnect: checks state, nonce, PKCE and signatures, then finds the user by email. */
export async function finishProConnect(db: Executor, settings: ProConnectSettings, request: Request): Promise<ProConnectResult> {
  const clearCookie = await flowCookie().serialize("", { maxAge: 0 });
  const flow = (await flowCookie().parse(request.headers.get("Cookie"))) as Flow | null;
  if (!flow || typeof flow.state !== "string" || typeof flow.nonce !== "string" || typeof flow.verifier !== "string") {
    return { ok: false, status: 400, message: PROCONNECT_FAILED, clearCookie };
  }
  let config: oidc.Configuration;
  try {
    config = await proConnectConfiguration(settings);
  } catch {
    return { ok: false, status: 502, message: PROCONNECT_UNAVAILABLE, clearCookie };
  }
  let email: string;
  let idToken: string | undefined;
  try {
    // the URL the provider sent the browser back to, on the registered redirect URI
    const current = new URL(request.url);
    const callback = new URL(settings.redirectUri);
    callback.search = current.search;
    const tokens = await oidc.authorizationCodeGrant(config, callback, {
      pkceCodeVerifier: flow.verifier,
      expectedState: flow.state,
      expectedNonce: flow.nonce,
      idTokenExpected: true,
    });
    idToken = tokens.id_token;
    const claims = tokens.claims()!;
    const info = await oidc.fetchUserInfo(config, tokens.access_token, claims.sub);
    const raw = typeof info.email === "string" ? info.email : typeof claims.email === "string" ? claims.email : "";
    email = raw.trim().toLowerCase();
  } catch (error) {
    console.warn(`[proconnect] retour refusé : ${error instanceof Error ? error.message : String(error)}`);
    return { ok: false, status: 400, message: PROCONNECT_FAILED, clearCookie };
  }
  if (!email) return { ok: false, status: 400, message: PROCONNECT_FAILED, clearCookie };
  const user = await db
    .selectFrom("app_user")
    .select(["id", "active"])
    .where((eb) => eb(eb.fn("lower", ["email"]), "=", email))
    .executeTakeFirst();
  if (!user || !user.active) return { ok: false, status: 403, message: PROCONNECT_UNKNOWN_USER(email), clearCookie };
  return { ok: true, userId: user.id, redirectTo: flow.redirectTo, idToken, clearCookie };
}

/** Where to send the browser after a local sign-out, so the ProConnect session ends too. */
export async function proConnectLogoutUrl(settings: ProConnectSettings, idToken: string): Promise<string | null> {
  try {
    const config = await proConnectConfiguration(settings);
    if (!config.serverMetadata().end_session_endpoint) return null;
    const params: Record<string, string> = { id_token_hint: idToken, state: oidc.randomState() };
    if (settings.postLogoutRedirectUri) params.post_logout_redirect_uri = settings.postLogoutRedirectUri;
    return oidc.buildEndSessionUrl(config, params).href;
  } catch {
    return null;
  }
}
