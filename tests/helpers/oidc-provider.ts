// A minimal OpenID Connect provider that behaves like ProConnect for the tests (no network): discovery,
// authorization code with PKCE, client_secret_post, RS256-signed ID token and userinfo JWT, JWKS, logout.
// The test says who "logs in" (provider.nextUser) instead of filling a login form.
import { createHash, randomBytes } from "node:crypto";
import http from "node:http";
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey } from "jose";
import { demoAccounts } from "../../seeds/accounts";

export interface OidcUser {
  sub: string;
  email: string;
  given_name?: string;
  usual_name?: string;
}

export interface TestProvider {
  issuer: string;
  clientId: string;
  clientSecret: string;
  nextUser: OidcUser;
  /** misbehave on the next authorization: send back another state (a forged or mixed-up return) */
  tamperNextState: boolean;
  /** what the provider saw, for assertions */
  log: { authorize: URLSearchParams[]; token: URLSearchParams[]; logout: URLSearchParams[] };
  close(): Promise<void>;
}

export async function startTestProvider(port: number, client: { redirectUri: string }): Promise<TestProvider> {
  const issuer = `http://127.0.0.1:${port}`;
  const { privateKey, publicKey } = await generateKeyPair("RS256");
  const jwk = { ...(await exportJWK(publicKey)), kid: "test-key", alg: "RS256", use: "sig" };
  const codes = new Map<string, { user: OidcUser; nonce: string; challenge: string; redirectUri: string; expires: number }>();
  const tokens = new Map<string, OidcUser>();
  const provider: TestProvider = {
    issuer,
    clientId: "pilotage-uo-test",
    clientSecret: randomBytes(16).toString("hex"),
    nextUser: { sub: "agent-1", email: demoAccounts.dinum, given_name: "Agent", usual_name: "DINUM" },
    tamperNextState: false,
    log: { authorize: [], token: [], logout: [] },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
  const sign = (claims: Record<string, unknown>, key: CryptoKey, typ?: string) =>
    new SignJWT(claims)
      .setProtectedHeader({ alg: "RS256", kid: "test-key", ...(typ ? { typ } : {}) })
      .setIssuer(issuer)
      .setAudience(provider.clientId)
      .setIssuedAt()
      .setExpirationTime("5m")
      .sign(key);

  const json = (res: http.ServerResponse, status: number, body: unknown) => {
    res.writeHead(status, { "Content-Type": "application/json", "Cache-Control": "no-store" });
    res.end(JSON.stringify(body));
  };
  const readBody = (req: http.IncomingMessage) =>
    new Promise<URLSearchParams>((resolve) => {
      let b = "";
      req.on("data", (d) => (b += String(d)));
      req.on("end", () => resolve(new URLSearchParams(b)));
    });

  const server = http.createServer(async (req, res) => {
    const url = new URL(req.url ?? "/", issuer);
    try {
      if (url.pathname === "/.well-known/openid-configuration") {
        return json(res, 200, {
          issuer,
          authorization_endpoint: `${issuer}/authorize`,
          token_endpoint: `${issuer}/token`,
          userinfo_endpoint: `${issuer}/userinfo`,
          jwks_uri: `${issuer}/jwks`,
          end_session_endpoint: `${issuer}/session/end`,
          response_types_supported: ["code"],
          grant_types_supported: ["authorization_code"],
          subject_types_supported: ["public"],
          id_token_signing_alg_values_supported: ["RS256"],
          userinfo_signing_alg_values_supported: ["RS256"],
          token_endpoint_auth_methods_supported: ["client_secret_post"],
          code_challenge_methods_supported: ["S256"],
          scopes_supported: ["openid", "email", "given_name", "usual_name"],
          claims_supported: ["sub", "email", "given_name", "usual_name"],
          acr_values_supported: ["eidas1"],
        });
      }
      if (url.pathname === "/jwks") return json(res, 200, { keys: [jwk] });
      if (url.pathname === "/authorize") {
        const p = url.searchParams;
        provider.log.authorize.push(p);
        if (p.get("client_id") !== provider.clientId || p.get("redirect_uri") !== client.redirectUri) return json(res, 400, { error: "invalid_client" });
        if (p.get("response_type") !== "code" || p.get("code_challenge_method") !== "S256" || !p.get("code_challenge") || !p.get("nonce") || !p.get("state")) {
          return json(res, 400, { error: "invalid_request" });
        }
        const code = randomBytes(16).toString("hex");
        codes.set(code, {
          user: provider.nextUser,
          nonce: p.get("nonce")!,
          challenge: p.get("code_challenge")!,
          redirectUri: p.get("redirect_uri")!,
          expires: Date.now() + 60_000,
        });
        const back = new URL(client.redirectUri);
        back.searchParams.set("code", code);
        back.searchParams.set("state", provider.tamperNextState ? "etat-falsifie" : p.get("state")!);
        provider.tamperNextState = false;
        back.searchParams.set("iss", issuer);
        res.writeHead(302, { Location: back.href });
        return res.end();
      }
      if (url.pathname === "/token" && req.method === "POST") {
        const p = await readBody(req);
        provider.log.token.push(p);
        const entry = codes.get(p.get("code") ?? "");
        codes.delete(p.get("code") ?? ""); // single use
        if (p.get("client_id") !== provider.clientId || p.get("client_secret") !== provider.clientSecret) return json(res, 401, { error: "invalid_client" });
        if (!entry || entry.expires < Date.now() || p.get("redirect_uri") !== entry.redirectUri || p.get("grant_type") !== "authorization_code") {
          return json(res, 400, { error: "invalid_grant" });
        }
        const challenge = createHash("sha256")
          .update(p.get("code_verifier") ?? "")
          .digest("base64url");
        if (challenge !== entry.challenge) return json(res, 400, { error: "invalid_grant", error_description: "PKCE" });
        const accessToken = randomBytes(24).toString("hex");
        tokens.set(accessToken, entry.user);
        const idToken = await sign({ sub: entry.user.sub, nonce: entry.nonce, acr: "eidas1", amr: ["pwd"] }, privateKey);
        return json(res, 200, { access_token: accessToken, token_type: "Bearer", expires_in: 60, id_token: idToken, scope: "openid email" });
      }
      if (url.pathname === "/userinfo") {
        const user = tokens.get((req.headers.authorization ?? "").replace(/^Bearer /, ""));
        if (!user) return json(res, 401, { error: "invalid_token" });
        // like ProConnect: the userinfo answer is a signed JWT
        const jwt = await sign({ ...user }, privateKey);
        res.writeHead(200, { "Content-Type": "application/jwt" });
        return res.end(jwt);
      }
      if (url.pathname === "/session/end") {
        provider.log.logout.push(url.searchParams);
        const target = url.searchParams.get("post_logout_redirect_uri");
        if (target) {
          const back = new URL(target);
          if (url.searchParams.get("state")) back.searchParams.set("state", url.searchParams.get("state")!);
          res.writeHead(302, { Location: back.href });
          return res.end();
        }
        res.writeHead(200, { "Content-Type": "text/html; charset=utf-8" });
        return res.end("<!doctype html><title>Déconnecté</title><p>Vous êtes déconnecté de ProConnect.</p>");
      }
      json(res, 404, { error: "not_found" });
    } catch (error) {
      json(res, 500, { error: String(error) });
    }
  });
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", () => resolve()));
  return provider;
}
