// R17: the budget year's closing dates (DINUM sets them), the beneficiary's AE envelope (its correspondents
// set it) and the year-end view: AE committed not yet consumed, scoped, with the days left.
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { requirePermission } from "../auth/guard.server";
import { can } from "../auth/grants";
import { getDb } from "../db.server";
import { listBudgetYears, setBudgetYear, yearEnd } from "../domain/budget-years/services.server";
import { budgetYearSchema } from "../domain/budget-years/schemas";
import { setEnvelope } from "../domain/envelopes/services.server";
import { envelopeStatuses } from "../domain/dashboard/dashboard.server";
import { envelopeSchema } from "../domain/envelopes/schemas";
import { todayInParis } from "../lib/dates";
import { formatDate, formatEuros } from "../lib/format";
import { ColumnTable } from "../components/ColumnTable";
import { EnvelopesTable } from "../components/EnvelopesTable";
import { RefForm, stateFor, type FormState } from "../components/ReferenceForm";
import { TextField, DateField } from "../components/forms/fields";
import { FieldGrid } from "../components/forms/FieldGrid";
import { intentAction, saveForm } from "../lib/intent-action.server";
export { RouteErrorBoundary as ErrorBoundary } from "../components/ErrorPage";

export const meta: MetaFunction = () => [{ title: "Fin d'année budgétaire - Pilotage UO" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "budget-year:read");
  const today = todayInParis();
  const asked = new URL(request.url).searchParams.get("annee") ?? "";
  const year = /^20[0-9]{2}$/.test(asked) ? Number(asked) : Number(today.slice(0, 4));
  const db = getDb();
  const [view, years, envelopes] = await Promise.all([yearEnd(db, user, year, today), listBudgetYears(db), envelopeStatuses(db, user, year)]);
  return { view, years, envelopes, setsYears: can(user, "reference:write"), setsEnvelope: can(user, "envelope:write"), organisation: user.organisation };
}

export const action = intentAction("budget-year:read", {
  "set-year": saveForm(
    budgetYearSchema,
    ({ db, user }, data) => setBudgetYear(db, user, data),
    (data) => `Dates de clôture ${data.year} enregistrées.`,
  ),
  "set-envelope": saveForm(
    envelopeSchema,
    ({ db, user }, data) => setEnvelope(db, user, data),
    (data) => (data.aeTtc === null ? `Enveloppe ${data.year} retirée.` : `Enveloppe AE ${data.year} enregistrée.`),
  ),
});

function daysText(days: number | null): string {
  if (days === null) return "";
  if (days < 0) return ` (dépassé depuis ${-days} jour${days < -1 ? "s" : ""})`;
  return days === 0 ? " (aujourd'hui)" : ` (dans ${days} jour${days > 1 ? "s" : ""})`;
}

export default function BudgetYear() {
  const { view: v, years, envelopes, setsYears, setsEnvelope, organisation } = useLoaderData<typeof loader>();
  const data = useActionData<FormState>();
  const mine = envelopes[0];
  return (
    <>
      <h1>Fin d'année budgétaire {v.year}</h1>
      <p className="fr-text--lead">{organisation} : les engagements (AE) des bons de commande en cours qui ne sont pas encore consommés.</p>
      {v.lastOrderOn ? (
        <ul>
          <li>
            Dernier jour des commandes : <strong>{formatDate(v.lastOrderOn)}</strong>
            {daysText(v.daysToLastOrder)}
          </li>
          <li>
            Dernier jour des paiements : <strong>{formatDate(v.lastPaymentOn)}</strong>
            {daysText(v.daysToLastPayment)}
          </li>
        </ul>
      ) : (
        <p>La DINUM n'a pas encore fixé les dates de clôture de {v.year}.</p>
      )}
      <p>
        Autres années :{" "}
        {[v.year - 1, v.year + 1].map((y, i) => (
          <span key={y}>
            {i > 0 && " · "}
            <Link to={`/annee-budgetaire?annee=${y}`}>{y}</Link>
          </span>
        ))}
      </p>

      <h2 className="fr-h4">AE engagées non encore consommées : {formatEuros(v.totalRemainingTtc)} TTC</h2>
      <ul data-testid="year-end-invoicing">
        <li>
          Service fait non encore facturé{v.current ? " à ce jour" : ` au 31/12/${v.year}`} : <strong>{formatEuros(v.serviceFaitNotInvoicedTtc)} TTC</strong>
        </li>
        <li>
          Facturé non encore payé{v.current ? " à ce jour" : ` au 31/12/${v.year}`} : <strong>{formatEuros(v.invoicedNotPaidTtc)} TTC</strong> (
          <Link to="/factures">factures</Link>)
        </li>
      </ul>
      {v.rows.length === 0 ? (
        <p>Aucun bon de commande en cours avec un reste à consommer.</p>
      ) : (
        <ColumnTable
          caption={`Bons de commande en cours avec un reste à consommer (${v.rows.length})`}
          id="year-end"
          rows={v.rows}
          rowKey={(r) => r.id}
          columns={[
            { header: "Bon de commande", cell: (r) => <Link to={`/commandes/${r.id}`}>{r.number}</Link> },
            { header: "Bénéficiaire", cell: (r) => r.beneficiary },
            { header: "Produit", cell: (r) => r.product },
            { header: "Titulaire", cell: (r) => r.contractor },
            { header: "Fin", cell: (r) => formatDate(r.periodEnd) },
            { header: "Commandé TTC", cell: (r) => formatEuros(r.orderedTtc), right: true },
            { header: "Consommé TTC", cell: (r) => formatEuros(r.consumedTtc), right: true },
            { header: "AE non consommées TTC", cell: (r) => formatEuros(r.remainingTtc), right: true },
          ]}
        />
      )}

      {envelopes.length > 0 && <EnvelopesTable rows={envelopes} caption={`Enveloppes AE ${v.year}`} />}
      {setsEnvelope && (
        <>
          <h2 className="fr-h4 fr-mt-4w">Enveloppe AE {v.year} de votre bénéficiaire</h2>
          <p>Facultative : au-delà, les bons de commande restent possibles mais vous êtes averti avant de les émettre. Laisser vide retire l'enveloppe.</p>
          <RefForm intent="set-envelope" state={stateFor(data, "set-envelope")} submit="Enregistrer l'enveloppe">
            <input type="hidden" name="year" value={v.year} />
            <TextField name="aeTtc" label={`Enveloppe AE ${v.year} (€ TTC)`} defaultValue={mine?.envelopeTtc ?? ""} inputMode="decimal" />
          </RefForm>
        </>
      )}
      {setsYears && (
        <>
          <h2 className="fr-h4 fr-mt-4w">Dates de clôture</h2>
          {years.length > 0 && (
            <p>
              Enregistrées :{" "}
              {years
                .map((y) => `${y.year} : commandes jusqu'au ${formatDate(y.last_order_on)}, paiements jusqu'au ${formatDate(y.last_payment_on)}`)
                .join(" ; ")}
              .
            </p>
          )}
          <RefForm intent="set-year" state={stateFor(data, "set-year")} submit="Enregistrer les dates">
            <FieldGrid md={[2, 5, 5]}>
              <TextField name="year" label="Année" defaultValue={v.year} inputMode="numeric" />
              <DateField name="lastOrderOn" label="Dernier jour des commandes" defaultValue={v.lastOrderOn} />
              <DateField name="lastPaymentOn" label="Dernier jour des paiements" defaultValue={v.lastPaymentOn} />
            </FieldGrid>
          </RefForm>
        </>
      )}
    </>
  );
}
