import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { requirePermission } from "../auth/guard.server";
import { getDb } from "../db.server";
import { createPriceScheduleDraft, getPriceSchedule, pricesInForce } from "../domain/price-schedules/services.server";
import { parseId } from "../lib/ids";
import { todayInParis } from "../lib/dates";
import { priceScheduleSchema } from "../domain/price-schedules/schemas";
import { listContracts, listContractors } from "../domain/contracts/services.server";
import { listWorkUnits } from "../domain/work-units/services.server";
import { runForm } from "../lib/reference-action.server";
import { RefForm, stateFor, type FormState } from "../components/ReferenceForm";
import { SelectField, TextAreaField, DateField } from "../components/forms/fields";
import { PriceScheduleFields, priceFieldId } from "../components/PriceScheduleFields";
import { FieldGrid } from "../components/forms/FieldGrid";
export { RouteErrorBoundary as ErrorBoundary } from "../components/ErrorPage";

export const meta: MetaFunction = () => [{ title: "Nouvelle version de bordereau - Pilotage UO" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, "reference:write");
  const db = getDb();
  const url = new URL(request.url);
  const from = parseId(url.searchParams.get("depuis"));
  const picked = from ? await getPriceSchedule(db, from) : null;
  // a new version starts from the version in force today for that contractor and contract (whatever version the
  // link came from); else from the version named, else from nothing
  const contractId = picked?.contractId ?? parseId(url.searchParams.get("accord"));
  const contractorId = picked?.contractorId ?? parseId(url.searchParams.get("titulaire"));
  const inForce = contractId && contractorId ? await pricesInForce(db, contractId, contractorId, todayInParis()) : null;
  const [contracts, contractors, units] = await Promise.all([listContracts(db), listContractors(db), listWorkUnits(db)]);
  const base =
    contractId && contractorId && (inForce || picked)
      ? { contractId, contractorId, prices: inForce?.prices ?? picked!.prices, version: inForce?.version ?? picked!.version, inForce: !!inForce }
      : contractId || contractorId
        ? { contractId, contractorId, prices: {}, version: null, inForce: false }
        : null;
  return {
    base,
    contracts: contracts.map((c) => ({ value: c.id, label: `${c.reference} – ${c.title.slice(0, 80)}` })),
    contractors: contractors.map((c) => ({ value: c.id, label: c.name })),
    units: units.map((u) => ({ code: u.code, label: u.label })),
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requirePermission(request, "reference:write");
  const form = await request.formData();
  return runForm(form, "create", priceScheduleSchema, async (data) => {
    const id = await createPriceScheduleDraft(getDb(), user, data);
    return redirect(`/referentiel/bordereaux/${id}`);
  });
}

export default function NewPriceSchedule() {
  const { base, contracts, contractors, units } = useLoaderData<typeof loader>();
  const state = stateFor(useActionData<FormState>(), "create");
  return (
    <>
      <h1>Préparer une nouvelle version de bordereau</h1>
      <p>
        La version est enregistrée en brouillon ; elle ne s'applique qu'une fois approuvée.{" "}
        {base?.version != null && `Prix pré-remplis depuis la version ${base.version}${base.inForce ? ", en vigueur aujourd'hui" : ""}.`}
      </p>
      <RefForm fieldId={priceFieldId} intent="create" state={state} submit="Enregistrer le brouillon">
        <FieldGrid md={6}>
          <SelectField name="contractId" label="Accord-cadre" options={contracts} defaultValue={base?.contractId ?? undefined} />
          <SelectField name="contractorId" label="Titulaire" options={contractors} defaultValue={base?.contractorId ?? undefined} />
          <DateField name="validFrom" label="Début de validité" />
          <DateField name="validTo" label="Fin de validité (facultative)" hint="Laissez vide : la version vaut jusqu'à la suivante" />
        </FieldGrid>
        <TextAreaField name="note" label="Note (facultative)" hint="Par exemple : révision de prix au 1er janvier" />
        <PriceScheduleFields units={units} prices={base?.prices ?? {}} />
      </RefForm>
      <p className="fr-mt-2w">
        <Link to="/referentiel/bordereaux">Retour aux bordereaux</Link>
      </p>
    </>
  );
}
