import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { requireId, requirePermission, found } from "../auth/guard.server";
import { getDb } from "../db.server";
import { parseId } from "../lib/ids";
import { Refusal } from "../lib/refusal";
import { addRisk, beneficiaryChoices, changePhase, getProduct, mayWriteProductsOf, updateProduct, updateRisk } from "../domain/products/services.server";
import { phaseSchema, productKinds, productPhases, productSchema, riskLevels, riskSchema, riskStatuses } from "../domain/products/schemas";
import { formatDate } from "../lib/format";
import { ReferenceTable } from "../components/ReferenceTable";
import { ProductFields } from "../components/ProductFields";
import { RefForm, stateFor, typedValue, type FormState } from "../components/ReferenceForm";
import { TextField, SelectField, TextAreaField, DateField } from "../components/forms/fields";
import { FieldGrid } from "../components/forms/FieldGrid";
import { intentAction, saveForm } from "../lib/intent-action.server";
export { RouteErrorBoundary as ErrorBoundary } from "../components/ErrorPage";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.product.name ?? "Produit"} - Pilotage UO` }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "product:read");
  const db = getDb();
  const product = found(await getProduct(db, user, requireId(params.id)));
  const beneficiaries = await beneficiaryChoices(db, user);
  return {
    product,
    canWrite: mayWriteProductsOf(user, product.beneficiary_id),
    beneficiaries: beneficiaries?.map((b) => ({ value: b.id, label: b.name })) ?? null,
  };
}

export const action = intentAction("product:write", {
  update: saveForm(
    productSchema,
    ({ db, user, id }, data) => updateProduct(db, user, id, data),
    "Produit enregistré.",
    ({ user }, raw) => ({ ...raw, beneficiaryId: raw.beneficiaryId ?? String(user.beneficiaryId ?? "") }),
  ),
  phase: saveForm(phaseSchema, ({ db, user, id }, data) => changePhase(db, user, id, data), "Changement de phase enregistré."),
  "add-risk": saveForm(riskSchema, ({ db, user, id }, data) => addRisk(db, user, id, data), "Risque ajouté."),
  "update-risk": saveForm(
    riskSchema,
    async ({ db, user, id, form }, data) => {
      const riskId = parseId(form.get("riskId"));
      if (riskId === null) throw new Refusal("Ce risque n'existe pas.", { status: 404 });
      await updateRisk(db, user, id, riskId, data);
    },
    "Risque enregistré.",
  ),
});

const options = (o: Record<string, string>) => Object.entries(o).map(([value, label]) => ({ value, label }));

export default function ProductDetail() {
  const { product: p, canWrite, beneficiaries } = useLoaderData<typeof loader>();
  const data = useActionData<FormState>();
  const [params] = useSearchParams();
  const editingRisk = p.risks.find((r) => String(r.id) === (typedValue(stateFor(data, "update-risk"), "riskId") ?? params.get("risque")));
  return (
    <>
      <h1>{p.name}</h1>
      <p className="fr-text--lead">
        {p.beneficiaryName} · {productKinds[p.kind]} · {p.phase ? `phase ${productPhases[p.phase].toLowerCase()}` : "phase non renseignée"}
      </p>
      {p.description && <p>{p.description}</p>}
      {p.registry_id ? (
        <p data-testid="registry">
          Fiche du registre beta.gouv.fr : <code>{p.registry_id}</code>
          {p.incubator ? ` · incubateur ${p.incubator}` : ""}
          {p.mission ? ` · ${p.mission}` : ""}
          {p.link ? (
            <>
              {" · "}
              <a href={p.link} target="_blank" rel="noopener noreferrer" title={`${p.link} (nouvelle fenêtre)`}>
                site
              </a>
            </>
          ) : null}
          {p.repository ? (
            <>
              {" · "}
              <a href={p.repository} target="_blank" rel="noopener noreferrer" title={`${p.repository} (nouvelle fenêtre)`}>
                dépôt de code
              </a>
            </>
          ) : null}
        </p>
      ) : (
        <p data-testid="registry">Produit saisi à la main (hors registre beta.gouv.fr).</p>
      )}
      <p>
        <Link className="fr-link fr-icon-line-chart-line fr-link--icon-left" to={`/suivi/produits/${p.id}`}>
          Consommation des bons de commande du produit et prévision
        </Link>
      </p>
      <p>
        Statistiques :{" "}
        {p.stats_url ? (
          <a href={p.stats_url} target="_blank" rel="noopener noreferrer" title={`${p.stats_url} (nouvelle fenêtre)`}>
            {p.stats_url}
          </a>
        ) : (
          "non renseignées"
        )}
      </p>

      <h2 className="fr-mt-4w">Historique des phases</h2>
      <ReferenceTable
        caption="Phases du produit, de la plus récente à la plus ancienne"
        id="phases"
        rows={p.phases}
        rowKey={(ph) => ph.id}
        columns={[
          { header: "Phase", cell: (ph) => productPhases[ph.phase] },
          { header: "Depuis le", cell: (ph) => formatDate(ph.started_on) },
          { header: "Jusqu'au", cell: (ph) => (ph.ended_on ? formatDate(ph.ended_on) : "") },
          { header: "Décision", cell: (ph) => ph.decision },
          { header: "Enregistrée par", cell: (ph) => ph.recordedBy ?? "" },
        ]}
      />
      {canWrite && (
        <RefForm intent="phase" state={stateFor(data, "phase")} submit="Enregistrer le changement de phase">
          <FieldGrid md={4}>
            <SelectField name="phase" label="Nouvelle phase" options={options(productPhases)} />
            <DateField name="startedOn" label="Date de la décision" />
            <TextField name="decision" label="Décision" hint="Par exemple : comité d'investissement du …" />
          </FieldGrid>
        </RefForm>
      )}

      <h2 className="fr-mt-4w">Risques principaux</h2>
      {p.risks.length === 0 ? (
        <p>Aucun risque enregistré.</p>
      ) : (
        <ReferenceTable
          caption="Risques du produit"
          id="risks"
          rows={p.risks}
          rowKey={(r) => r.id}
          columns={[
            {
              header: "Risque",
              cell: (r) => (
                <>
                  {r.title}
                  {r.description && (
                    <>
                      <br />
                      <span className="fr-text--sm">{r.description}</span>
                    </>
                  )}
                </>
              ),
            },
            { header: "Niveau", cell: (r) => riskLevels[r.level] },
            { header: "Statut", cell: (r) => riskStatuses[r.status] },
            { header: "Identifié le", cell: (r) => formatDate(r.identified_on) },
          ]}
          edit={canWrite ? (r) => ({ to: `?risque=${r.id}`, label: `Modifier le risque ${r.title}` }) : null}
        />
      )}
      {canWrite && editingRisk && (
        <>
          <h3 className="fr-h5">Modifier le risque « {editingRisk.title} »</h3>
          <RefForm intent="update-risk" state={stateFor(data, "update-risk")} submit="Enregistrer le risque">
            <input type="hidden" name="riskId" value={editingRisk.id} />
            <RiskFields initial={editingRisk} />
          </RefForm>
        </>
      )}
      {canWrite && (
        <>
          <h3 className="fr-h5">Ajouter un risque</h3>
          <RefForm intent="add-risk" state={stateFor(data, "add-risk")} submit="Ajouter le risque">
            <RiskFields />
          </RefForm>
          <h2 className="fr-mt-4w">Modifier le produit</h2>
          <RefForm intent="update" state={stateFor(data, "update")} submit="Enregistrer le produit">
            <ProductFields beneficiaries={beneficiaries} initial={p} />
          </RefForm>
        </>
      )}
      <p className="fr-mt-4w">
        <Link to="/produits">Retour aux produits</Link>
      </p>
    </>
  );
}

function RiskFields({ initial }: { initial?: { title: string; level: string; status: string; identified_on: string; description: string } }) {
  return (
    <FieldGrid md={[6, 2, 2, 2, 12]}>
      <TextField name="title" label="Intitulé" defaultValue={initial?.title} />
      <SelectField name="level" label="Niveau" options={options(riskLevels)} defaultValue={initial?.level} />
      <SelectField name="status" label="Statut" options={options(riskStatuses)} defaultValue={initial?.status ?? "ouvert"} placeholder={null} />
      <DateField name="identifiedOn" label="Identifié le" defaultValue={initial?.identified_on} />
      <TextAreaField name="description" label="Description (facultative)" defaultValue={initial?.description} rows={2} />
    </FieldGrid>
  );
}
