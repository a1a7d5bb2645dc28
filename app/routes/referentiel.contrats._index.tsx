import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { requirePermission } from "../auth/guard.server";
import { getDb } from "../db.server";
import { createContract, listContracts } from "../domain/contracts/services.server";
import { contractSchema } from "../domain/contracts/schemas";
import { createAction } from "../lib/intent-action.server";
import { todayInParis } from "../lib/dates";
import { formatDate } from "../lib/format";
import { ColumnTable } from "../components/ColumnTable";
import { stateFor, type FormState } from "../components/ReferenceForm";
import { ContractFields } from "../components/ContractFields";
import { FilterForm, FilterInput, FilterSelect } from "../components/FilterForm";
import { versionedRead } from "../lib/versioned-cache.server";
export { RouteErrorBoundary as ErrorBoundary } from "../components/ErrorPage";

export const meta: MetaFunction = () => [{ title: "Accords-cadres - Pilotage UO" }];

const PERIOD_CHOICES = [
  { value: "yes", label: "En cours ou à venir" },
  { value: "no", label: "Terminés" },
];

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, "reference:write");
  const url = new URL(request.url);
  const q = url.searchParams.get("q")?.trim().slice(0, 100) || null;
  const a = url.searchParams.get("en-cours");
  const active = a === "yes" || a === "no" ? a : null;
  const today = todayInParis();
  // kept by the version of everything (the list counts every contract's orders)
  const items = await versionedRead(getDb(), null, `contracts|${JSON.stringify([q, active, today])}`, (s) => listContracts(s, { q, active, today }));
  return { items, filters: { q, active } };
}

export const action = createAction("reference:write", contractSchema, createContract, (id) => `/referentiel/contrats/${id}`);

export default function Contracts() {
  const { items, filters } = useLoaderData<typeof loader>();
  const state = stateFor(useActionData<FormState>(), "create");
  return (
    <>
      <h1>Accords-cadres et lots</h1>
      <FilterForm buttonCol="fr-col-12 fr-col-md-3">
        <FilterInput col="fr-col-12 fr-col-md-5" name="q" label="Référence ou intitulé" value={filters.q} />
        <FilterSelect col="fr-col-12 fr-col-md-4" name="en-cours" label="Période" value={filters.active} choices={PERIOD_CHOICES} />
      </FilterForm>
      {items.length === 0 ? (
        <p>Aucun accord-cadre ne correspond à ces filtres.</p>
      ) : (
        <ColumnTable
          caption={`${items.length} accord(s)-cadre(s)`}
          id="contracts"
          rows={items}
          rowKey={(c) => c.id}
          columns={[
            { header: "Référence", cell: (c) => <Link to={`/referentiel/contrats/${c.id}`}>{c.reference}</Link> },
            { header: "Intitulé", cell: (c) => c.title },
            { header: "Notifié le", cell: (c) => formatDate(c.notified_on) },
            {
              header: "Période",
              cell: (c) => (
                <>
                  du {formatDate(c.start_date)} au {formatDate(c.end_date)}
                </>
              ),
            },
            { header: "Lots", cell: (c) => c.lots, right: true },
            { header: "Bons de commande", cell: (c) => c.orders, right: true },
          ]}
        />
      )}
      <h2 className="fr-mt-4w">Nouvel accord-cadre</h2>
      <ContractFields intent="create" state={state} submit="Créer l'accord-cadre" />
    </>
  );
}
