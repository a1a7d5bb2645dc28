import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requirePermission } from "../auth/guard.server";
import { getDb } from "../db.server";
import { listPriceSchedules } from "../domain/price-schedules/services.server";
import { listContracts, listContractors } from "../domain/contracts/services.server";
import { DataTable } from "../components/DataTable";
import { formatDate } from "../lib/format";
import { FilterForm, FilterSelect } from "../components/FilterForm";
import { contractChoices, namedChoices } from "../components/FilterSelect";
import { HeaderCells } from "../components/HeaderCells";

export const meta: MetaFunction = () => [{ title: "Bordereaux de prix - Pilotage UO" }];

const STATUS_CHOICES = [
  { value: "draft", label: "Brouillon" },
  { value: "approved", label: "Approuvé" },
];

const positive = (v: string | null) => (v && /^[1-9][0-9]{0,8}$/.test(v) ? Number(v) : null);

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, "reference:write");
  const url = new URL(request.url);
  const status = url.searchParams.get("statut");
  const filters = {
    contractId: positive(url.searchParams.get("accord")),
    contractorId: positive(url.searchParams.get("titulaire")),
    status: (status === "draft" || status === "approved" ? status : null) as "draft" | "approved" | null,
  };
  const db = getDb();
  const [items, contracts, contractors] = await Promise.all([listPriceSchedules(db, filters), listContracts(db), listContractors(db)]);
  return {
    items,
    filters,
    contracts: contracts.map((c) => ({ id: c.id, reference: c.reference })),
    contractors: contractors.map((c) => ({ id: c.id, name: c.name })),
  };
}

export default function PriceSchedules() {
  const { items, filters, contracts, contractors } = useLoaderData<typeof loader>();
  return (
    <>
      <h1>Bordereaux de prix unitaires</h1>
      <p>
        Une version se prépare en brouillon puis est approuvée par la DINUM. Une version approuvée n'est jamais modifiée : une nouvelle version la remplace à sa
        date de début. Les bons de commande émis gardent leurs prix.
      </p>
      <p>
        <Link
          className="fr-btn fr-icon-add-line fr-btn--icon-left"
          to={`/referentiel/bordereaux/nouveau${filters.contractId || filters.contractorId ? `?${new URLSearchParams({ ...(filters.contractId ? { accord: String(filters.contractId) } : {}), ...(filters.contractorId ? { titulaire: String(filters.contractorId) } : {}) })}` : ""}`}
        >
          Préparer une nouvelle version
        </Link>
      </p>
      <FilterForm buttonCol="fr-col-12 fr-col-md-3 pilotage-filter-submit">
        <FilterSelect col="fr-col-12 fr-col-md-3" name="accord" label="Accord-cadre" value={filters.contractId} choices={contractChoices(contracts)} />
        <FilterSelect col="fr-col-12 fr-col-md-3" name="titulaire" label="Titulaire" value={filters.contractorId} choices={namedChoices(contractors)} />
        <FilterSelect col="fr-col-12 fr-col-md-3" name="statut" label="Statut" value={filters.status} choices={STATUS_CHOICES} />
      </FilterForm>
      {items.length === 0 ? (
        <p>Aucune version ne correspond à ces filtres.</p>
      ) : (
        <DataTable caption={`${items.length} version(s) de bordereau`} id="price-schedules">
          <thead>
            <tr>
              <HeaderCells headers={["Accord-cadre", "Titulaire", "Version", "Validité", "Statut", "Note"]} />
            </tr>
          </thead>
          <tbody>
            {items.map((s) => (
              <tr key={s.id} data-testid="price-schedule-row">
                <td>{s.contractReference}</td>
                <td>{s.contractorName}</td>
                <td>
                  <Link to={`/referentiel/bordereaux/${s.id}`}>Version {s.version}</Link>
                </td>
                <td>{s.valid_to ? `du ${formatDate(s.valid_from)} au ${formatDate(s.valid_to)}` : `à partir du ${formatDate(s.valid_from)}`}</td>
                <td>
                  {s.status === "approved" ? (
                    <span className="fr-badge fr-badge--success fr-badge--sm">Approuvé</span>
                  ) : (
                    <span className="fr-badge fr-badge--info fr-badge--sm">Brouillon</span>
                  )}
                </td>
                <td>{s.note}</td>
              </tr>
            ))}
          </tbody>
        </DataTable>
      )}
    </>
  );
}
