import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { todayInParis } from "../lib/dates";
import { requirePermission } from "../auth/guard.server";
import { getDb } from "../db.server";
import { listAttributionOverrides, roundRobinLots } from "../domain/attribution/services.server";
import { listContracts } from "../domain/contracts/services.server";
import { listBeneficiaries } from "../domain/beneficiaries/services.server";
import { AttributionOverridesTable } from "../components/AttributionOverridesTable";
import { FilterForm, FilterSelect } from "../components/FilterForm";
import { contractChoices, namedChoices } from "../components/FilterSelect";

export const meta: MetaFunction = () => [{ title: "Attributions hors tourniquet - Pilotage UO" }];

const positive = (v: string | null) => (v && /^[1-9][0-9]{0,8}$/.test(v) ? Number(v) : null);

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "reference:write");
  const url = new URL(request.url);
  const filters = { contractId: positive(url.searchParams.get("accord")), beneficiaryId: positive(url.searchParams.get("beneficiaire")) };
  const db = getDb();
  const [items, contracts, beneficiaries, lots] = await Promise.all([
    listAttributionOverrides(db, user, filters),
    listContracts(db),
    listBeneficiaries(db),
    roundRobinLots(db, user, todayInParis()),
  ]);
  return {
    items,
    lots: lots.map((l) => ({ id: l.id, label: `${l.contractReference}, lot ${l.number} : ${l.title}`, holders: Number(l.holders) })),
    filters,
    contracts: contracts.map((c) => ({ id: c.id, reference: c.reference })),
    beneficiaries: beneficiaries.map((b) => ({ id: b.id, name: b.name })),
  };
}

export default function Overrides() {
  const { items, filters, contracts, beneficiaries, lots } = useLoaderData<typeof loader>();
  return (
    <>
      <h1>Attributions hors tourniquet</h1>
      <p>
        Quand un lot a plusieurs titulaires, l'application propose celui dont c'est le tour : le titulaire actif ayant reçu le moins de bons de commande (émis
        ou soldés) sur ce lot, puis, à égalité, le plus petit montant HT cumulé, puis l'ordre alphabétique. Un correspondant qui choisit un autre titulaire doit
        en donner la raison ; ces choix sont listés ici.
      </p>
      <h2 className="fr-h4">Lots au tourniquet</h2>
      {lots.length === 0 ? (
        <p>Aucun lot n'a aujourd'hui plusieurs titulaires actifs.</p>
      ) : (
        <ul data-testid="round-robin-lots">
          {lots.map((l) => (
            <li key={l.id}>
              <Link to={`/referentiel/tourniquet?lot=${l.id}`}>{l.label}</Link> ({l.holders} titulaires actifs)
            </li>
          ))}
        </ul>
      )}
      <h2 className="fr-h4">Attributions hors tour</h2>
      <FilterForm buttonCol="fr-col-12 fr-col-md-3">
        <FilterSelect col="fr-col-12 fr-col-md-4" name="accord" label="Accord-cadre" value={filters.contractId} choices={contractChoices(contracts)} />
        <FilterSelect
          col="fr-col-12 fr-col-md-5"
          name="beneficiaire"
          label="Bénéficiaire"
          value={filters.beneficiaryId}
          choices={namedChoices(beneficiaries)}
        />
      </FilterForm>
      {items.length === 0 ? (
        <p>Aucune attribution hors tourniquet.</p>
      ) : (
        <AttributionOverridesTable items={items} caption={`${items.length} attribution(s) hors tourniquet`} />
      )}
    </>
  );
}
