import type { ActionFunctionArgs, HeadersFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { Alert } from "@codegouvfr/react-dsfr/Alert";
import { getDb } from "../db.server";
import { answerAction } from "../lib/form-action.server";
import { getOptionalUser } from "../auth/guard.server";
import { startSession } from "../auth/session.server";
import { safeRedirect, signInSchema, signInWithPassword } from "../auth/sign-in.server";
import "../lib/security/load-context";
import { proConnectEnabled } from "../auth/proconnect.server";
import { ProConnectButton } from "@codegouvfr/react-dsfr/ProConnectButton";
export { RouteErrorBoundary as ErrorBoundary } from "../components/ErrorPage";

export const meta: MetaFunction = () => [{ title: "Connexion - Pilotage UO" }];

// a throttled sign-in says when to come back, on the rendered page too
export const headers: HeadersFunction = ({ actionHeaders }) => {
  const headers = new Headers();
  const retry = actionHeaders.get("Retry-After");
  if (retry) headers.set("Retry-After", retry);
  return headers;
};

export async function loader({ request }: LoaderFunctionArgs) {
  if (await getOptionalUser(request)) throw redirect("/");
  return { proConnect: proConnectEnabled() };
}

export async function action(args: ActionFunctionArgs) {
  // the one action pipeline; the password is never echoed back (only the email is)
  return answerAction(
    (r) => ({ error: r.message, fieldErrors: {}, email: "" }),
    () => signIn(args),
  );
}

async function signIn({ request, context }: ActionFunctionArgs) {
  const form = Object.fromEntries(await request.formData());
  const parsed = signInSchema.safeParse(form);
  const email = typeof form.email === "string" ? form.email.slice(0, 254) : "";
  if (!parsed.success) {
    const fieldErrors = parsed.error.flatten().fieldErrors;
    return Response.json({ error: null, fieldErrors, email }, { status: 400 });
  }
  const db = getDb();
  const result = await signInWithPassword(db, { ...parsed.data, address: context?.clientAddress ?? "" });
  if (!result.ok) {
    const headers = result.status === 429 ? { "Retry-After": "900" } : undefined;
    return Response.json({ error: result.message, fieldErrors: {}, email }, { status: result.status, headers });
  }
  const cookie = await startSession(db, request, result.userId);
  return redirect(safeRedirect(parsed.data.redirectTo), { headers: { "Set-Cookie": cookie } });
}

export default function SignIn() {
  const data = useActionData<{ error: string | null; fieldErrors: Record<string, string[] | undefined>; email: string }>();
  const { proConnect } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  const navigation = useNavigation();
  const busy = navigation.state !== "idle";
  const emailError = data?.fieldErrors?.email?.[0];
  const passwordError = data?.fieldErrors?.password?.[0];
  return (
    <div className="fr-grid-row fr-grid-row--center">
      <div className="fr-col-12 fr-col-md-8 fr-col-lg-6">
        <h1>Connexion à Pilotage UO</h1>
        {params.get("mot-de-passe") === "change" && !data && (
          <Alert severity="success" title="Mot de passe modifié" description="Connectez-vous avec votre nouveau mot de passe." className="fr-mb-3w" />
        )}
        {data?.error && <Alert severity="error" title="Connexion impossible" description={data.error} className="fr-mb-3w" />}
        {proConnect && (
          <div className="fr-mb-4w" data-testid="proconnect">
            <h2 className="fr-h5">Avec ProConnect, l'identité des agents publics</h2>
            <ProConnectButton url={`/connexion/proconnect?redirectTo=${encodeURIComponent(params.get("redirectTo") ?? "/")}`} />
            <p className="fr-hr-or fr-mt-3w">ou</p>
          </div>
        )}
        <Form method="post" noValidate>
          <input type="hidden" name="redirectTo" value={params.get("redirectTo") ?? "/"} />
          <fieldset className="fr-fieldset" aria-labelledby="signin-legend">
            <legend className="fr-fieldset__legend" id="signin-legend">
              Identifiez-vous avec votre compte
            </legend>
            <div className="fr-fieldset__element">
              <div className={`fr-input-group${emailError ? " fr-input-group--error" : ""}`}>
                <label className="fr-label" htmlFor="email">
                  Adresse électronique<span className="fr-hint-text">Format attendu : nom@domaine.fr</span>
                </label>
                <input
                  className="fr-input"
                  id="email"
                  name="email"
                  type="email"
                  autoComplete="username"
                  required
                  defaultValue={data?.email ?? ""}
                  aria-describedby={emailError ? "email-error" : undefined}
                />
                {emailError && (
                  <p className="fr-error-text" id="email-error">
                    {emailError}
                  </p>
                )}
              </div>
            </div>
            <div className="fr-fieldset__element">
              <div className={`fr-input-group${passwordError ? " fr-input-group--error" : ""}`}>
                <label className="fr-label" htmlFor="password">
                  Mot de passe
                </label>
                <input
                  className="fr-input"
                  id="password"
                  name="password"
                  type="password"
                  autoComplete="current-password"
                  required
                  aria-describedby={passwordError ? "password-error" : undefined}
                />
                {passwordError && (
                  <p className="fr-error-text" id="password-error">
                    {passwordError}
                  </p>
                )}
                <p className="fr-mt-1w fr-text--sm">
                  <Link to="/mot-de-passe-oublie">Mot de passe oublié ?</Link>
                </p>
              </div>
            </div>
            <div className="fr-fieldset__element">
              <button className="fr-btn" type="submit" disabled={busy}>
                {busy ? "Connexion…" : "Se connecter"}
              </button>
            </div>
          </fieldset>
        </Form>
        <p className="fr-text--sm fr-mt-3w">Comptes de démonstration : voir le README (mot de passe commun indiqué).</p>
      </div>
    </div>
  );
}
