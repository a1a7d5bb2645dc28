import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { requirePermission } from "../auth/guard.server";
import { getDb } from "../db.server";
import { DataTable } from "../components/DataTable";
import { RefForm, stateFor, type FormState } from "../components/ReferenceForm";
import { TextField } from "../components/forms/fields";
import { halfYearLabel, INTEREST_MARGIN_POINTS } from "../domain/invoices/deadline";
import { ecbRateRows } from "../domain/invoices/queries.server";
import { ecbRateSchema } from "../domain/invoices/schemas";
import { setEcbRate } from "../domain/invoices/services.server";
import { ok, runForm } from "../lib/reference-action.server";
import { dec } from "../lib/decimal";
import { formatDateTime } from "../lib/format";
import { HeaderCells, num } from "../components/HeaderCells";
export { RouteErrorBoundary as ErrorBoundary } from "../components/ErrorPage";

export const meta: MetaFunction = () => [{ title: "Taux de la BCE (intérêts moratoires) - Pilotage UO" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, "ecb-rate:write");
  return { rates: await ecbRateRows(getDb()) };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requirePermission(request, "ecb-rate:write");
  const form = await request.formData();
  return runForm(form, "save", ecbRateSchema, async (data) => {
    await setEcbRate(getDb(), user, data);
    return ok("save", `Taux du ${halfYearLabel(data.halfYear)} enregistré.`);
  });
}

const pct = (v: string) => `${dec(v).toFixed(2).replace(".", ",")} %`;

export default function EcbRates() {
  const { rates } = useLoaderData<typeof loader>();
  const state = stateFor(useActionData<FormState>(), "save");
  return (
    <>
      <h1>Taux de la BCE pour les intérêts moratoires</h1>
      <p>
        Les intérêts moratoires dus sur une facture payée en retard sont calculés au taux des opérations principales de refinancement de la Banque centrale
        européenne en vigueur au premier jour du semestre civil où le retard a commencé, majoré de {INTEREST_MARGIN_POINTS} points (article R2192-31 du code de
        la commande publique). Un semestre absent de cette table s'affiche « taux manquant » : aucun intérêt n'est calculé sans son taux.
      </p>
      <DataTable caption={`${rates.length} semestre(s)`} id="ecb-rates">
        <thead>
          <tr>
            <HeaderCells headers={["Semestre", num("Taux BCE"), num("Taux des intérêts moratoires"), "Source", "Mis à jour"]} />
          </tr>
        </thead>
        <tbody>
          {rates.map((r) => (
            <tr key={r.half_year_start}>
              <td>{halfYearLabel(r.half_year_start)}</td>
              <td className="pilotage-num">{pct(r.rate)}</td>
              <td className="pilotage-num">{pct(dec(r.rate).plus(INTEREST_MARGIN_POINTS).toString())}</td>
              <td>{r.source}</td>
              <td>{r.updated_by ? `${r.updated_by}, ${formatDateTime(r.updated_at)}` : "valeur initiale"}</td>
            </tr>
          ))}
        </tbody>
      </DataTable>
      <h2 className="fr-h4 fr-mt-4w">Ajouter ou corriger un semestre</h2>
      <RefForm intent="save" state={state} submit="Enregistrer le taux">
        <TextField name="halfYear" label="Premier jour du semestre" hint="AAAA-01-01 ou AAAA-07-01, par exemple 2026-07-01" />
        <TextField name="rate" label="Taux BCE (%)" hint="Par exemple 2,15" inputMode="decimal" />
        <TextField name="source" label="Source" hint="Par exemple : communiqué de la BCE du 5 juin 2025" />
      </RefForm>
    </>
  );
}
