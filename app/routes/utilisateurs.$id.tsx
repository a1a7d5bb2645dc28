import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { requireId, requirePermission, found } from "../auth/guard.server";
import { roleLabels } from "../auth/grants";
import { getDb } from "../db.server";
import { deactivateUser, getUser, reactivateUser, updateUser } from "../domain/users/services.server";
import { updateUserSchema } from "../domain/users/schemas";
import { organisationChoices } from "../domain/users/choices.server";
import { formatDateTime } from "../lib/format";
import { ConfirmAction, RefForm, stateFor, type FormState } from "../components/ReferenceForm";
import { UserFields } from "../components/UserFields";
import { intentAction, runButton, saveForm } from "../lib/intent-action.server";
export { RouteErrorBoundary as ErrorBoundary } from "../components/ErrorPage";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.user.name ?? "Utilisateur"} - Pilotage UO` }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const me = await requirePermission(request, "user:admin");
  const db = getDb();
  const user = found(await getUser(db, requireId(params.id)));
  return { user, isMe: me.id === user.id, ...(await organisationChoices(db)) };
}

export const action = intentAction("user:admin", {
  update: saveForm(updateUserSchema, ({ db, user, id }, data) => updateUser(db, user, id, data), "Compte enregistré."),
  deactivate: runButton(
    async ({ db, user, id }) => {
      await deactivateUser(db, user, id);
      return "Compte désactivé : il ne peut plus se connecter.";
    },
    { confirm: true },
  ),
  reactivate: runButton(async ({ db, user, id }) => {
    await reactivateUser(db, user, id);
    return "Compte réactivé.";
  }),
});

export default function UserDetail() {
  const { user: u, isMe, beneficiaries, contractors } = useLoaderData<typeof loader>();
  const data = useActionData<FormState>();
  const status = stateFor(data, u.active ? "deactivate" : "reactivate");
  const done = stateFor(data, "deactivate").ok ?? stateFor(data, "reactivate").ok;
  return (
    <>
      <h1>{u.name}</h1>
      <p className="fr-text--lead">
        {u.email} · {roleLabels[u.role]} · {u.active ? "Actif" : `Désactivé le ${formatDateTime(u.deactivated_at)}`}
      </p>
      {done && (
        <div className="fr-alert fr-alert--success fr-alert--sm fr-mb-2w" role="status">
          <p>{done}</p>
        </div>
      )}
      <h2>Rôle et organisation</h2>
      <RefForm intent="update" state={stateFor(data, "update")} submit="Enregistrer">
        <UserFields beneficiaries={beneficiaries} contractors={contractors} initial={u} />
        <p className="fr-text--sm">Un changement de rôle ou d'organisation ferme les sessions ouvertes de ce compte.</p>
      </RefForm>
      <h2 className="fr-mt-4w">Accès</h2>
      {isMe ? (
        <p>Vous ne pouvez pas désactiver votre propre compte.</p>
      ) : u.active ? (
        <ConfirmAction
          intent="deactivate"
          label="Désactiver ce compte"
          state={status}
          question={`${u.name} ne pourra plus se connecter et ses sessions ouvertes seront fermées immédiatement. Son historique est conservé.`}
        />
      ) : (
        <RefForm intent="reactivate" state={status} submit="Réactiver ce compte">
          <></>
        </RefForm>
      )}
      <p className="fr-mt-4w">
        <Link to="/utilisateurs">Retour aux utilisateurs</Link> · <Link to={`/journal?utilisateur=${u.id}`}>Actions de ce compte dans le journal</Link>
      </p>
    </>
  );
}
