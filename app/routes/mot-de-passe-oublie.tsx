import type { ActionFunctionArgs, HeadersFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData } from "@remix-run/react";
import { Alert } from "@codegouvfr/react-dsfr/Alert";
import { getDb } from "../db.server";
import { getOptionalUser } from "../auth/guard.server";
import { RESET_REQUESTED, RESET_THROTTLED, requestPasswordReset, requestResetSchema } from "../auth/password-reset.server";
import { answerAction, parseForm } from "../lib/form-action.server";
import "../lib/security/load-context";
export { RouteErrorBoundary as ErrorBoundary } from "../components/ErrorPage";

export const meta: MetaFunction = () => [{ title: "Mot de passe oublié - Pilotage UO" }];

export const headers: HeadersFunction = ({ actionHeaders }) => {
  const headers = new Headers();
  const retry = actionHeaders.get("Retry-After");
  if (retry) headers.set("Retry-After", retry);
  return headers;
};

export async function loader({ request }: LoaderFunctionArgs) {
  if (await getOptionalUser(request)) throw redirect("/compte");
  return null;
}

interface ActionData {
  done?: string;
  error?: string | null;
  fieldErrors: Record<string, string[] | undefined>;
  email: string;
}

export async function action({ request, context }: ActionFunctionArgs) {
  const form = Object.fromEntries(await request.formData());
  const email = typeof form.email === "string" ? form.email.slice(0, 254) : "";
  return answerAction(
    (r) => ({ error: r.message, fieldErrors: r.fieldErrors, email }) satisfies ActionData,
    async () => {
      const input = parseForm(requestResetSchema, form);
      const { throttled } = await requestPasswordReset(getDb(), { email: input.email, address: context?.clientAddress ?? "" });
      if (throttled)
        return Response.json({ error: RESET_THROTTLED, fieldErrors: {}, email } satisfies ActionData, { status: 429, headers: { "Retry-After": "900" } });
      // the same answer whether the address is an account's or not
      return Response.json({ done: RESET_REQUESTED, fieldErrors: {}, email: "" } satisfies ActionData);
    },
  );
}

export default function ForgottenPassword() {
  const data = useActionData<ActionData>();
  const emailError = data?.fieldErrors?.email?.[0];
  return (
    <div className="fr-grid-row fr-grid-row--center">
      <div className="fr-col-12 fr-col-md-8 fr-col-lg-6">
        <h1>Mot de passe oublié</h1>
        {data?.done ? (
          <>
            <Alert severity="success" title="Demande enregistrée" description={data.done} className="fr-mb-3w" />
            <p>
              <Link to="/connexion">Retour à la connexion</Link>
            </p>
          </>
        ) : (
          <>
            {data?.error && <Alert severity="error" title="Demande impossible" description={data.error} className="fr-mb-3w" />}
            <p>Saisissez l'adresse électronique de votre compte : nous vous enverrons un lien pour choisir un nouveau mot de passe.</p>
            <Form method="post" noValidate>
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
              <button className="fr-btn" type="submit">
                Recevoir un lien
              </button>
            </Form>
            <p className="fr-mt-3w">
              <Link to="/connexion">Retour à la connexion</Link>
            </p>
          </>
        )}
      </div>
    </div>
  );
}
