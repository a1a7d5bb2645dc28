import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { requireId, requirePermission, found } from "../auth/guard.server";
import { getDb } from "../db.server";
import { parseId } from "../lib/ids";
import { Refusal } from "../lib/refusal";
import { beneficiarySchema, findBeneficiaryUser, getBeneficiary, updateBeneficiary } from "../domain/beneficiaries/services.server";
import { createUser, deactivateUser } from "../domain/users/services.server";
import { createUserSchema } from "../domain/users/schemas";
import { ReferenceTable } from "../components/ReferenceTable";
import { ConfirmAction, RefForm, stateFor, typedValue, type FormState } from "../components/ReferenceForm";
import { FieldMessage, TextField } from "../components/forms/fields";
import { FieldGrid } from "../components/forms/FieldGrid";
import { intentAction, runButton, saveForm } from "../lib/intent-action.server";
export { RouteErrorBoundary as ErrorBoundary } from "../components/ErrorPage";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.beneficiary.name ?? "Bénéficiaire"} - Pilotage UO` }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requirePermission(request, "reference:write");
  const beneficiary = found(await getBeneficiary(getDb(), requireId(params.id)));
  return { beneficiary };
}

export const action = intentAction("reference:write", {
  update: saveForm(beneficiarySchema, ({ db, user, id }, data) => updateBeneficiary(db, user, id, data), "Bénéficiaire enregistré."),
  "add-correspondent": saveForm(
    createUserSchema,
    ({ db, user }, data) => createUser(db, user, data),
    (data) => `Correspondant ${data.name} ajouté.`,
    ({ id }, raw) => ({ ...raw, role: "correspondent", beneficiaryId: String(id), contractorId: "" }),
  ),
  deactivate: runButton(
    async ({ db, user, id, form }) => {
      const userId = parseId(form.get("userId"));
      const target = userId === null ? null : await findBeneficiaryUser(db, id, userId);
      if (target === null) throw new Refusal("Ce correspondant n'existe pas ou n'est pas rattaché à ce bénéficiaire.", { status: 404 });
      await deactivateUser(db, user, target);
      return "Correspondant désactivé.";
    },
    { confirm: true },
  ),
});

export default function BeneficiaryDetail() {
  const { beneficiary: b } = useLoaderData<typeof loader>();
  const data = useActionData<FormState>();
  const add = stateFor(data, "add-correspondent");
  const active = b.correspondents.filter((c) => c.active);
  const deact = stateFor(data, "deactivate");
  return (
    <>
      <h1>{b.name}</h1>
      {b.is_dinum && <p className="fr-badge fr-badge--info">DINUM : peut aussi commander pour ses propres produits</p>}
      <h2 className="fr-mt-4w">Correspondants</h2>
      {deact.ok && (
        <div className="fr-alert fr-alert--success fr-alert--sm fr-mb-2w" role="status">
          <p>{deact.ok}</p>
        </div>
      )}
      {b.correspondents.length === 0 ? (
        <p>Aucun correspondant.</p>
      ) : (
        <ReferenceTable
          caption={`${active.length} correspondant(s) actif(s) sur 2 au plus`}
          id="correspondents"
          rows={b.correspondents}
          rowKey={(c) => c.id}
          columns={[
            { header: "Nom", cell: (c) => <Link to={`/utilisateurs/${c.id}`}>{c.name}</Link> },
            { header: "Adresse électronique", cell: (c) => c.email },
            { header: "État", cell: (c) => (c.active ? "Actif" : "Désactivé") },
            {
              header: "Action",
              cell: (c) =>
                c.active && (
                  <ConfirmAction
                    intent="deactivate"
                    state={typedValue(deact, "userId") === String(c.id) ? deact : undefined}
                    label={`Désactiver ${c.name}`}
                    hidden={{ userId: c.id }}
                    question={`${c.name} ne pourra plus se connecter et ses sessions seront fermées. Son historique est conservé.`}
                  />
                ),
            },
          ]}
        />
      )}
      <h3 className="fr-h5">Ajouter un correspondant</h3>
      {active.length >= 2 && <p className="fr-text--sm">Ce bénéficiaire a déjà deux correspondants actifs : désactivez-en un avant d'en ajouter un autre.</p>}
      <RefForm intent="add-correspondent" state={add} submit="Ajouter le correspondant">
        <FieldGrid md={4}>
          <TextField name="name" label="Nom" />
          <TextField name="email" label="Adresse électronique" type="email" />
          <TextField
            name="password"
            label="Mot de passe initial (facultatif)"
            hint="12 caractères au moins ; sinon connexion par ProConnect"
            type="password"
            autoComplete="new-password"
          />
        </FieldGrid>
        <FieldMessage name="beneficiaryId" />
      </RefForm>
      <h2 className="fr-mt-4w">Modifier le bénéficiaire</h2>
      <RefForm intent="update" state={stateFor(data, "update")} submit="Enregistrer">
        <FieldGrid md={[8, 4]}>
          <TextField name="name" label="Nom" defaultValue={b.name} />
          <TextField name="acronym" label="Sigle (facultatif)" defaultValue={b.acronym} />
        </FieldGrid>
      </RefForm>
      <p className="fr-mt-4w">
        <Link to="/referentiel/beneficiaires">Retour aux bénéficiaires</Link> · <Link to={`/produits?beneficiaire=${b.id}`}>Produits de ce bénéficiaire</Link>
      </p>
    </>
  );
}
