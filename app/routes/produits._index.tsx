import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requirePermission } from "../auth/guard.server";
import { can } from "../auth/grants";
import { getDb } from "../db.server";
import { beneficiaryChoices, listProducts } from "../domain/products/services.server";
import { productKinds, productPhases } from "../domain/products/schemas";
import type { ProductKind, ProductPhase } from "../../db/schema";
import { ColumnTable } from "../components/ColumnTable";
import { formatDate } from "../lib/format";
import { FilterForm, FilterInput, FilterSelect } from "../components/FilterForm";
import { labelChoices, namedChoices } from "../components/FilterSelect";
import { de } from "../lib/french";

export const meta: MetaFunction = () => [{ title: "Produits - Pilotage UO" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "product:read");
  const url = new URL(request.url);
  const b = url.searchParams.get("beneficiaire");
  const kind = url.searchParams.get("type");
  const phase = url.searchParams.get("phase");
  const filters = {
    q: url.searchParams.get("q")?.trim().slice(0, 100) || null,
    beneficiaryId: b && /^[1-9][0-9]{0,8}$/.test(b) ? Number(b) : null,
    kind: (kind && kind in productKinds ? kind : null) as ProductKind | null,
    phase: (phase && phase in productPhases ? phase : null) as ProductPhase | null,
  };
  const db = getDb();
  const [items, beneficiaries] = await Promise.all([listProducts(db, user, filters), beneficiaryChoices(db, user)]);
  return { items, filters, beneficiaries: beneficiaries ?? [], canWrite: can(user, "product:write"), allBeneficiaries: can(user, "product:any-beneficiary") };
}

export default function Products() {
  const { items, filters, beneficiaries, canWrite, allBeneficiaries } = useLoaderData<typeof loader>();
  return (
    <>
      <h1>Produits</h1>
      <p>
        {allBeneficiaries ? "Les produits de tous les bénéficiaires." : "Les produits de votre bénéficiaire."} Leur phase, leur page de statistiques et leurs
        risques principaux alimentent le reporting DINUM.
      </p>
      {canWrite && (
        <p>
          <Link className="fr-btn fr-icon-add-line fr-btn--icon-left" to="/produits/nouveau">
            Nouveau produit
          </Link>
        </p>
      )}
      <FilterForm>
        <FilterInput col="fr-col-12 fr-col-md-3" name="q" label="Nom" value={filters.q} />
        {allBeneficiaries && (
          <FilterSelect
            col="fr-col-12 fr-col-md-3"
            name="beneficiaire"
            label="Bénéficiaire"
            value={filters.beneficiaryId}
            choices={namedChoices(beneficiaries)}
          />
        )}
        <FilterSelect col="fr-col-12 fr-col-md-2" name="type" label="Type" value={filters.kind} choices={labelChoices(productKinds)} />
        <FilterSelect col="fr-col-12 fr-col-md-2" name="phase" label="Phase" value={filters.phase} all="Toutes" choices={labelChoices(productPhases)} />
      </FilterForm>
      {items.length === 0 ? (
        <p>Aucun produit ne correspond à ces filtres.</p>
      ) : (
        <ColumnTable
          caption={`${items.length} produit(s)`}
          id="products"
          rows={items}
          rowKey={(p) => p.id}
          rowTestId="product-row"
          columns={[
            { header: "Produit", cell: (p) => <Link to={`/produits/${p.id}`}>{p.name}</Link> },
            { header: "Bénéficiaire", cell: (p) => p.beneficiaryName },
            { header: "Type", cell: (p) => productKinds[p.kind as ProductKind] },
            { header: "Phase", cell: (p) => (p.phase ? `${productPhases[p.phase as ProductPhase]} depuis le ${formatDate(p.phaseSince)}` : "—") },
            {
              header: "Statistiques",
              cell: (p) =>
                p.stats_url ? (
                  <a href={p.stats_url} target="_blank" rel="noopener noreferrer" title={`Statistiques ${de(p.name)} (nouvelle fenêtre)`}>
                    /stats
                  </a>
                ) : (
                  "—"
                ),
            },
            { header: "Risques ouverts", cell: (p) => p.openRisks, right: true },
          ]}
        />
      )}
    </>
  );
}
