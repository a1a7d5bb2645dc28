import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { requirePermission } from "../auth/guard.server";
import { getDb } from "../db.server";
import { auditFilterChoices, listAuditEvents } from "../domain/audit/queries.server";
import { entityTypeLabels } from "../domain/audit/labels";
import { auditNames } from "../domain/audit/names.server";
import { actorLabel, presentAuditEvent, type AuditValue } from "../domain/audit/present";
import { isIsoDate } from "../lib/dates";
import { formatDateTime } from "../lib/format";
import { DataTable } from "../components/DataTable";
import { Pager } from "../components/Pager";
import { FilterForm, FilterInput, FilterSelect } from "../components/FilterForm";
import { namedChoices } from "../components/FilterSelect";

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
  const names = await auditNames(db, events.items);
  return {
    events: {
      ...events,
      items: events.items.map((e) => ({
        id: String(e.id),
        occurred_at: e.occurred_at,
        actor_label: actorLabel(e.actor_label),
        ...presentAuditEvent(e, names),
      })),
    },
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

function Value({ value }: { value: AuditValue }) {
  if ("text" in value) return <>{value.text}</>;
  if (!value.rows.length) return <>aucune</>;
  return (
    <table className="pilotage-audit-table">
      <thead>
        <tr>
          {value.head.map((h) => (
            <th key={h} scope="col">
              {h}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {value.rows.map((r, i) => (
          <tr key={i}>
            {r.map((c, j) => (
              <td key={j}>{c}</td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function Changes({ changes }: { changes: ReturnType<typeof presentAuditEvent>["changes"] }) {
  if (changes.length === 0) return <>—</>;
  return (
    <ul className="fr-text--sm fr-mb-0 pilotage-audit-changes">
      {changes.map((c) => (
        <li key={c.field}>
          {c.label} :{" "}
          {c.before && (
            <>
              <Value value={c.before} /> →{" "}
            </>
          )}
          {c.after ? <Value value={c.after} /> : "—"}
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
        <FilterSelect
          col="fr-col-12 fr-col-md-3"
          name="objet"
          label="Objet"
          value={filters.entityType}
          choices={choices.entityTypes.map((t) => ({ value: t, label: entityTypeLabels[t] ?? t }))}
        />
        <FilterInput col="fr-col-12 fr-col-md-2" name="identifiant" label="Identifiant" value={filters.entityId} />
        <FilterSelect col="fr-col-12 fr-col-md-3" name="utilisateur" label="Auteur" value={filters.userId} choices={namedChoices(choices.actors)} />
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
                  <td className="fr-cell--multiline">{e.subject}</td>
                  <td className="fr-cell--multiline">{e.action}</td>
                  <td className="fr-cell--multiline fr-col--lg">
                    <Changes changes={e.changes} />
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
