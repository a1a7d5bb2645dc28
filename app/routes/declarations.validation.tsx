// Bulk service fait (issue 14): the declarations ticked in "À valider" are reviewed here (each one's days and
// what validating it counts, and their total), confirmed once, then validated one by one, each in its own
// transaction (validateDeclarations); the page reports each result, a refusal not stopping the others.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { requirePermission } from "../auth/guard.server";
import { getDb } from "../db.server";
import { ColumnTable } from "../components/ColumnTable";
import { declarationMonthColumn } from "../components/DeclarationColumns";
import { TotalRow } from "../components/TotalRow";
import { listSubmittedAmong, listVisibleAmong } from "../domain/declarations/queries.server";
import { validateDeclarations, validationPreview, type BulkValidationResult } from "../domain/declarations/services.server";
import { bulkIds, bulkValidationSchema } from "../domain/declarations/schemas";
import { answerForm, type ConformAnswer } from "../lib/form-action.server";
import { FormErrorSummary } from "../components/forms/ErrorSummary";
import { ConformForm, useConformForm } from "../components/forms/form";
import { sum, toCents } from "../lib/decimal";
import { formatDays, formatEuros, formatMonth } from "../lib/format";
export { RouteErrorBoundary as ErrorBoundary } from "../components/ErrorPage";

export const meta: MetaFunction = () => [{ title: "Valider plusieurs déclarations - Pilotage UO" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "declaration:validate");
  const db = getDb();
  const items = await listSubmittedAmong(db, user, bulkIds(new URL(request.url).searchParams.getAll("ids")));
  const previews = await Promise.all(items.map((d) => validationPreview(db, d.id)));
  const rows = items.map((d, i) => ({ ...d, amountHt: previews[i]?.totalHt ?? "0.00" }));
  return { rows, totalDays: sum(rows.map((r) => r.days)).toFixed(1), totalHt: toCents(sum(rows.map((r) => r.amountHt))) };
}

/** "octobre 2026, 25_BAM_112-2026-0014, Octopus Numérique SAS" */
function describe(d: { month: string; kind: string; orderNumber: string | null; contractorName: string }) {
  return `${formatMonth(d.month)}${d.kind === "correction" ? " (corrective)" : ""}, ${d.orderNumber}, ${d.contractorName}`;
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requirePermission(request, "declaration:validate");
  return answerForm(await request.formData(), bulkValidationSchema, async ({ ids }) => {
    // named in the action: once validated, the loader (submitted ones only) no longer lists them
    const db = getDb();
    const results = await validateDeclarations(db, user, ids);
    const labels = Object.fromEntries((await listVisibleAmong(db, user, ids)).map((d) => [d.id, describe(d)]));
    return Response.json({ results, labels } satisfies ActionData);
  });
}

type ActionData = { results?: BulkValidationResult[]; labels?: Record<number, string> } & Partial<ConformAnswer>;

export default function BulkValidation() {
  const { rows, totalDays, totalHt } = useLoaderData<typeof loader>();
  const done = useActionData<ActionData>();
  const [form] = useConformForm({ id: "validation", schema: bulkValidationSchema, lastResult: done?.result });
  const label = (id: number) => {
    const r = rows.find((x) => x.id === id);
    return done?.labels?.[id] ?? (r ? describe(r) : `Déclaration n° ${id}`);
  };
  if (done?.results?.length) {
    const ok = done.results.filter((r) => r.validated).length;
    return (
      <>
        <h1>Validation de plusieurs déclarations</h1>
        <div className={`fr-alert fr-alert--${ok === done.results.length ? "success" : "warning"} fr-mb-3w`} role="status" data-testid="bulk-summary">
          <p>
            {ok} déclaration(s) validée(s) sur {done.results.length}.
            {ok < done.results.length ? " Les autres sont restées en attente : voir la raison ci-dessous." : ""}
          </p>
        </div>
        <ul data-testid="bulk-results">
          {done.results.map((r) => (
            <li key={r.id} data-testid="bulk-result">
              <Link to={`/declarations/${r.id}`}>{label(r.id)}</Link> :{" "}
              {r.validated ? (
                <strong>validée (service fait){r.closed ? ", bon de commande soldé (tout est consommé)" : ""}</strong>
              ) : (
                <>
                  <strong>non validée</strong> — {r.message}
                </>
              )}
            </li>
          ))}
        </ul>
        <p>
          <Link to="/declarations">Retour aux déclarations</Link>
        </p>
      </>
    );
  }
  return (
    <>
      <h1>Valider plusieurs déclarations</h1>
      {rows.length === 0 ? (
        <p>
          Aucune des déclarations choisies n'attend de validation. <Link to="/declarations">Retour aux déclarations</Link>
        </p>
      ) : (
        <>
          <p>
            Vérifiez ce que vous allez certifier : chaque déclaration est validée séparément ; une déclaration refusée n'empêche pas la validation des autres.
          </p>
          <ColumnTable
            caption={`${rows.length} déclaration(s) à valider`}
            id="bulk-review"
            rows={rows}
            rowKey={(r) => r.id}
            rowTestId="bulk-review-row"
            columns={[
              declarationMonthColumn,
              { header: "Bon de commande", cell: (r) => r.orderNumber },
              { header: "Produit", cell: (r) => r.productName },
              { header: "Titulaire", cell: (r) => r.contractorName },
              { header: "Jours", cell: (r) => formatDays(r.days), num: true },
              { header: "Consommé HT à la validation", cell: (r) => formatEuros(r.amountHt), num: true },
            ]}
            foot={
              <tfoot>
                <TotalRow label="Total" span={4} figures={[{ value: formatDays(totalDays) }, { value: formatEuros(totalHt), testId: "bulk-total" }]} />
              </tfoot>
            }
          />
          <ConformForm form={form} lastResult={done?.result}>
            <FormErrorSummary form={form} />
            {rows.map((r) => (
              <input key={r.id} type="hidden" name="ids" value={r.id} />
            ))}
            <ul className="fr-btns-group fr-btns-group--inline-md">
              <li>
                <button type="submit" className="fr-btn fr-icon-check-line fr-btn--icon-left">
                  Valider ces {rows.length} déclaration(s) : {formatEuros(totalHt)} HT
                </button>
              </li>
              <li>
                <Link className="fr-btn fr-btn--secondary" to="/declarations">
                  Revenir sans rien valider
                </Link>
              </li>
            </ul>
          </ConformForm>
        </>
      )}
    </>
  );
}
