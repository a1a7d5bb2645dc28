import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { Alert } from "@codegouvfr/react-dsfr/Alert";
import { getDb } from "../db.server";
import { TextField } from "../components/forms/fields";
import { resetPassword, resetTokenUsable } from "../auth/password-reset.server";
import { newPasswordSchema, RESET_LINK_INVALID } from "../auth/schemas";
import { answerForm, type ConformAnswer } from "../lib/form-action.server";
import { FormErrorSummary } from "../components/forms/ErrorSummary";
import { ConformForm, useConformForm } from "../components/forms/form";
export { RouteErrorBoundary as ErrorBoundary } from "../components/ErrorPage";

export const meta: MetaFunction = () => [{ title: "Nouveau mot de passe - Pilotage UO" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const token = new URL(request.url).searchParams.get("jeton") ?? "";
  return { token, usable: await resetTokenUsable(getDb(), token), invalid: RESET_LINK_INVALID };
}

export async function action({ request }: ActionFunctionArgs) {
  return answerForm(await request.formData(), newPasswordSchema, async (input) => {
    await resetPassword(getDb(), input);
    return redirect("/connexion?mot-de-passe=change");
  });
}

export default function NewPassword() {
  const { token, usable, invalid } = useLoaderData<typeof loader>();
  const data = useActionData<ConformAnswer>();
  const [form] = useConformForm({ id: "nouveau-mot-de-passe", schema: newPasswordSchema, lastResult: data?.result });
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
        <p>Choisissez votre nouveau mot de passe : toutes vos sessions ouvertes seront fermées, puis vous vous connecterez avec lui.</p>
        <ConformForm form={form} lastResult={data?.result}>
          <FormErrorSummary form={form} />
          <input type="hidden" name="token" value={token} />
          <TextField name="password" type="password" label="Nouveau mot de passe" hint="12 caractères au moins" autoComplete="new-password" required />
          <TextField name="confirmation" type="password" label="Confirmez le mot de passe" autoComplete="new-password" required />
          <button className="fr-btn fr-mt-3w" type="submit">
            Enregistrer le mot de passe
          </button>
        </ConformForm>
      </div>
    </div>
  );
}
