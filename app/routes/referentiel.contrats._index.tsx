import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { requirePermission } from "../auth/guard.server";
import { getDb } from "../db.server";
import { createContract, listContracts } from "../domain/contracts/services.server";
import { contractSchema } from "../domain/contracts/schemas";
import { createAction } from "../lib/intent-action.server";
import { todayInParis } from "../lib/dates";
import { formatDate } from "../lib/format";
import { DataTable } from "../components/DataTable";
import { stateFor, type FormState } from "../components/ReferenceForm";
import { ContractFields } from "../components/ContractFields";
import { FilterForm, FilterInput, FilterSelect } from "../components/FilterForm";
import { HeaderCells } from "../components/HeaderCells";
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
  const items = await listContracts(getDb(), { q, active, today: todayInParis() });
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
        <DataTable caption={`${items.length} accord(s)-cadre(s)`} id="contracts">
          <thead>
            <tr>
              <HeaderCells headers={["Référence", "Intitulé", "Notifié le", "Période"]} />
              <th scope="col" className="fr-cell--right">
                Lots
              </th>
              <th scope="col" className="fr-cell--right">
                Bons de commande
              </th>
            </tr>
          </thead>
          <tbody>
            {items.map((c) => (
              <tr key={c.id}>
                <td>
                  <Link to={`/referentiel/contrats/${c.id}`}>{c.reference}</Link>
                </td>
                <td>{c.title}</td>
                <td>{formatDate(c.notified_on)}</td>
                <td>
                  du {formatDate(c.start_date)} au {formatDate(c.end_date)}
                </td>
                <td className="fr-cell--right">{c.lots}</td>
                <td className="fr-cell--right">{c.orders}</td>
              </tr>
            ))}
          </tbody>
        </DataTable>
      )}
      <h2 className="fr-mt-4w">Nouvel accord-cadre</h2>
      <ContractFields intent="create" state={state} submit="Créer l'accord-cadre" />
    </>
  );
}
