import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { requirePermission } from "../auth/guard.server";
import { getDb } from "../db.server";
import { companyChoices, listPeople, savePerson } from "../domain/people/services.server";
import { companyKindLabels } from "../domain/companies/labels";
import { personSchema } from "../domain/people/schemas";
import { ok, postedIntent, runForm, unknownAction } from "../lib/reference-action.server";
import { ReferenceTable } from "../components/ReferenceTable";
import { RefForm, stateFor, type FormState } from "../components/ReferenceForm";
import { SelectField, TextField } from "../components/forms/fields";
import { FieldGrid } from "../components/forms/FieldGrid";
export { RouteErrorBoundary as ErrorBoundary } from "../components/ErrorPage";

export const meta: MetaFunction = () => [{ title: "Intervenants - Pilotage UO" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "person:write");
  const [people, companies] = await Promise.all([listPeople(getDb(), user), companyChoices(getDb(), user.contractorId!)]);
  return { people, companies };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requirePermission(request, "person:write");
  const { form, intent } = await postedIntent(request);
  if (intent !== "save") return unknownAction(intent, form);
  return runForm(form, intent, personSchema, async (data) => {
    await savePerson(getDb(), user, data);
    return ok(intent, data.personId ? `${data.fullName} : enregistré.` : `${data.fullName} rejoint la liste.`);
  });
}

export default function People() {
  const { people, companies } = useLoaderData<typeof loader>();
  const data = useActionData<FormState>();
  const [params] = useSearchParams();
  const editing = people.find((p) => String(p.id) === params.get("modifier"));
  const state = stateFor(data, "save");
  return (
    <>
      <h1>Intervenants</h1>
      <p>
        Les personnes qui travaillent sur vos bons de commande, chacune dans son entreprise : le mandataire, un cotraitant du groupement ou un sous-traitant
        accepté. Une déclaration les propose ; un nom nouveau saisi dans une déclaration rejoint la liste, dans l'entreprise du mandataire, jusqu'à ce que vous
        la changiez ici. Le plafond de jours par personne et par mois vaut quelle que soit son entreprise.
      </p>
      {people.length === 0 && <p>Aucun intervenant pour l'instant : ajoutez-en ci-dessous, ou saisissez un nom dans une déclaration.</p>}
      {people.length > 0 && (
        <ReferenceTable
          caption={`${people.length} intervenant(s)`}
          id="people"
          rows={people}
          rowKey={(p) => p.id}
          columns={[
            { header: "Nom", cell: (p) => p.full_name },
            { header: "Entreprise", cell: (p) => p.company },
            { header: "Courriel", cell: (p) => p.email ?? "—" },
          ]}
          edit={(p) => ({ to: `?modifier=${p.id}#person-form`, label: `Modifier ${p.full_name}` })}
        />
      )}
      <section id="person-form">
        <h2 className="fr-mt-4w">{editing ? `Modifier ${editing.full_name}` : "Ajouter un intervenant"}</h2>
        <RefForm key={editing?.id ?? "new"} intent="save" state={state} submit={editing ? "Enregistrer" : "Ajouter"}>
          {editing && <input type="hidden" name="personId" value={editing.id} />}
          <FieldGrid md={4}>
            <TextField name="fullName" label="Prénom et nom" defaultValue={editing?.full_name} />
            <SelectField
              name="companyId"
              label="Entreprise"
              defaultValue={editing?.company_id}
              options={companies.map((c) => ({ value: c.id, label: `${c.name} (${companyKindLabels[c.kind]})` }))}
            />
            <TextField name="email" label="Courriel (facultatif)" type="email" defaultValue={editing?.email} />
          </FieldGrid>
        </RefForm>
      </section>
    </>
  );
}
