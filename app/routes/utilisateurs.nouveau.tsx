import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { requirePermission } from "../auth/guard.server";
import { getDb } from "../db.server";
import { createUser } from "../domain/users/services.server";
import { createUserSchema } from "../domain/users/schemas";
import { organisationChoices } from "../domain/users/choices.server";
import { createAction } from "../lib/intent-action.server";
import { RefForm, stateFor, type FormState } from "../components/ReferenceForm";
import { TextField } from "../components/forms/fields";
import { UserFields } from "../components/UserFields";
export { RouteErrorBoundary as ErrorBoundary } from "../components/ErrorPage";

export const meta: MetaFunction = () => [{ title: "Nouvel utilisateur - Pilotage UO" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, "user:admin");
  return organisationChoices(getDb());
}

export const action = createAction("user:admin", createUserSchema, createUser, (id) => `/utilisateurs/${id}`);

export default function NewUser() {
  const { beneficiaries, contractors } = useLoaderData<typeof loader>();
  const state = stateFor(useActionData<FormState>(), "create");
  return (
    <>
      <h1>Nouvel utilisateur</h1>
      <RefForm intent="create" state={state} submit="Créer le compte">
        <TextField name="email" label="Adresse électronique" type="email" hint="Celle de ProConnect, en minuscules" />
        <UserFields beneficiaries={beneficiaries} contractors={contractors} />
        <TextField
          name="password"
          label="Mot de passe initial (facultatif)"
          hint="12 caractères au moins ; sans mot de passe, la connexion passe par ProConnect"
          type="password"
          autoComplete="new-password"
        />
      </RefForm>
      <p className="fr-mt-2w">
        <Link to="/utilisateurs">Retour aux utilisateurs</Link>
      </p>
    </>
  );
}
