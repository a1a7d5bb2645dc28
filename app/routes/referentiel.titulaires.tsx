import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { requirePermission } from "../auth/guard.server";
import { getDb } from "../db.server";
import { createContractor, listContractors, updateContractor } from "../domain/contracts/services.server";
import { contractorSchema } from "../domain/contracts/schemas";
import { ok, runForm, unknownAction, postedIntent } from "../lib/reference-action.server";
import { ReferenceTable } from "../components/ReferenceTable";
import { EditRowForm, RefForm, stateFor, type FormState } from "../components/ReferenceForm";
import { TextField } from "../components/forms/fields";
import { FieldGrid } from "../components/forms/FieldGrid";
import { FilterForm, FilterInput } from "../components/FilterForm";
import { versionedRead } from "../lib/versioned-cache.server";
export { RouteErrorBoundary as ErrorBoundary } from "../components/ErrorPage";

export const meta: MetaFunction = () => [{ title: "Titulaires - Pilotage UO" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, "reference:write");
  const q = new URL(request.url).searchParams.get("q")?.trim().toLowerCase() || "";
  const all = await versionedRead(getDb(), null, "contractors", (s) => listContractors(s));
  return { items: q ? all.filter((c) => c.name.toLowerCase().includes(q) || (c.siret ?? "").includes(q)) : all, q };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requirePermission(request, "reference:write");
  const { form, intent } = await postedIntent(request);
  if (intent === "create") {
    return runForm(form, intent, contractorSchema, async (data) => {
      await createContractor(getDb(), user, data);
      return ok(intent, `Titulaire « ${data.name} » créé.`);
    });
  }
  const id = String(form.get("id") ?? "");
  if (intent === "update" && /^[1-9][0-9]{0,8}$/.test(id)) {
    return runForm(form, intent, contractorSchema, async (data) => {
      await updateContractor(getDb(), user, Number(id), data);
      return ok(intent, "Titulaire enregistré.");
    });
  }
  return unknownAction(intent, form);
}

export default function Contractors() {
  const { items, q } = useLoaderData<typeof loader>();
  const data = useActionData<FormState>();
  const [params] = useSearchParams();
  const editing = items.find((c) => String(c.id) === params.get("modifier"));
  return (
    <>
      <h1>Titulaires</h1>
      <p>
        Les entreprises titulaires d'un lot. Les lots qu'elles détiennent se gèrent depuis chaque <Link to="/referentiel/contrats">accord-cadre</Link>.
      </p>
      <FilterForm buttonCol="fr-col-12 fr-col-md-3">
        <FilterInput col="fr-col-12 fr-col-md-6" name="q" label="Raison sociale ou SIRET" value={q} />
      </FilterForm>
      <ReferenceTable
        caption={`${items.length} titulaire(s)`}
        id="contractors"
        rows={items}
        rowKey={(c) => c.id}
        columns={[
          { header: "Raison sociale", cell: (c) => c.name },
          { header: "SIRET", cell: (c) => c.siret ?? "—" },
          { header: "Adresse", cell: (c) => c.address },
          { header: "Courriel", cell: (c) => c.email },
        ]}
        edit={(c) => ({ to: `?modifier=${c.id}`, label: `Modifier ${c.name}` })}
      />
      {editing && (
        <EditRowForm heading={editing.name} keyValue={editing.id} state={stateFor(data, "update")}>
          <ContractorFields initial={editing} />
        </EditRowForm>
      )}
      <h2 className="fr-mt-4w">Nouveau titulaire</h2>
      <RefForm intent="create" state={stateFor(data, "create")} submit="Créer le titulaire">
        <ContractorFields />
      </RefForm>
    </>
  );
}

function ContractorFields({ initial }: { initial?: { name: string; siret: string | null; address: string; email: string } }) {
  return (
    <FieldGrid md={6}>
      <TextField name="name" label="Raison sociale" defaultValue={initial?.name} />
      <TextField name="siret" label="SIRET (facultatif)" hint="14 chiffres" defaultValue={initial?.siret} inputMode="numeric" />
      <TextField name="address" label="Adresse (facultative)" defaultValue={initial?.address} />
      <TextField name="email" label="Courriel (facultatif)" type="email" defaultValue={initial?.email} />
    </FieldGrid>
  );
}
