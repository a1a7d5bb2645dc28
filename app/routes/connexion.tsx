import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { Alert } from "@codegouvfr/react-dsfr/Alert";
import { getDb } from "../db.server";
import { answerAction, conformReply, submittedValue, type ConformAnswer } from "../lib/form-action.server";
import { parseSubmission } from "../lib/conform";
import { signInSchema } from "../auth/schemas";
import { TextField } from "../components/forms/fields";
import { FormErrorSummary } from "../components/forms/ErrorSummary";
import { ConformForm, useConformForm } from "../components/forms/form";
import { getOptionalUser } from "../auth/guard.server";
import { startSession } from "../auth/session.server";
import { safeRedirect, signInWithPassword } from "../auth/sign-in.server";
import "../lib/security/load-context";
import { retryAfterHeaders } from "../lib/retry-after";
import { Fieldset } from "../components/forms/Fieldset";
import { proConnectEnabled } from "../auth/proconnect.server";
import { ProConnectButton } from "@codegouvfr/react-dsfr/ProConnectButton";
export { RouteErrorBoundary as ErrorBoundary } from "../components/ErrorPage";

export const meta: MetaFunction = () => [{ title: "Connexion - Pilotage UO" }];

// a throttled attempt says when to come back, on the rendered page too
export const headers = retryAfterHeaders;

export async function loader({ request }: LoaderFunctionArgs) {
  if (await getOptionalUser(request)) throw redirect("/");
  return { proConnect: proConnectEnabled() };
}

/** The sign-in form's answer: Conform's result (the email kept, the password never echoed) and the refusal's message. */
interface ActionData extends Partial<ConformAnswer> {
  error?: string;
}

export async function action({ request, context }: ActionFunctionArgs) {
  const submission = parseSubmission(await request.formData(), signInSchema);
  // the one action pipeline; the password is never echoed back (only the email is)
  return answerAction(
    conformReply(submission, (r) => ({ error: r.message })),
    async () => {
      const input = submittedValue(submission);
      const db = getDb();
      const result = await signInWithPassword(db, { ...input, address: context?.clientAddress ?? "" });
      if (!result.ok) {
        const headers = result.status === 429 ? { "Retry-After": "900" } : undefined;
        const reply = submission.reply({ formErrors: [result.message], hideFields: ["password"] });
        return Response.json({ error: result.message, result: reply } satisfies ActionData, { status: result.status, headers });
      }
      const cookie = await startSession(db, request, result.userId);
      return redirect(safeRedirect(input.redirectTo), { headers: { "Set-Cookie": cookie } });
    },
  );
}

export default function SignIn() {
  const data = useActionData<ActionData>();
  const { proConnect } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  const navigation = useNavigation();
  const busy = navigation.state !== "idle";
  const [form] = useConformForm({ id: "connexion", schema: signInSchema, lastResult: data?.result });
  return (
    <div className="fr-grid-row fr-grid-row--center">
      <div className="fr-col-12 fr-col-md-8 fr-col-lg-6">
        <h1>Connexion à Pilotage UO</h1>
        {params.get("mot-de-passe") === "change" && !data && (
          <Alert severity="success" title="Mot de passe modifié" description="Connectez-vous avec votre nouveau mot de passe." className="fr-mb-3w" />
        )}
        {proConnect && (
          <div className="fr-mb-4w" data-testid="proconnect">
            <h2 className="fr-h5">Avec ProConnect, l'identité des agents publics</h2>
            <ProConnectButton url={`/connexion/proconnect?redirectTo=${encodeURIComponent(params.get("redirectTo") ?? "/")}`} />
            <p className="fr-hr-or fr-mt-3w">ou</p>
          </div>
        )}
        <ConformForm form={form} lastResult={data?.result}>
          <FormErrorSummary form={form} />
          <input type="hidden" name="redirectTo" value={params.get("redirectTo") ?? "/"} />
          <Fieldset id="signin" legend="Identifiez-vous avec votre compte">
            <div className="fr-fieldset__element">
              <TextField name="email" type="email" label="Adresse électronique" hint="Format attendu : nom@domaine.fr" autoComplete="username" required />
            </div>
            <div className="fr-fieldset__element">
              <TextField name="password" type="password" label="Mot de passe" autoComplete="current-password" required />
              <p className="fr-mt-1w fr-text--sm">
                <Link to="/mot-de-passe-oublie">Mot de passe oublié ?</Link>
              </p>
            </div>
            <div className="fr-fieldset__element">
              <button className="fr-btn" type="submit" disabled={busy}>
                {busy ? "Connexion…" : "Se connecter"}
              </button>
            </div>
          </Fieldset>
        </ConformForm>
        <p className="fr-text--sm fr-mt-3w">Comptes de démonstration : voir le README (mot de passe commun indiqué).</p>
      </div>
    </div>
  );
}
