import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requirePermission } from "../auth/guard.server";
import { roleLabels } from "../auth/grants";
import { getDb } from "../db.server";
import { listUsers } from "../domain/users/services.server";
import type { Role } from "../../db/schema";
import { ColumnTable } from "../components/ColumnTable";
import { Pager } from "../components/Pager";
import { FilterForm, FilterInput, FilterSelect } from "../components/FilterForm";
import { labelChoices } from "../components/FilterSelect";

export const meta: MetaFunction = () => [{ title: "Utilisateurs - Pilotage UO" }];

const ACTIVE_CHOICES = [
  { value: "yes", label: "Actifs" },
  { value: "no", label: "Désactivés" },
];

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, "user:admin");
  const url = new URL(request.url);
  const role = url.searchParams.get("role");
  const active = url.searchParams.get("actif");
  const filters = {
    q: url.searchParams.get("q")?.trim().slice(0, 100) || null,
    role: (role === "dinum" || role === "correspondent" || role === "contractor" ? role : null) as Role | null,
    active: (active === "yes" || active === "no" ? active : null) as "yes" | "no" | null,
    page: Math.max(1, Math.min(10000, Number(url.searchParams.get("page")) || 1)),
  };
  return { users: await listUsers(getDb(), filters), filters };
}

export default function Users() {
  const { users, filters } = useLoaderData<typeof loader>();
  return (
    <>
      <h1>Utilisateurs</h1>
      <p>Un compte n'est jamais supprimé : il est désactivé, ce qui empêche la connexion et ferme ses sessions.</p>
      <p>
        <Link className="fr-btn fr-icon-add-line fr-btn--icon-left" to="/utilisateurs/nouveau">
          Nouvel utilisateur
        </Link>
      </p>
      <FilterForm>
        <FilterInput col="fr-col-12 fr-col-md-4" name="q" label="Nom ou adresse électronique" value={filters.q} />
        <FilterSelect col="fr-col-12 fr-col-md-3" name="role" label="Rôle" value={filters.role} choices={labelChoices(roleLabels)} />
        <FilterSelect col="fr-col-12 fr-col-md-3" name="actif" label="État" value={filters.active} choices={ACTIVE_CHOICES} />
      </FilterForm>
      {users.items.length === 0 ? (
        <p>Aucun utilisateur ne correspond à ces filtres.</p>
      ) : (
        <>
          <ColumnTable
            caption={`${users.total} utilisateur(s)`}
            id="users"
            rows={users.items}
            rowKey={(u) => u.id}
            rowTestId="user-row"
            columns={[
              { header: "Nom", cell: (u) => <Link to={`/utilisateurs/${u.id}`}>{u.name}</Link> },
              { header: "Adresse électronique", cell: (u) => u.email },
              { header: "Rôle", cell: (u) => roleLabels[u.role] },
              { header: "Organisation", cell: (u) => (u.role === "dinum" ? "DINUM" : (u.beneficiaryName ?? u.contractorName ?? "")) },
              { header: "État", cell: (u) => (u.active ? "Actif" : "Désactivé") },
            ]}
          />
          <Pager page={users.page} pageSize={users.pageSize} total={users.total} />
        </>
      )}
    </>
  );
}
