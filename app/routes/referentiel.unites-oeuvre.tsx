import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { requirePermission } from "../auth/guard.server";
import { getDb } from "../db.server";
import { listWorkUnits, updateWorkUnit, workUnitSchema } from "../domain/work-units/services.server";
import { ok, runForm } from "../lib/reference-action.server";
import { ReferenceTable } from "../components/ReferenceTable";
import { EditRowForm, stateFor, typedValue, type FormState } from "../components/ReferenceForm";
import { TextField, TextAreaField } from "../components/forms/fields";
import { FilterForm, FilterInput } from "../components/FilterForm";
export { RouteErrorBoundary as ErrorBoundary } from "../components/ErrorPage";

export const meta: MetaFunction = () => [{ title: "Catalogue des unités d'œuvre - Pilotage UO" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, "reference:write");
  const q = new URL(request.url).searchParams.get("q")?.trim().toLowerCase() || "";
  const all = await listWorkUnits(getDb());
  return { items: q ? all.filter((w) => `${w.code} ${w.label}`.toLowerCase().includes(q)) : all, q };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requirePermission(request, "reference:write");
  const form = await request.formData();
  const code = String(form.get("code") ?? "");
  return runForm(form, "update", workUnitSchema, async (data) => {
    await updateWorkUnit(getDb(), user, code, data);
    return ok("update", "Unité d'œuvre enregistrée.");
  });
}

export default function WorkUnits() {
  const { items, q } = useLoaderData<typeof loader>();
  const state = stateFor(useActionData<FormState>(), "update");
  const [params] = useSearchParams();
  const editing = items.find((w) => w.code === (typedValue(state, "code") ?? params.get("modifier")));
  return (
    <>
      <h1>Catalogue des unités d'œuvre</h1>
      <p>
        Une UO correspond à une personne à temps plein pendant un mois, soit 20 jours ouvrés. Les codes sont fixés par l'accord-cadre ; libellés et descriptions
        sont modifiables.
      </p>
      <FilterForm buttonCol="fr-col-12 fr-col-md-3">
        <FilterInput col="fr-col-12 fr-col-md-6" name="q" label="Code ou libellé" value={q} />
      </FilterForm>
      <ReferenceTable
        caption={`${items.length} unité(s) d'œuvre`}
        id="work-units"
        rows={items}
        rowKey={(w) => w.code}
        columns={[
          { header: "Code", cell: (w) => <code>{w.code}</code> },
          { header: "Libellé", cell: (w) => w.label },
          { header: "Description", cell: (w) => w.description },
        ]}
        edit={(w) => ({ to: `?modifier=${w.code}`, label: `Modifier ${w.label}` })}
      />
      {editing && (
        <EditRowForm heading={editing.code} keyName="code" keyValue={editing.code} state={state}>
          <TextField name="label" label="Libellé" defaultValue={editing.label} />
          <TextAreaField name="description" label="Description" defaultValue={editing.description} />
        </EditRowForm>
      )}
    </>
  );
}
