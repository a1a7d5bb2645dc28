import type { ActionFunctionArgs, HeadersFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData } from "@remix-run/react";
import { Alert } from "@codegouvfr/react-dsfr/Alert";
import { getDb } from "../db.server";
import { TextField } from "../components/ReferenceForm";
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
              <TextField
                state={{ fieldErrors: data?.fieldErrors, values: { email: data?.email ?? "" } }}
                name="email"
                id="email"
                type="email"
                label="Adresse électronique"
                hint="Format attendu : nom@domaine.fr"
                autoComplete="username"
                required
              />
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
