import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { notFound, requireAnyPermission, requireId, requirePermission } from "../auth/guard.server";
import { getDb } from "../db.server";
import { postedIntent, runForm, runUseCase, unknownAction } from "../lib/reference-action.server";
import { pageForms } from "../components/PageForms";
import { TextAreaField } from "../components/forms/fields";
import { ColumnTable } from "../components/ColumnTable";
import { TotalRow } from "../components/TotalRow";
import { DeclarationStatusBadge } from "../components/DeclarationStatusBadge";
import { getDeclaration } from "../domain/declarations/queries.server";
import { correctionSchema, rejectSchema } from "../domain/declarations/schemas";
import {
  allowedActions,
  createCorrection,
  rejectDeclaration,
  submitDeclaration,
  validateDeclaration,
  validationPreview,
  withdrawDeclaration,
} from "../domain/declarations/services.server";
import { requireConfirmed } from "../lib/form-action.server";
import { dec, sum, toCents } from "../lib/decimal";
import { formatDateTime, formatDays, formatEuros, formatMonth, formatPercent } from "../lib/format";
import { allocateVat } from "../domain/orders/amounts";
import { ofMonth } from "../domain/declarations/caps";
import { declarationByCompany } from "../domain/companies/queries.server";
import { ServiceFaitByCompany } from "../components/ServiceFaitByCompany";
import { dataScope } from "../auth/scope.server";
import { versionedRead } from "../lib/versioned-cache.server";
export { RouteErrorBoundary as ErrorBoundary } from "../components/ErrorPage";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data ? `Déclaration ${formatMonth(data.declaration.month)} - ${data.declaration.orderNumber}` : "Déclaration"} - Pilotage UO` },
];

const NOT_FOUND = "Cette déclaration n'existe pas ou vous n'y avez pas accès.";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "declaration:read");
  const db = getDb();
  const id = requireId(params.id);
  // kept by the data version of the user's scope (a declaration, its order, lines and people move its order's
  // counters; a person renamed, users and companies the global ones), so that the page is kept whole
  const scope = dataScope(user);
  const found = await versionedRead(db, scope, `declaration|${user.id}|${user.role}|${id}`, (s) => getDeclaration(s, user, id));
  if (!found) throw notFound(NOT_FOUND);
  const d = found.declaration;
  const actions = allowedActions(
    user,
    { status: d.status, isLatestValidated: found.isLatestValidated, hasOpenCorrection: found.hasOpenCorrection },
    { status: d.orderStatus, contractor_id: d.contractorId, beneficiary_id: d.beneficiaryId },
  );
  // what validating would count, shown before it is done (the amounts validateDeclaration writes)
  const preview = d.status === "submitted" ? await versionedRead(db, scope, `validationPreview|${d.id}`, (s) => validationPreview(s, d.id)) : null;
  // R18: the service fait certified per company, once validated
  const byCompany = d.status === "validated" ? await versionedRead(db, scope, `declarationByCompany|${d.id}`, (s) => declarationByCompany(s, d.id)) : [];
  // HT, VAT and TTC as the service fait certificate states them (VAT on the total, allocated per line by allocateVat):
  // what was certified, or what validating would certify
  const lineHt = found.lines.map((l) => (d.status === "validated" ? l.consumedAmount : preview?.byOrderLine[l.orderLineId]) ?? "0");
  const vat = sum(allocateVat(lineHt, d.vatRate));
  const amounts = d.status === "validated" || preview ? { ht: toCents(sum(lineHt)), vat: toCents(vat), ttc: toCents(sum(lineHt).plus(vat)) } : null;
  return { ...found, actions, preview, byCompany, amounts };
}

export async function action({ request, params }: ActionFunctionArgs) {
  // submit and correct: its contractor; validate and reject: its correspondent (the services check which)
  const user = await requireAnyPermission(request, ["declaration:write", "declaration:validate"]);
  const id = requireId(params.id);
  const { form, intent } = await postedIntent(request);
  const db = getDb();
  switch (intent) {
    case "submit":
      return runUseCase(intent, form, async () => {
        await submitDeclaration(db, user, id);
        return redirect(`/declarations/${id}?soumise=1`);
      });
    case "withdraw":
      return runUseCase(intent, form, async () => {
        requireConfirmed(form.get("confirmed"));
        await withdrawDeclaration(db, user, id);
        return redirect(`/declarations/${id}?retiree=1`);
      });
    case "validate":
      return runUseCase(intent, form, async () => {
        requireConfirmed(form.get("confirmed"));
        await validateDeclaration(db, user, id);
        return redirect(`/declarations/${id}?validee=1`);
      });
    case "reject":
      return runForm(form, intent, rejectSchema, async ({ reason }) => {
        await rejectDeclaration(db, user, id, reason);
        return redirect(`/declarations/${id}?rejetee=1`);
      });
    case "correct":
      return runForm(form, intent, correctionSchema, async ({ reason }) => {
        const c = await createCorrection(db, user, id, reason);
        return redirect(`/declarations/${c.id}/modifier`);
      });
    default:
      // another tenant's declaration is not found, whatever is posted to it
      if (!(await getDeclaration(db, user, id))) throw notFound(NOT_FOUND);
      return unknownAction(intent, form);
  }
}

const notices: Record<string, string> = {
  soumise: "La déclaration est soumise : le correspondant du bénéficiaire peut la valider.",
  enregistree: "Le brouillon est enregistré. Il n'est pas visible du correspondant tant qu'il n'est pas soumis.",
  validee: "Service fait : la déclaration est validée et les jours sont comptés comme consommés.",
  rejetee: "La déclaration est rejetée ; le titulaire peut la corriger et la soumettre à nouveau.",
  retiree: "La déclaration est retirée : elle est de nouveau en brouillon, le correspondant ne la voit plus. Modifiez-la puis soumettez-la à nouveau.",
};

/** The declaration's action forms, one per intent (the action above answers each). */
const DeclarationActionForm = pageForms(
  {
    submit: { submit: "Soumettre au correspondant" },
    withdraw: { submit: "Retirer la déclaration" },
    validate: { submit: "Valider le service fait" },
    reject: { submit: "Rejeter la déclaration", schema: rejectSchema },
    correct: { submit: "Corriger ce mois", schema: correctionSchema },
  },
  "fr-mb-3w",
);

export default function DeclarationPage() {
  const { declaration: d, lines, chain, actions, preview, byCompany, amounts } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  const notice = Object.keys(notices).find((k) => params.has(k));
  const totalDays = lines.reduce((s, l) => s.plus(l.days), dec(0));
  const span = d.kind === "correction" ? 6 : 5;
  const atValidation = preview ? " à la validation" : "";
  return (
    <>
      <h1>
        {d.kind === "correction" ? "Déclaration corrective" : "Déclaration"} {ofMonth(d.month)}
      </h1>
      <DeclarationStatusBadge status={d.status} />
      {notice && (
        <div className="fr-alert fr-alert--success fr-alert--sm fr-mt-2w" role="status">
          <p>{notices[notice]}</p>
        </div>
      )}
      <dl className="fr-mt-2w">
        <dt className="fr-text--bold">Bon de commande</dt>
        <dd>
          <Link to={`/commandes/${d.order_id}`}>{d.orderNumber}</Link> (EJ {d.ejNumber ?? "non renseigné"})
        </dd>
        <dt className="fr-text--bold">Produit</dt>
        <dd>
          {d.productName} ({d.beneficiaryName})
        </dd>
        <dt className="fr-text--bold">Titulaire</dt>
        <dd>{d.contractorName}</dd>
        {d.kind === "correction" && (
          <>
            <dt className="fr-text--bold">Motif de la correction</dt>
            <dd>
              {d.correction_reason} (corrige la déclaration <Link to={`/declarations/${d.corrects_id}`}>n° {d.corrects_id}</Link>)
            </dd>
          </>
        )}
        {d.submitted_at && (
          <>
            <dt className="fr-text--bold">Soumise</dt>
            <dd>
              le {formatDateTime(d.submitted_at)} par {d.submittedByName}
            </dd>
          </>
        )}
        {d.validated_at && (
          <>
            <dt className="fr-text--bold">Service fait</dt>
            <dd>
              le {formatDateTime(d.validated_at)} par {d.validatedByName}
            </dd>
          </>
        )}
        {d.status === "rejected" && (
          <>
            <dt className="fr-text--bold">Rejetée</dt>
            <dd>
              le {formatDateTime(d.rejected_at)} par {d.rejectedByName} : {d.rejection_reason}
            </dd>
          </>
        )}
      </dl>
      <ColumnTable
        caption={`Lignes déclarées (${formatDays(totalDays)} j)`}
        rows={lines}
        rowKey={(l) => l.id}
        rowTestId="declared-line"
        columns={[
          {
            header: "Ligne",
            cell: (l) => (
              <>
                {l.lineNo}. {l.workUnitLabel}
              </>
            ),
          },
          { header: "Jours", cell: (l) => formatDays(l.days), num: true },
          d.kind === "correction" && { header: "Écart (j)", cell: (l) => (l.deltaDays == null ? "" : formatDays(l.deltaDays)), num: true },
          { header: "Intervenants", cell: (l) => (l.people.length ? l.people.map((p) => `${p.name} (${formatDays(p.days)} j)`).join(", ") : "non renseignés") },
          { header: "Activités", cell: (l) => l.activities, cellStyle: { whiteSpace: "pre-line" } },
          {
            header: "Reste à faire estimé",
            cell: (l) => (
              <>
                {l.remainingEstimateDays == null ? "" : `${formatDays(l.remainingEstimateDays)} j`}
                {l.remainingComment ? ` : ${l.remainingComment}` : ""}
              </>
            ),
          },
          {
            header: "Montant consommé HT",
            num: true,
            testId: "line-amount",
            cell: (l) =>
              l.consumedAmount != null ? (
                formatEuros(l.consumedAmount)
              ) : preview?.byOrderLine[l.orderLineId] != null ? (
                <>
                  {formatEuros(preview.byOrderLine[l.orderLineId])}
                  <span className="fr-sr-only"> à la validation</span>
                </>
              ) : (
                ""
              ),
          },
        ]}
        foot={
          amounts && (
            <tfoot>
              {(
                [
                  ["Total consommé HT", amounts.ht, "total-amount"],
                  [`TVA (${formatPercent(d.vatRate, 1)})`, amounts.vat, "total-vat"],
                  ["Total consommé TTC", amounts.ttc, "total-ttc"],
                ] as const
              ).map(([label, amount, testId]) => (
                <TotalRow
                  key={testId}
                  label={
                    <>
                      {label}
                      {atValidation}
                    </>
                  }
                  span={span}
                  figures={[{ value: formatEuros(amount), testId }]}
                />
              ))}
            </tfoot>
          )
        }
      />
      <ServiceFaitByCompany shares={byCompany} />
      {chain.length > 1 && (
        <>
          <h2 className="fr-h5">Historique du mois</h2>
          <ul>
            {chain.map((c) => (
              <li key={c.id}>
                {c.id === d.id ? <strong>n° {c.id}</strong> : <Link to={`/declarations/${c.id}`}>n° {c.id}</Link>} :{" "}
                {c.kind === "correction" ? "corrective" : "initiale"}, <DeclarationStatusBadge status={c.status} small />
              </li>
            ))}
          </ul>
        </>
      )}
      <h2 className="fr-h5 fr-mt-4w">Actions</h2>
      {actions.pdf && (
        <p>
          <a className="fr-link fr-icon-file-pdf-line fr-link--icon-left" href={`/declarations/${d.id}/service-fait.pdf`} download>
            Attestation de service fait (PDF)
          </a>
        </p>
      )}
      {actions.submit && <DeclarationActionForm intent="submit" />}
      {actions.edit && (
        <p>
          <Link className="fr-btn fr-btn--secondary" to={`/declarations/${d.id}/modifier`}>
            Modifier
          </Link>
        </p>
      )}
      {actions.withdraw && (
        <DeclarationActionForm
          intent="withdraw"
          secondary
          confirm={{
            icon: "fr-icon-arrow-go-back-line",
            question: (
              <p>
                La déclaration {ofMonth(d.month)} du bon {d.orderNumber} revient en brouillon : le correspondant ne la voit plus et ne peut pas la valider tant
                que vous ne l'avez pas soumise à nouveau ; ses {formatDays(totalDays)} j ne sont plus comptés en attente.
              </p>
            ),
          }}
        />
      )}
      {actions.validate && (
        <DeclarationActionForm
          intent="validate"
          confirm={{
            icon: "fr-icon-check-line",
            question: (
              <p>
                Vous certifiez le service fait {ofMonth(d.month)} pour le bon {d.orderNumber} : {formatDays(totalDays)} j
                {amounts ? `, soit ${formatEuros(amounts.ht)} HT (${formatEuros(amounts.ttc)} TTC),` : ""} seront comptés comme consommés. Une déclaration
                validée n'est plus modifiable ; seule une déclaration corrective pourra la rectifier.
              </p>
            ),
          }}
        />
      )}
      {actions.reject && (
        <DeclarationActionForm intent="reject" secondary>
          <TextAreaField name="reason" label="Motif du rejet" />
        </DeclarationActionForm>
      )}
      {actions.correct && (
        <DeclarationActionForm intent="correct" secondary>
          <TextAreaField name="reason" label="Motif de la correction (la déclaration validée reste inchangée ; une déclaration corrective est créée)" />
        </DeclarationActionForm>
      )}
      {!Object.values(actions).some(Boolean) && <p>Aucune action possible sur cette déclaration.</p>}
    </>
  );
}
