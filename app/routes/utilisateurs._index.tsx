import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { requirePermission } from "../auth/guard.server";
import { roleLabels } from "../auth/grants";
import { getDb } from "../db.server";
import { listUsers } from "../domain/users/services.server";
import type { Role } from "../../db/schema";
import { DataTable } from "../components/DataTable";
import { Pager } from "../components/Pager";

export const meta: MetaFunction = () => [{ title: "Utilisateurs - Pilotage UO" }];

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
      <p><Link className="fr-btn fr-icon-add-line fr-btn--icon-left" to="/utilisateurs/nouveau">Nouvel utilisateur</Link></p>
      <Form method="get" className="fr-grid-row fr-grid-row--gutters fr-mb-2w" aria-label="Filtres">
        <div className="fr-col-12 fr-col-md-4">
          <div className="fr-input-group">
            <label className="fr-label" htmlFor="filtre-q">Nom ou adresse électronique</label>
            <input className="fr-input" id="filtre-q" name="q" defaultValue={filters.q ?? ""} />
          </div>
        </div>
        <div className="fr-col-12 fr-col-md-3">
          <div className="fr-select-group">
            <label className="fr-label" htmlFor="filtre-role">Rôle</label>
            <select className="fr-select" id="filtre-role" name="role" defaultValue={filters.role ?? ""}>
              <option value="">Tous</option>
              {Object.entries(roleLabels).map(([v, l]) => <option key={v} value={v}>{l}</option>)}
            </select>
          </div>
        </div>
        <div className="fr-col-12 fr-col-md-3">
          <div className="fr-select-group">
            <label className="fr-label" htmlFor="filtre-actif">État</label>
            <select className="fr-select" id="filtre-actif" name="actif" defaultValue={filters.active ?? ""}>
              <option value="">Tous</option>
              <option value="yes">Actifs</option>
              <option value="no">Désactivés</option>
            </select>
          </div>
        </div>
        <div className="fr-col-12 fr-col-md-2"><button className="fr-btn fr-btn--secondary fr-mt-4w" type="submit">Filtrer</button></div>
      </Form>
      {users.items.length === 0 ? <p>Aucun utilisateur ne correspond à ces filtres.</p> : (
        <>
          <DataTable caption={`${users.total} utilisateur(s)`} id="users">
            <thead><tr><th scope="col">Nom</th><th scope="col">Adresse électronique</th><th scope="col">Rôle</th><th scope="col">Organisation</th><th scope="col">État</th></tr></thead>
            <tbody>
              {users.items.map((u) => (
                <tr key={u.id} data-testid="user-row">
                  <td><Link to={`/utilisateurs/${u.id}`}>{u.name}</Link></td>
                  <td>{u.email}</td>
                  <td>{roleLabels[u.role]}</td>
                  <td>{u.role === "dinum" ? "DINUM" : (u.beneficiaryName ?? u.contractorName ?? "")}</td>
                  <td>{u.active ? "Actif" : "Désactivé"}</td>
                </tr>
              ))}
            </tbody>
          </DataTable>
          <Pager page={users.page} pageSize={users.pageSize} total={users.total} />
        </>
      )}
    </>
  );
}
