import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { requirePermission } from "../auth/guard.server";
import { getDb } from "../db.server";
import { beneficiarySchema, createBeneficiary, listBeneficiaries } from "../domain/beneficiaries/services.server";
import { createAction } from "../lib/intent-action.server";
import { ReferenceTable } from "../components/ReferenceTable";
import { RefForm, stateFor, type FormState } from "../components/ReferenceForm";
import { TextField } from "../components/forms/fields";
import { FieldGrid } from "../components/forms/FieldGrid";
import { FilterForm, FilterInput } from "../components/FilterForm";
import { versionedRead } from "../lib/versioned-cache.server";
export { RouteErrorBoundary as ErrorBoundary } from "../components/ErrorPage";

export const meta: MetaFunction = () => [{ title: "Bénéficiaires - Pilotage UO" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, "reference:write");
  const q = new URL(request.url).searchParams.get("q")?.trim().slice(0, 100) || null;
  // kept by the version of everything (the list counts every beneficiary's products and users)
  return { items: await versionedRead(getDb(), null, `beneficiaries|${q ?? ""}`, (s) => listBeneficiaries(s, { q })), q };
}

export const action = createAction("reference:write", beneficiarySchema, createBeneficiary, (id) => `/referentiel/beneficiaires/${id}`);

export default function Beneficiaries() {
  const { items, q } = useLoaderData<typeof loader>();
  const state = stateFor(useActionData<FormState>(), "create");
  return (
    <>
      <h1>Bénéficiaires et correspondants</h1>
      <p>Chaque bénéficiaire a un ou deux correspondants actifs, jamais plus.</p>
      <FilterForm buttonCol="fr-col-12 fr-col-md-3">
        <FilterInput col="fr-col-12 fr-col-md-6" name="q" label="Nom ou sigle" value={q} />
      </FilterForm>
      <ReferenceTable
        caption={`${items.length} bénéficiaire(s)`}
        id="beneficiaries"
        rows={items}
        rowKey={(b) => b.id}
        columns={[
          { header: "Bénéficiaire", cell: (b) => <Link to={`/referentiel/beneficiaires/${b.id}`}>{b.name}</Link> },
          { header: "Sigle", cell: (b) => b.acronym },
          {
            header: "Correspondants actifs",
            cell: (b) =>
              b.correspondents
                .filter((c) => c.active)
                .map((c) => c.name)
                .join(", ") || "Aucun",
          },
          { header: "Produits", cell: (b) => b.products, right: true },
        ]}
      />
      <h2 className="fr-mt-4w">Nouveau bénéficiaire</h2>
      <RefForm intent="create" state={state} submit="Créer le bénéficiaire">
        <FieldGrid md={[8, 4]}>
          <TextField name="name" label="Nom" />
          <TextField name="acronym" label="Sigle (facultatif)" />
        </FieldGrid>
      </RefForm>
    </>
  );
}
