import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { requireId, requirePermission, found } from "../auth/guard.server";
import { getDb } from "../db.server";
import { formatDayRate } from "../domain/orders/amounts";
import { approvePriceSchedule, deletePriceScheduleDraft, getPriceSchedule, updatePriceScheduleDraft } from "../domain/price-schedules/services.server";
import { priceScheduleSchema } from "../domain/price-schedules/schemas";
import { listWorkUnits } from "../domain/work-units/services.server";
import { ConfirmAction, RefForm, stateFor, type FormState } from "../components/ReferenceForm";
import { TextAreaField, DateField } from "../components/forms/fields";
import { PriceScheduleFields, priceFieldId } from "../components/PriceScheduleFields";
import { DataTable } from "../components/DataTable";
import { formatDate, formatDateTime, formatEuros, formatPercent } from "../lib/format";
import { FieldGrid } from "../components/forms/FieldGrid";
import { intentAction, runButton, saveForm } from "../lib/intent-action.server";
export { RouteErrorBoundary as ErrorBoundary } from "../components/ErrorPage";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data ? `Bordereau ${data.schedule.contractorName} v${data.schedule.version}` : "Bordereau"} - Pilotage UO` },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "reference:write");
  const db = getDb();
  const schedule = found(await getPriceSchedule(db, requireId(params.id)));
  const units = await listWorkUnits(db);
  return { schedule, me: user.id, units: units.map((u) => ({ code: u.code, label: u.label })) };
}

export const action = intentAction("reference:write", {
  update: async (posted) => {
    const current = found(await getPriceSchedule(posted.db, posted.id));
    return saveForm(
      priceScheduleSchema,
      ({ db, user, id }, data) => updatePriceScheduleDraft(db, user, id, data),
      "Brouillon enregistré.",
      (_, raw) => ({ ...raw, contractId: String(current.contractId), contractorId: String(current.contractorId) }),
    )(posted);
  },
  approve: runButton(
    async ({ db, user, id }) => {
      await approvePriceSchedule(db, user, id);
      return "Version approuvée : elle s'applique aux bons de commande émis à partir de sa date de début.";
    },
    { confirm: true },
  ),
  delete: runButton(
    async ({ db, user, id }) => {
      await deletePriceScheduleDraft(db, user, id);
      return redirect("/referentiel/bordereaux");
    },
    { confirm: true },
  ),
});

export default function PriceScheduleDetail() {
  const { schedule: s, units, me } = useLoaderData<typeof loader>();
  const data = useActionData<FormState>();
  const labels = Object.fromEntries(units.map((u) => [u.code, u.label]));
  const approveState = stateFor(data, "approve");
  return (
    <>
      <h1>
        Bordereau {s.contractorName}, version {s.version}
      </h1>
      <p className="fr-text--lead">
        Accord-cadre {s.contractReference} ·{" "}
        {s.validTo ? `valable du ${formatDate(s.validFrom)} au ${formatDate(s.validTo)}` : `valable à partir du ${formatDate(s.validFrom)}`} ·{" "}
        {s.status === "approved" ? (
          <span className="fr-badge fr-badge--success" data-testid="schedule-status">
            Approuvé
          </span>
        ) : (
          <span className="fr-badge fr-badge--info" data-testid="schedule-status">
            Brouillon
          </span>
        )}
      </p>
      {approveState.ok && (
        <div className="fr-alert fr-alert--success fr-alert--sm fr-mb-2w" role="status">
          <p>{approveState.ok}</p>
        </div>
      )}
      {s.status === "approved" && (
        <p>
          Approuvé le {formatDateTime(s.approvedAt)}
          {s.approvedByName ? ` par ${s.approvedByName}` : ""}. Une version approuvée n'est plus modifiable :{" "}
          <Link to={`/referentiel/bordereaux/nouveau?depuis=${s.id}`}>préparer la version suivante</Link>.
        </p>
      )}
      {s.note && <p>Note : {s.note}</p>}
      <DataTable
        caption={s.previousVersion ? `Prix unitaires HT, comparés à la version ${s.previousVersion}` : "Prix unitaires HT (première version)"}
        id="prices"
      >
        <thead>
          <tr>
            <th scope="col">Unité d'œuvre</th>
            <th scope="col" className="fr-cell--right">
              Prix unitaire HT
            </th>
            <th scope="col" className="fr-cell--right">
              Prix par jour (÷ 20)
            </th>
            <th scope="col" className="fr-cell--right">
              Version précédente
            </th>
            <th scope="col" className="fr-cell--right">
              Écart
            </th>
          </tr>
        </thead>
        <tbody>
          {s.rows.map((r) => (
            <tr key={r.code} data-testid={`price-${r.code}`}>
              <td>{labels[r.code] ?? r.code}</td>
              <td className="fr-cell--right">{formatEuros(r.unitPrice)}</td>
              <td className="fr-cell--right">{formatDayRate(r.unitPrice)}</td>
              <td className="fr-cell--right">{r.previousPrice ? formatEuros(r.previousPrice) : "—"}</td>
              <td className="fr-cell--right">
                {r.difference ? `${r.difference.startsWith("-") ? "" : "+"}${formatEuros(r.difference)} (${formatPercent(r.differenceRatio!)})` : "—"}
              </td>
            </tr>
          ))}
        </tbody>
      </DataTable>
      {s.status === "draft" && (
        <>
          <h2 className="fr-h4 fr-mt-4w">Approuver</h2>
          <p data-testid="four-eyes">
            {s.preparedById === me
              ? "Vous avez préparé cette version : elle doit être approuvée par un autre membre de la DINUM (principe des quatre yeux)."
              : `${s.preparedByName ? `Préparée par ${s.preparedByName}. ` : ""}L'approbation revient à un autre membre de la DINUM que celui qui l'a préparée.`}
          </p>
          <ConfirmAction
            intent="approve"
            label="Approuver cette version"
            secondary={false}
            state={approveState}
            question={`Une fois approuvée, la version ${s.version} ne pourra plus être modifiée et s'appliquera aux bons de commande émis à partir du ${formatDate(s.validFrom)}. La version en vigueur sans date de fin sera close la veille.`}
          />
          <h2 className="fr-h4 fr-mt-4w">Modifier le brouillon</h2>
          <EditDraft />
          <h2 className="fr-h4 fr-mt-4w">Supprimer le brouillon</h2>
          <ConfirmAction
            intent="delete"
            label="Supprimer ce brouillon"
            state={stateFor(data, "delete")}
            question="Le brouillon et ses prix seront supprimés. Cette action est définitive."
          />
        </>
      )}
      <p className="fr-mt-4w">
        <Link to="/referentiel/bordereaux">Retour aux bordereaux</Link>
      </p>
    </>
  );
}

function EditDraft() {
  const { schedule: s, units } = useLoaderData<typeof loader>();
  const state = stateFor(useActionData<FormState>(), "update");
  return (
    <RefForm fieldId={priceFieldId} intent="update" state={state} submit="Enregistrer le brouillon">
      <FieldGrid md={6}>
        <DateField name="validFrom" label="Début de validité" defaultValue={s.validFrom} />
        <DateField name="validTo" label="Fin de validité (facultative)" defaultValue={s.validTo} />
      </FieldGrid>
      <TextAreaField name="note" label="Note (facultative)" defaultValue={s.note} />
      <PriceScheduleFields units={units} prices={s.prices} />
    </RefForm>
  );
}
