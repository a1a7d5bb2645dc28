import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { requirePermission } from "../auth/guard.server";
import { getDb } from "../db.server";
import { auditFilterChoices, listAuditEvents } from "../domain/audit/queries.server";
import { actionLabels, auditValueText, entityTypeLabels, fieldLabels } from "../domain/audit/labels";
import { isIsoDate } from "../lib/dates";
import { formatDateTime } from "../lib/format";
import { DataTable } from "../components/DataTable";
import { Pager } from "../components/Pager";
import { FilterForm, FilterInput, FilterSelect } from "../components/FilterForm";

export const meta: MetaFunction = () => [{ title: "Journal - Pilotage UO" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "audit:read");
  const url = new URL(request.url);
  const p = (k: string) => url.searchParams.get(k)?.trim() || null;
  const userId = p("utilisateur");
  const from = p("du");
  const to = p("au");
  const filters = {
    entityType: p("objet")?.slice(0, 60) ?? null,
    entityId: p("identifiant")?.slice(0, 60) ?? null,
    userId: userId && /^[1-9][0-9]{0,8}$/.test(userId) ? Number(userId) : null,
    from: from && isIsoDate(from) ? from : null,
    to: to && isIsoDate(to) ? to : null,
    page: Math.max(1, Math.min(100000, Number(url.searchParams.get("page")) || 1)),
  };
  const db = getDb();
  const [events, choices] = await Promise.all([listAuditEvents(db, user, filters), auditFilterChoices(db, user)]);
  return {
    events: { ...events, items: events.items.map((e) => ({ ...e, id: String(e.id), before: e.before ?? null, after: e.after ?? null })) },
    choices,
    filters,
    scope: user.role,
  };
}

const scopeText = {
  dinum: "Toutes les modifications et tous les changements d'état.",
  correspondent: "Les événements qui concernent votre bénéficiaire.",
  contractor: "Les événements qui concernent votre entreprise.",
} as const;

function Changes({ entityType, before, after }: { entityType: string; before: unknown; after: unknown }) {
  const b = (before && typeof before === "object" ? before : {}) as Record<string, unknown>;
  const a = (after && typeof after === "object" ? after : {}) as Record<string, unknown>;
  const keys = [...new Set([...Object.keys(b), ...Object.keys(a)])];
  if (keys.length === 0) return <>—</>;
  const show = (k: string, v: unknown) => auditValueText(entityType, k, v);
  return (
    <ul className="fr-text--sm fr-mb-0 pilotage-audit-changes">
      {keys.map((k) => (
        <li key={k}>
          {fieldLabels[k] ?? <code>{k}</code>} : {k in b ? <>{show(k, b[k])} → </> : null}
          {show(k, a[k])}
        </li>
      ))}
    </ul>
  );
}

export default function Journal() {
  const { events, choices, filters, scope } = useLoaderData<typeof loader>();
  return (
    <>
      <h1>Journal des modifications</h1>
      <p>{scopeText[scope]} Qui, quand, quoi, avant et après.</p>
      <FilterForm buttonCol="fr-col-12">
        <FilterSelect col="fr-col-12 fr-col-md-3" name="objet" label="Objet" value={filters.entityType}>
          {choices.entityTypes.map((t) => (
            <option key={t} value={t}>
              {entityTypeLabels[t] ?? t}
            </option>
          ))}
        </FilterSelect>
        <FilterInput col="fr-col-12 fr-col-md-2" name="identifiant" label="Identifiant" value={filters.entityId} />
        <FilterSelect col="fr-col-12 fr-col-md-3" name="utilisateur" label="Auteur" value={filters.userId}>
          {choices.actors.map((a) => (
            <option key={a.id} value={a.id}>
              {a.name}
            </option>
          ))}
        </FilterSelect>
        <FilterInput col="fr-col-6 fr-col-md-2" name="du" label="Du" type="date" value={filters.from} />
        <FilterInput col="fr-col-6 fr-col-md-2" name="au" label="Au" type="date" value={filters.to} />
      </FilterForm>
      {events.items.length === 0 ? (
        <p>Aucun événement ne correspond à ces filtres.</p>
      ) : (
        <>
          <DataTable caption={`${events.total} événement(s)`} id="audit">
            <thead>
              <tr>
                <th scope="col">Date</th>
                <th scope="col">Auteur</th>
                <th scope="col">Objet</th>
                <th scope="col">Action</th>
                <th scope="col">Avant → après</th>
              </tr>
            </thead>
            <tbody>
              {events.items.map((e) => (
                <tr key={e.id} data-testid="audit-row">
                  <td>{formatDateTime(e.occurred_at)}</td>
                  <td>{e.actor_label}</td>
                  <td>
                    {entityTypeLabels[e.entity_type] ?? e.entity_type} n° {e.entity_id}
                  </td>
                  <td>{actionLabels[e.action] ?? e.action}</td>
                  <td>
                    <Changes entityType={e.entity_type} before={e.before} after={e.after} />
                  </td>
                </tr>
              ))}
            </tbody>
          </DataTable>
          <Pager page={events.page} pageSize={events.pageSize} total={events.total} />
        </>
      )}
    </>
  );
}
