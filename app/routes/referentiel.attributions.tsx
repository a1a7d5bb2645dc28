import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requirePermission } from "../auth/guard.server";
import { getDb } from "../db.server";
import { listAttributionOverrides } from "../domain/attribution/services.server";
import { listContracts } from "../domain/contracts/services.server";
import { listBeneficiaries } from "../domain/beneficiaries/services.server";
import { DataTable } from "../components/DataTable";
import { formatDateTime, formatEuros } from "../lib/format";
import { FilterForm, FilterSelect } from "../components/FilterForm";

export const meta: MetaFunction = () => [{ title: "Attributions hors tourniquet - Pilotage UO" }];

const positive = (v: string | null) => (v && /^[1-9][0-9]{0,8}$/.test(v) ? Number(v) : null);

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "reference:write");
  const url = new URL(request.url);
  const filters = { contractId: positive(url.searchParams.get("accord")), beneficiaryId: positive(url.searchParams.get("beneficiaire")) };
  const db = getDb();
  const [items, contracts, beneficiaries] = await Promise.all([listAttributionOverrides(db, user, filters), listContracts(db), listBeneficiaries(db)]);
  return {
    items,
    filters,
    contracts: contracts.map((c) => ({ id: c.id, reference: c.reference })),
    beneficiaries: beneficiaries.map((b) => ({ id: b.id, name: b.name })),
  };
}

export default function Overrides() {
  const { items, filters, contracts, beneficiaries } = useLoaderData<typeof loader>();
  return (
    <>
      <h1>Attributions hors tourniquet</h1>
      <p>
        Quand un lot a plusieurs titulaires, l'application propose celui dont c'est le tour : le titulaire actif ayant reçu le moins de bons de commande (émis
        ou soldés) sur ce lot, puis, à égalité, le plus petit montant HT cumulé, puis l'ordre alphabétique. Un correspondant qui choisit un autre titulaire doit
        en donner la raison ; ces choix sont listés ici.
      </p>
      <FilterForm buttonCol="fr-col-12 fr-col-md-3">
        <FilterSelect col="fr-col-12 fr-col-md-4" name="accord" label="Accord-cadre" value={filters.contractId}>
          {contracts.map((c) => (
            <option key={c.id} value={c.id}>
              {c.reference}
            </option>
          ))}
        </FilterSelect>
        <FilterSelect col="fr-col-12 fr-col-md-5" name="beneficiaire" label="Bénéficiaire" value={filters.beneficiaryId}>
          {beneficiaries.map((b) => (
            <option key={b.id} value={b.id}>
              {b.name}
            </option>
          ))}
        </FilterSelect>
      </FilterForm>
      {items.length === 0 ? (
        <p>Aucune attribution hors tourniquet.</p>
      ) : (
        <DataTable caption={`${items.length} attribution(s) hors tourniquet`} id="overrides">
          <thead>
            <tr>
              <th scope="col">Bon de commande</th>
              <th scope="col">Accord-cadre / lot</th>
              <th scope="col">Bénéficiaire · produit</th>
              <th scope="col">Titulaire proposé</th>
              <th scope="col">Titulaire choisi</th>
              <th scope="col">Raison</th>
              <th scope="col">Par, le</th>
              <th scope="col" className="fr-cell--right">
                Montant HT
              </th>
            </tr>
          </thead>
          <tbody>
            {items.map((o) => (
              <tr key={o.id}>
                <td>
                  <Link to={`/commandes/${o.id}`}>{o.number ?? `Brouillon n° ${o.id}`}</Link>
                </td>
                <td>
                  {o.contractReference} / lot {o.lotNumber}
                </td>
                <td>
                  {o.beneficiaryName} · {o.productName}
                </td>
                <td>{o.proposedName}</td>
                <td>{o.chosenName}</td>
                <td>{o.attribution_reason}</td>
                <td>
                  {o.createdByName}, {formatDateTime(o.created_at)}
                </td>
                <td className="fr-cell--right">{formatEuros(o.total_ht)}</td>
              </tr>
            ))}
          </tbody>
        </DataTable>
      )}
    </>
  );
}
