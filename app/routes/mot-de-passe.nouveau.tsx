import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { Alert } from "@codegouvfr/react-dsfr/Alert";
import { getDb } from "../db.server";
import { TextField } from "../components/ReferenceForm";
import { newPasswordSchema, RESET_LINK_INVALID, resetPassword, resetTokenUsable } from "../auth/password-reset.server";
import { answerAction, parseForm } from "../lib/form-action.server";
export { RouteErrorBoundary as ErrorBoundary } from "../components/ErrorPage";

export const meta: MetaFunction = () => [{ title: "Nouveau mot de passe - Pilotage UO" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const token = new URL(request.url).searchParams.get("jeton") ?? "";
  return { token, usable: await resetTokenUsable(getDb(), token), invalid: RESET_LINK_INVALID };
}

interface ActionData {
  error?: string | null;
  fieldErrors: Record<string, string[] | undefined>;
}

export async function action({ request }: ActionFunctionArgs) {
  const form = Object.fromEntries(await request.formData());
  return answerAction(
    (r) => ({ error: r.message, fieldErrors: r.fieldErrors }) satisfies ActionData,
    async () => {
      const input = parseForm(newPasswordSchema, form);
      await resetPassword(getDb(), input);
      return redirect("/connexion?mot-de-passe=change");
    },
  );
}

export default function NewPassword() {
  const { token, usable, invalid } = useLoaderData<typeof loader>();
  const data = useActionData<ActionData>();
  const state = { fieldErrors: data?.fieldErrors };
  if (!usable)
    return (
      <div className="fr-grid-row fr-grid-row--center">
        <div className="fr-col-12 fr-col-md-8 fr-col-lg-6">
          <h1>Nouveau mot de passe</h1>
          <Alert severity="error" title="Lien non valable" description={invalid} className="fr-mb-3w" />
          <p>
            <Link to="/mot-de-passe-oublie">Demander un nouveau lien</Link>
          </p>
        </div>
      </div>
    );
  return (
    <div className="fr-grid-row fr-grid-row--center">
      <div className="fr-col-12 fr-col-md-8 fr-col-lg-6">
        <h1>Nouveau mot de passe</h1>
        {data?.error && <Alert severity="error" title="Mot de passe non modifié" description={data.error} className="fr-mb-3w" />}
        <p>Choisissez votre nouveau mot de passe : toutes vos sessions ouvertes seront fermées, puis vous vous connecterez avec lui.</p>
        <Form method="post" noValidate>
          <input type="hidden" name="token" value={token} />
          <TextField
            state={state}
            name="password"
            id="password"
            type="password"
            label="Nouveau mot de passe"
            hint="12 caractères au moins"
            autoComplete="new-password"
            required
          />
          <TextField
            state={state}
            name="confirmation"
            id="confirmation"
            type="password"
            label="Confirmez le mot de passe"
            autoComplete="new-password"
            required
          />
          <button className="fr-btn" type="submit">
            Enregistrer le mot de passe
          </button>
        </Form>
      </div>
    </div>
  );
}
