import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { notFound, requireId, requirePermission } from "../auth/guard.server";
import { can } from "../auth/grants";
import { getDb } from "../db.server";
import { orderSubcontracting } from "../domain/subcontracting/queries.server";
import { acceptanceSchema } from "../domain/subcontracting/schemas";
import { acceptSubcontractor } from "../domain/subcontracting/services.server";
import { ok, postedIntent, runForm, unknownAction } from "../lib/reference-action.server";
import { ReferenceTable } from "../components/ReferenceTable";
import { RefForm, stateFor, type FormState } from "../components/ReferenceForm";
import { DateField, TextAreaField, TextField } from "../components/forms/fields";
import { FieldGrid } from "../components/forms/FieldGrid";
import { formatDate, formatDateTime, formatEuros } from "../lib/format";
import { todayInParis } from "../lib/dates";
export { RouteErrorBoundary as ErrorBoundary } from "../components/ErrorPage";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `Sous-traitance du bon de commande ${data?.view.order.number ?? ""} - Pilotage UO` }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "order:read");
  const view = await orderSubcontracting(getDb(), user, requireId(params.id));
  if (!view) throw notFound("Ce bon de commande n'existe pas ou vous n'y avez pas accès.");
  return { view, canAccept: can(user, "subcontract:write") && view.order.status === "issued", today: todayInParis() };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requirePermission(request, "subcontract:write");
  const id = requireId(params.id);
  const { form, intent } = await postedIntent(request);
  // another tenant's order (or a draft) is not found, whatever is posted to it
  if (!(await orderSubcontracting(getDb(), user, id))) throw notFound("Ce bon de commande n'existe pas ou vous n'y avez pas accès.");
  if (intent !== "accept") return unknownAction(intent, form);
  return runForm(form, intent, acceptanceSchema, async (data) => {
    const r = await acceptSubcontractor(getDb(), user, id, data);
    return ok(intent, r.version === 1 ? "Le sous-traitant est accepté sur ce bon de commande." : `L'acceptation est modifiée (version ${r.version}).`);
  });
}

export default function Subcontracting() {
  const { view, canAccept, today } = useLoaderData<typeof loader>();
  const data = useActionData<FormState>();
  const [params] = useSearchParams();
  const editing = view.current.find((c) => String(c.companyId) === params.get("modifier"));
  const state = stateFor(data, "accept");
  const { order } = view;
  return (
    <>
      <p>
        <Link to={`/commandes/${order.id}`}>← Bon de commande {order.number}</Link>
      </p>
      <h1>Sous-traitance du bon de commande {order.number}</h1>
      <p>
        Titulaire : {order.contractorName}. Chaque sous-traitant est accepté par l'acheteur (acte spécial, DC4) pour un montant maximum HT ; il est payé
        directement, jamais au-delà. Montant total du bon de commande : <strong>{formatEuros(order.totalHt)} HT</strong>, accepté en sous-traitance :{" "}
        <strong>{formatEuros(view.acceptedHt)} HT</strong>, reste : <strong>{formatEuros(view.leftHt)} HT</strong>.
      </p>
      {view.current.length === 0 && <p data-testid="no-subcontractor">Aucun sous-traitant n'est encore accepté sur ce bon de commande.</p>}
      {view.current.length > 0 && (
        <ReferenceTable
          caption={`${view.current.length} sous-traitant(s) accepté(s)`}
          id="subcontractors"
          rows={view.current}
          rowKey={(c) => c.companyId}
          columns={[
            {
              header: "Sous-traitant",
              cell: (c) => (
                <>
                  {c.name}
                  {c.siret && (
                    <>
                      <br />
                      <span className="fr-text--xs">SIRET {c.siret}</span>
                    </>
                  )}
                </>
              ),
            },
            {
              header: "Accepté le",
              cell: (c) => (
                <>
                  {formatDate(c.acceptedOn)}
                  <br />
                  <span className="fr-text--xs">version {c.version}</span>
                </>
              ),
            },
            { header: "Montant maximum HT", cell: (c) => formatEuros(c.maxHt), right: true },
            { header: "Service fait validé HT", cell: (c) => formatEuros(c.serviceFaitHt), right: true },
            { header: "Facturé HT", cell: (c) => formatEuros(c.invoicedHt), right: true },
            { header: "Payé HT", cell: (c) => formatEuros(c.paidHt), right: true },
            { header: "Reste sur le montant accepté HT", cell: (c) => formatEuros(c.acceptedLeftHt), right: true },
          ]}
          edit={canAccept ? (c) => ({ to: `?modifier=${c.companyId}#accept`, label: `Modifier l'acceptation de ${c.name}` }) : null}
        />
      )}
      {canAccept && (
        <section id="accept">
          <h2 className="fr-mt-4w">{editing ? `Modifier l'acceptation de ${editing.name}` : "Accepter un sous-traitant (DC4)"}</h2>
          <RefForm
            key={editing?.companyId ?? "new"}
            intent="accept"
            state={state}
            submit={editing ? "Enregistrer la nouvelle version" : "Accepter le sous-traitant"}
          >
            <FieldGrid md={[4, 4, 4, 4, 4, 12, 12]}>
              <TextField
                name="siret"
                label="SIRET du sous-traitant"
                hint="14 chiffres, comme sur l'acte spécial"
                defaultValue={editing?.siret}
                inputMode="numeric"
              />
              <TextField name="name" label="Raison sociale" hint="Pour une entreprise nouvelle seulement" defaultValue={editing?.name} />
              <TextField name="address" label="Adresse" hint="Pour une entreprise nouvelle seulement" defaultValue={editing?.address} />
              <TextField name="maxHt" label="Montant maximum accepté HT (€)" hint="Par exemple 12000,00" defaultValue={editing?.maxHt} inputMode="decimal" />
              <DateField name="acceptedOn" label="Date d'acceptation" defaultValue={editing?.acceptedOn ?? today} />
              <TextAreaField name="services" label="Prestations sous-traitées" defaultValue={editing?.services} />
              {editing && <TextAreaField name="reason" label="Raison de la modification" hint="Obligatoire : l'avenant ou l'acte modificatif" />}
            </FieldGrid>
          </RefForm>
        </section>
      )}
      {view.history.length > 0 && (
        <>
          <h2 className="fr-mt-4w">Historique des acceptations</h2>
          <p>Les prestations acceptées et chaque modification de l'acte spécial, avec sa raison.</p>
          <ReferenceTable
            caption="Chaque version, la plus récente en premier"
            id="subcontracting-history"
            rows={view.history}
            rowKey={(h) => `${h.companyId}-${h.version}`}
            columns={[
              { header: "Sous-traitant", cell: (h) => h.name },
              { header: "Version", cell: (h) => h.version },
              { header: "Montant maximum HT", cell: (h) => formatEuros(h.maxHt), right: true },
              { header: "Prestations", cell: (h) => h.services },
              { header: "Accepté le", cell: (h) => formatDate(h.acceptedOn) },
              { header: "Raison", cell: (h) => h.reason || "—" },
              {
                header: "Enregistré",
                cell: (h) => (
                  <>
                    {formatDateTime(h.recordedAt)} {h.recordedBy && `par ${h.recordedBy}`}
                  </>
                ),
              },
            ]}
          />
        </>
      )}
    </>
  );
}
