import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { notFound, requireId, requirePermission, found } from "../auth/guard.server";
import { getDb } from "../db.server";
import {
  addHolder,
  addRenewal,
  createLot,
  endHolding,
  findLotOfContract,
  getContract,
  listContractors,
  updateContract,
  updateLot,
} from "../domain/contracts/services.server";
import { contractSchema, endHoldingSchema, holderSchema, lotSchema, renewalSchema } from "../domain/contracts/schemas";
import { isConfirmed, needsConfirmation } from "../lib/reference-action.server";
import { formatDate } from "../lib/format";
import { todayInParis } from "../lib/dates";
import { ColumnTable } from "../components/ColumnTable";
import { ContractFields } from "../components/ContractFields";
import { ConfirmAction, RefForm, stateFor, type FormState } from "../components/ReferenceForm";
import { TextField, SelectField, DateField } from "../components/forms/fields";
import { de } from "../lib/french";
import { FieldGrid } from "../components/forms/FieldGrid";
import { intentAction, saveForm, type Posted } from "../lib/intent-action.server";
export { RouteErrorBoundary as ErrorBoundary } from "../components/ErrorPage";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `Accord-cadre ${data?.contract.reference ?? ""} - Pilotage UO` }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requirePermission(request, "reference:write");
  const db = getDb();
  const contract = found(await getContract(db, requireId(params.id)));
  const contractors = await listContractors(db);
  return { ...contract, contractors: contractors.map((c) => ({ value: c.id, label: c.name })) };
}

/** The lot the form names (lotId), if it is one of this contract's: else 404. */
async function lotOfContract({ db, id, form }: Posted) {
  const v = String(form.get("lotId") ?? "");
  const l = await findLotOfContract(db, id, /^[1-9][0-9]{0,8}$/.test(v) ? Number(v) : 0);
  if (!l) throw notFound("Ce lot n'appartient pas à cet accord-cadre.");
  return l;
}

export const action = intentAction("reference:write", {
  update: saveForm(contractSchema, ({ db, user, id }, data) => updateContract(db, user, id, data), "Accord-cadre enregistré."),
  renew: saveForm(renewalSchema, ({ db, user, id }, data) => addRenewal(db, user, id, data), "Reconduction enregistrée."),
  "create-lot": saveForm(lotSchema, ({ db, user, id }, data) => createLot(db, user, id, data), "Lot créé."),
  // a lot's forms answer under their own key (several on the page)
  "update-lot": async (posted) => {
    const lot = await lotOfContract(posted);
    return saveForm(lotSchema, ({ db, user }, data) => updateLot(db, user, lot, data), "Lot enregistré.")({ ...posted, intent: `update-lot-${lot}` });
  },
  "add-holder": async (posted) => {
    const lot = await lotOfContract(posted);
    return saveForm(
      holderSchema,
      ({ db, user }, data) => addHolder(db, user, lot, data),
      "Titulaire ajouté au lot.",
    )({ ...posted, intent: `add-holder-${lot}` });
  },
  "end-holding": async (posted) => {
    const lot = await lotOfContract(posted);
    const key = `end-holding-${lot}-${posted.form.get("contractorId")}`;
    if (!isConfirmed(posted.form)) return needsConfirmation(key, posted.form);
    return saveForm(
      endHoldingSchema,
      ({ db, user }, data) => endHolding(db, user, lot, data.contractorId, todayInParis()),
      "Fin de détention enregistrée.",
    )({ ...posted, intent: key });
  },
});

export default function ContractDetail() {
  const { contract: c, renewals, lots, contractors } = useLoaderData<typeof loader>();
  const data = useActionData<FormState>();
  return (
    <>
      <h1>Accord-cadre {c.reference}</h1>
      <p className="fr-text--lead">{c.title}</p>
      <p>
        Du {formatDate(c.start_date)} au {formatDate(c.end_date)}
        {c.notified_on ? `, notifié le ${formatDate(c.notified_on)}` : ""}. Acheteur : {c.buyer}. La fin d'un accord-cadre ne modifie jamais ses bons de
        commande.
      </p>

      <h2 className="fr-mt-4w">Lots et titulaires</h2>
      {lots.length === 0 && <p>Aucun lot pour l'instant : créez-en un ci-dessous.</p>}
      {lots.map((l) => (
        <section key={l.id} className="fr-mb-4w" aria-labelledby={`lot-${l.id}`}>
          <h3 className="fr-h5" id={`lot-${l.id}`}>
            Lot {l.number} : {l.title}
          </h3>
          {l.holders.length === 0 ? (
            <p>Aucun titulaire.</p>
          ) : (
            <ColumnTable
              caption={`Titulaires du lot ${l.number}`}
              id={`holders-${l.id}`}
              rows={l.holders}
              rowKey={(h) => h.contractor_id}
              columns={[
                { header: "Titulaire", cell: (h) => h.name },
                { header: "Depuis", cell: (h) => formatDate(h.since) },
                { header: "Jusqu'au", cell: (h) => (h.until ? formatDate(h.until) : "—") },
                {
                  header: "Action",
                  cell: (h) => {
                    const st = stateFor(data, `end-holding-${l.id}-${h.contractor_id}`);
                    return (
                      !h.until && (
                        <ConfirmAction
                          intent="end-holding"
                          state={{ ...st, intent: st.intent ? "end-holding" : undefined }}
                          label={`Mettre fin à la détention ${de(h.name)}`}
                          hidden={{ lotId: l.id, contractorId: h.contractor_id }}
                          question={`${h.name} ne sera plus proposé pour les nouveaux bons de commande de ce lot à partir de demain. Ses bons de commande existants ne changent pas.`}
                        />
                      )
                    );
                  },
                },
              ]}
            />
          )}
          <details className="fr-mt-1w">
            <summary>Ajouter un titulaire au lot {l.number}</summary>
            <RefForm intent="add-holder" id={`add-holder-${l.id}`} state={stateFor(data, `add-holder-${l.id}`)} submit="Ajouter le titulaire">
              <input type="hidden" name="lotId" value={l.id} />
              <FieldGrid md={[6, 3, 3]}>
                <SelectField name="contractorId" label="Titulaire" options={contractors} />
                <DateField name="since" label="Depuis" defaultValue={c.start_date} />
                <DateField name="until" label="Jusqu'au (facultatif)" />
              </FieldGrid>
            </RefForm>
          </details>
          <details className="fr-mt-1w">
            <summary>Modifier le lot {l.number}</summary>
            <RefForm intent="update-lot" id={`update-lot-${l.id}`} state={stateFor(data, `update-lot-${l.id}`)} submit="Enregistrer le lot">
              <input type="hidden" name="lotId" value={l.id} />
              <FieldGrid md={[3, 9]}>
                <TextField name="number" label="Numéro" defaultValue={l.number} inputMode="numeric" />
                <TextField name="title" label="Intitulé" defaultValue={l.title} />
              </FieldGrid>
            </RefForm>
          </details>
        </section>
      ))}
      <h3 className="fr-h5">Nouveau lot</h3>
      <RefForm intent="create-lot" state={stateFor(data, "create-lot")} submit="Créer le lot">
        <FieldGrid md={[3, 9]}>
          <TextField name="number" label="Numéro" defaultValue={lots.length + 1} inputMode="numeric" />
          <TextField name="title" label="Intitulé" />
        </FieldGrid>
      </RefForm>

      <h2 className="fr-mt-4w">Reconductions</h2>
      {renewals.length === 0 ? (
        <p>Aucune reconduction.</p>
      ) : (
        <ColumnTable
          caption="Reconductions"
          id="renewals"
          rows={renewals}
          rowKey={(r) => r.id}
          columns={[
            { header: "N°", cell: (r) => r.renewal_no },
            {
              header: "Période",
              cell: (r) => (
                <>
                  du {formatDate(r.start_date)} au {formatDate(r.end_date)}
                </>
              ),
            },
            { header: "Décidée le", cell: (r) => formatDate(r.decided_on) },
          ]}
        />
      )}
      <RefForm intent="renew" state={stateFor(data, "renew")} submit="Enregistrer la reconduction">
        <FieldGrid md={4}>
          <DateField name="startDate" label="Début de la reconduction" />
          <DateField name="endDate" label="Fin de la reconduction" />
          <DateField name="decidedOn" label="Décidée le (facultatif)" />
        </FieldGrid>
      </RefForm>

      <h2 className="fr-mt-4w">Modifier l'accord-cadre</h2>
      <ContractFields intent="update" state={stateFor(data, "update")} submit="Enregistrer l'accord-cadre" initial={c} />
      <p className="fr-mt-4w">
        <Link to="/referentiel/contrats">Retour aux accords-cadres</Link> ·{" "}
        <Link to={`/referentiel/bordereaux?accord=${c.id}`}>Bordereaux de prix de cet accord-cadre</Link> ·{" "}
        <Link to={`/referentiel/contrats/${c.id}/plafonds`}>Périodes d'exécution et montants maximums</Link>
      </p>
    </>
  );
}
