import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { requirePermission } from "../auth/guard.server";
import { getDb } from "../db.server";
import { addCoContractor, createCompany, listCompanies, removeCoContractor, updateCompany } from "../domain/companies/services.server";
import { holderRoleLabels } from "../domain/companies/labels";
import { listContractors } from "../domain/contracts/services.server";
import { companySchema, holderMemberSchema } from "../domain/companies/schemas";
import { parseId } from "../lib/ids";
import { ok, runForm, unknownAction, postedIntent } from "../lib/reference-action.server";
import { ReferenceTable } from "../components/ReferenceTable";
import { ConfirmAction, EditRowForm, FormMessage, RefForm, stateFor, type FormState } from "../components/ReferenceForm";
import { requireConfirmed } from "../lib/form-action.server";
import { SelectField, TextField } from "../components/forms/fields";
import { FieldGrid } from "../components/forms/FieldGrid";
import { FilterForm, FilterInput } from "../components/FilterForm";
export { RouteErrorBoundary as ErrorBoundary } from "../components/ErrorPage";

export const meta: MetaFunction = () => [{ title: "Entreprises et groupements - Pilotage UO" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, "reference:write");
  const q = new URL(request.url).searchParams.get("q")?.trim() || "";
  const [items, contractors] = await Promise.all([listCompanies(getDb(), q), listContractors(getDb())]);
  return { items, q, contractors: contractors.map((c) => ({ id: c.id, name: c.name })) };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requirePermission(request, "reference:write");
  const { form, intent } = await postedIntent(request);
  switch (intent) {
    case "create":
      return runForm(form, intent, companySchema, async (data) => {
        await createCompany(getDb(), user, data);
        return ok(intent, `Entreprise « ${data.name} » créée.`);
      });
    case "update": {
      const id = parseId(form.get("id"));
      if (id === null) break;
      return runForm(form, intent, companySchema, async (data) => {
        await updateCompany(getDb(), user, id, data);
        return ok(intent, "Entreprise enregistrée.");
      });
    }
    case "add-member":
      return runForm(form, intent, holderMemberSchema, async (data) => {
        await addCoContractor(getDb(), user, data);
        return ok(intent, "L'entreprise rejoint le groupement comme cotraitant.");
      });
    case "remove-member":
      return runForm(form, intent, holderMemberSchema, async (data) => {
        requireConfirmed(form.get("confirmed"));
        await removeCoContractor(getDb(), user, data);
        return ok(intent, "L'entreprise ne fait plus partie du groupement.");
      });
  }
  return unknownAction(intent, form);
}

export default function Companies() {
  const { items, q, contractors } = useLoaderData<typeof loader>();
  const data = useActionData<FormState>();
  const [params] = useSearchParams();
  const editing = items.find((c) => String(c.id) === params.get("modifier"));
  const removal = stateFor(data, "remove-member");
  return (
    <>
      <h1>Entreprises et groupements</h1>
      <p>
        Chaque <Link to="/referentiel/titulaires">titulaire</Link> est une entreprise (son mandataire) ou un groupement : le mandataire et ses cotraitants. Les
        sous-traitants sont acceptés sur chaque bon de commande par son correspondant (acte spécial, DC4).
      </p>
      <FilterForm buttonCol="fr-col-12 fr-col-md-3">
        <FilterInput col="fr-col-12 fr-col-md-6" name="q" label="Raison sociale ou SIRET" value={q} />
      </FilterForm>
      <FormMessage state={removal} />
      <ReferenceTable
        caption={`${items.length} entreprise(s)`}
        id="companies"
        rows={items}
        rowKey={(c) => c.id}
        columns={[
          { header: "Raison sociale", cell: (c) => c.name },
          { header: "SIRET", cell: (c) => c.siret ?? "—" },
          { header: "Adresse", cell: (c) => c.address || "—" },
          {
            header: "Titulaire (rôle)",
            cell: (c) =>
              c.holders.length === 0
                ? "—"
                : c.holders.map((h) => (
                    <div key={h.contractorId}>
                      {h.contractorName} ({holderRoleLabels[h.kind]})
                      {h.kind === "co_contractor" && (
                        <ConfirmAction
                          intent="remove-member"
                          label="Retirer"
                          question={`${c.name} ne fera plus partie du groupement ${h.contractorName}. Le retrait est enregistré au journal ; vous pourrez l'y ajouter de nouveau.`}
                          hidden={{ contractorId: h.contractorId, companyId: c.id }}
                          state={removal}
                        />
                      )}
                    </div>
                  )),
          },
          { header: "Sous-traitant sur", cell: (c) => (Number(c.subcontracts) > 0 ? `${c.subcontracts} bon(s) de commande` : "—") },
        ]}
        edit={(c) => ({ to: `?modifier=${c.id}`, label: `Modifier ${c.name}` })}
      />
      {editing && (
        <EditRowForm heading={editing.name} keyValue={editing.id} state={stateFor(data, "update")}>
          <CompanyFields initial={editing} />
        </EditRowForm>
      )}
      <h2 className="fr-mt-4w">Ajouter un cotraitant à un titulaire</h2>
      <p>Le titulaire devient un groupement : son mandataire reste l'interlocuteur, chaque cotraitant déclare et facture sa part.</p>
      <RefForm intent="add-member" state={stateFor(data, "add-member")} submit="Ajouter au groupement">
        <FieldGrid md={6}>
          <SelectField name="contractorId" label="Titulaire" options={contractors.map((c) => ({ value: c.id, label: c.name }))} />
          <SelectField
            name="companyId"
            label="Entreprise cotraitante"
            options={items.map((c) => ({ value: c.id, label: `${c.name}${c.siret ? ` (${c.siret})` : ""}` }))}
          />
        </FieldGrid>
      </RefForm>
      <h2 className="fr-mt-4w">Nouvelle entreprise</h2>
      <RefForm intent="create" state={stateFor(data, "create")} submit="Créer l'entreprise">
        <CompanyFields />
      </RefForm>
    </>
  );
}

function CompanyFields({ initial }: { initial?: { name: string; siret: string | null; address: string } }) {
  return (
    <FieldGrid md={4}>
      <TextField name="name" label="Raison sociale" hint="Telle qu'inscrite au répertoire SIRENE" defaultValue={initial?.name} />
      <TextField name="siret" label="SIRET" hint="14 chiffres, clé de contrôle vérifiée" defaultValue={initial?.siret} inputMode="numeric" />
      <TextField name="address" label="Adresse" hint="Numéro, voie, code postal et ville" defaultValue={initial?.address} />
    </FieldGrid>
  );
}
