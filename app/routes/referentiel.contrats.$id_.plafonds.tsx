// R17: a contract's periods of execution and their maximum amounts HT (contract, lots), edited by DINUM.
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { found, requireId, requirePermission } from "../auth/guard.server";
import { getDb } from "../db.server";
import { getContract } from "../domain/contracts/services.server";
import { listPeriods, periodLabel, savePeriod, setLotCeiling } from "../domain/ceilings/services.server";
import { ceilingStatuses } from "../domain/ceilings/queries.server";
import { lotCeilingSchema, periodSchema } from "../domain/ceilings/schemas";
import { todayInParis } from "../lib/dates";
import { formatDate, formatEuros } from "../lib/format";
import { CeilingsTable } from "../components/CeilingsTable";
import { RefForm, stateFor, type FormState } from "../components/ReferenceForm";
import { TextField, SelectField, DateField } from "../components/forms/fields";
import { de } from "../lib/french";
import { FieldGrid } from "../components/forms/FieldGrid";
import { intentAction, saveForm } from "../lib/intent-action.server";
export { RouteErrorBoundary as ErrorBoundary } from "../components/ErrorPage";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `Montants maximums de l'accord-cadre ${data?.contract.reference ?? ""} - Pilotage UO` },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requirePermission(request, "reference:write");
  const db = getDb();
  const contractId = requireId(params.id);
  const { contract, renewals, lots } = found(await getContract(db, contractId));
  const [periods, statuses] = await Promise.all([listPeriods(db, contractId), ceilingStatuses(db, todayInParis(), { contractId })]);
  return {
    contract,
    renewals,
    lots: lots.map((l) => ({ id: l.id, number: l.number, title: l.title })),
    periods: periods.map((p) => ({ ...p, label: periodLabel(p.period_no) })),
    statuses,
  };
}

export const action = intentAction("reference:write", {
  "save-period": saveForm(periodSchema, ({ db, user, id }, data) => savePeriod(db, user, id, data), "Période et montant maximum enregistrés."),
  "set-lot-ceiling": saveForm(
    lotCeilingSchema,
    ({ db, user, id }, data) => setLotCeiling(db, user, id, data),
    (data) => (data.maxHt === null ? "Montant maximum du lot retiré." : "Montant maximum du lot enregistré."),
  ),
});

export default function ContractCeilings() {
  const { contract: c, renewals, lots, periods, statuses } = useLoaderData<typeof loader>();
  const data = useActionData<FormState>();
  const next = periods.length === 0 ? 0 : Math.max(...periods.map((p) => p.period_no)) + 1;
  // a new period defaults to the next renewal's dates, when recorded
  const renewal = renewals.find((r) => r.renewal_no === next);
  return (
    <>
      <h1>Montants maximums de l'accord-cadre {c.reference}</h1>
      <p className="fr-text--lead">
        Un bon de commande appartient à la période de sa date d'émission. Émettre ou modifier un bon de commande qui porterait le total commandé de sa période
        (bons émis et soldés, nets des annulations et de ce que les soldes libèrent) au-delà d'un maximum est refusé.
      </p>
      {statuses.length === 0 ? (
        <p>Aucune période d'exécution enregistrée : aucun montant maximum ne s'applique pour l'instant.</p>
      ) : (
        <CeilingsTable rows={statuses} caption={`Périodes d'exécution et montants maximums ${de(c.reference)}`} id="ceilings" showContract={false} />
      )}

      <h2 className="fr-mt-4w">Enregistrer une période</h2>
      <p>
        Période 0 : la période initiale ; 1, 2… : chaque reconduction. Saisir le numéro d'une période existante modifie ses dates et son maximum.
        {renewals.length > 0 &&
          ` Reconductions enregistrées : ${renewals.map((r) => `n° ${r.renewal_no} du ${formatDate(r.start_date)} au ${formatDate(r.end_date)}`).join(" ; ")}.`}
      </p>
      <RefForm intent="save-period" state={stateFor(data, "save-period")} submit="Enregistrer la période">
        <FieldGrid md={[2, 3, 3, 4]}>
          <TextField name="periodNo" label="Période n°" defaultValue={next} inputMode="numeric" />
          <DateField name="startDate" label="Début" defaultValue={renewal?.start_date ?? (next === 0 ? c.start_date : "")} />
          <DateField name="endDate" label="Fin" defaultValue={renewal?.end_date ?? ""} />
          <TextField name="maxHt" label="Montant maximum HT (€)" hint="Par exemple 1000000,00" inputMode="decimal" />
        </FieldGrid>
      </RefForm>

      {periods.length > 0 && lots.length > 0 && (
        <>
          <h2 className="fr-mt-4w">Montant maximum d'un lot</h2>
          <p>
            Facultatif : un lot peut avoir son propre maximum sur une période, en plus de celui de l'accord-cadre. Laisser le montant vide retire le maximum du
            lot.
            {periods.some((p) => p.lotCeilings.length > 0) &&
              ` Enregistrés : ${periods
                .flatMap((p) =>
                  p.lotCeilings.map((lc) => `${p.label}, lot ${lots.find((l) => l.id === lc.lot_id)?.number ?? "?"} : ${formatEuros(lc.max_ht)} HT`),
                )
                .join(" ; ")}.`}
          </p>
          <RefForm intent="set-lot-ceiling" state={stateFor(data, "set-lot-ceiling")} submit="Enregistrer le maximum du lot">
            <FieldGrid md={4}>
              <SelectField
                name="periodId"
                label="Période"
                options={periods.map((p) => ({ value: p.id, label: `${p.label} (du ${formatDate(p.start_date)} au ${formatDate(p.end_date)})` }))}
              />
              <SelectField name="lotId" label="Lot" options={lots.map((l) => ({ value: l.id, label: `Lot ${l.number} : ${l.title}` }))} />
              <TextField name="maxHt" label="Montant maximum HT du lot (€)" inputMode="decimal" />
            </FieldGrid>
          </RefForm>
        </>
      )}
      <p className="fr-mt-4w">
        <Link to={`/referentiel/contrats/${c.id}`}>Retour à l'accord-cadre {c.reference}</Link>
      </p>
    </>
  );
}
