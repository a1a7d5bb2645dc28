import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Link, useActionData } from "@remix-run/react";
import { Alert } from "@codegouvfr/react-dsfr/Alert";
import { getDb } from "../db.server";
import { TextField } from "../components/forms/fields";
import { getOptionalUser } from "../auth/guard.server";
import { RESET_REQUESTED, RESET_THROTTLED, requestPasswordReset } from "../auth/password-reset.server";
import { requestResetSchema } from "../auth/schemas";
import { answerAction, conformReply, submittedValue, type ConformAnswer } from "../lib/form-action.server";
import { parseSubmission } from "../lib/conform";
import { FormErrorSummary } from "../components/forms/ErrorSummary";
import { ConformForm, useConformForm } from "../components/forms/form";
import "../lib/security/load-context";
import { retryAfterHeaders } from "../lib/retry-after";
export { RouteErrorBoundary as ErrorBoundary } from "../components/ErrorPage";

export const meta: MetaFunction = () => [{ title: "Mot de passe oublié - Pilotage UO" }];

// a throttled attempt says when to come back, on the rendered page too
export const headers = retryAfterHeaders;

export async function loader({ request }: LoaderFunctionArgs) {
  if (await getOptionalUser(request)) throw redirect("/compte");
  return null;
}

interface ActionData extends Partial<ConformAnswer> {
  done?: string;
}

export async function action({ request, context }: ActionFunctionArgs) {
  const submission = parseSubmission(await request.formData(), requestResetSchema);
  return answerAction(conformReply(submission), async () => {
    const input = submittedValue(submission);
    const { throttled } = await requestPasswordReset(getDb(), { email: input.email, address: context?.clientAddress ?? "" });
    if (throttled)
      return Response.json({ result: submission.reply({ formErrors: [RESET_THROTTLED] }) } satisfies ActionData, {
        status: 429,
        headers: { "Retry-After": "900" },
      });
    // the same answer whether the address is an account's or not
    return Response.json({ done: RESET_REQUESTED } satisfies ActionData);
  });
}

export default function ForgottenPassword() {
  const data = useActionData<ActionData>();
  const [form] = useConformForm({ id: "mot-de-passe-oublie", schema: requestResetSchema, lastResult: data?.result });
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
            <p>Saisissez l'adresse électronique de votre compte : nous vous enverrons un lien pour choisir un nouveau mot de passe.</p>
            <ConformForm form={form} lastResult={data?.result}>
              <FormErrorSummary form={form} />
              <TextField name="email" type="email" label="Adresse électronique" hint="Format attendu : nom@domaine.fr" autoComplete="username" required />
              <button className="fr-btn fr-mt-3w" type="submit">
                Recevoir un lien
              </button>
            </ConformForm>
            <p className="fr-mt-3w">
              <Link to="/connexion">Retour à la connexion</Link>
            </p>
          </>
        )}
      </div>
    </div>
  );
}
