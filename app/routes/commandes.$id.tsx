import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { useField } from "@conform-to/react";
import { notFound, requireId, requirePermission } from "../auth/guard.server";
import { getDb } from "../db.server";
import { allowedOrderActions, hasActions } from "../domain/orders/actions";
import { getOrder, orderPage } from "../domain/orders/queries.server";
import { todayInParis } from "../lib/dates";
import { OrderDeclarations } from "../components/OrderDeclarations";
import { OrderInvoices } from "../components/Invoices";
import { orderInvoicing } from "../domain/invoices/queries.server";
import { subcontractingSummary } from "../domain/subcontracting/queries.server";
import { OrderSubcontracting } from "../components/OrderSubcontracting";
import { formatDayRate } from "../domain/orders/amounts";
import { isEndedWithRemaining } from "../domain/orders/ending";
import { sum, toCents } from "../lib/decimal";
import { cancelSchema, closeSchema, commitmentSchema, deleteSchema, issueSchema } from "../domain/orders/schemas";
import { AttributionChangedError, cancelOrder, closeOrder, deleteDraft, issueOrder, updateCommitment } from "../domain/orders/services.server";
import { answerAction, conformReply, requireConfirmed, submittedValue } from "../lib/form-action.server";
import { parseSubmission } from "../lib/conform";
import { postedIntent, runForm, unknownAction } from "../lib/reference-action.server";
import { stateFor, typedValue, type FormState } from "../components/ReferenceForm";
import { pageForms } from "../components/PageForms";
import { CheckboxField, TextAreaField, TextField } from "../components/forms/fields";
import { useHydrated } from "../components/forms/useHydrated";
import { ColumnTable } from "../components/ColumnTable";
import { TotalRow } from "../components/TotalRow";
import { DescriptionList } from "../components/DescriptionList";
import { FigureCells, figureColumns, type FigureKey } from "../components/FigureCells";
import { FigureTiles } from "../components/FigureTiles";
import { OrderStatusBadge } from "../components/OrderStatusBadge";
import { formatDate, formatDateTime, formatDays, formatEuros, formatPercent, formatQuantity } from "../lib/format";
import { issueWarnings } from "../domain/budget-years/warnings.server";
import { Warnings } from "../components/Warnings";
import { FieldGrid } from "../components/forms/FieldGrid";
import { dataScope } from "../auth/scope.server";
import { versionedRead } from "../lib/versioned-cache.server";
export { RouteErrorBoundary as ErrorBoundary } from "../components/ErrorPage";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.order.number ? `Bon de commande ${data.order.number}` : "Brouillon de bon de commande"} - Pilotage UO` },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "order:read");
  const today = todayInParis();
  const page = await orderPage(getDb(), user, requireId(params.id), today);
  if (!page) throw notFound("Ce bon de commande n'existe pas ou vous n'y avez pas accès.");
  const { found, revisions, declarations } = page;
  const remainingDays = found.figures.remainingDays;
  const allowed = allowedOrderActions(user, found.order);
  // kept by the data version of the user's scope, like the page (invoices move their order's counters)
  const scope = dataScope(user);
  const invoicing = allowed.invoices
    ? await versionedRead(getDb(), scope, `orderInvoicing|${user.id}|${user.role}|${found.order.id}|${today}`, (s) =>
        orderInvoicing(s, user, found.order.id, today),
      )
    : null;
  return {
    ...found,
    // R17: the budget year closed for orders, the AE envelope exceeded: read before issuing (never blocking)
    warnings: allowed.edit ? await issueWarnings(getDb(), user, today, found.order.total_ttc) : [],
    endedWithRemaining: isEndedWithRemaining({ status: found.order.status, periodEnd: found.order.period_end, remainingDays }, today),
    revisions: revisions.map(({ lines, ...r }) => ({ ...r, lineCount: Array.isArray(lines) ? lines.length : 0 })),
    // what the page offers: one domain function (the services check again)
    allowed,
    declarations,
    invoicing,
    // R18: the DC4 acceptances of the order (its own page lists them)
    subcontracting:
      found.order.status === "draft"
        ? null
        : await versionedRead(getDb(), scope, `subcontracting|${found.order.id}`, (s) => subcontractingSummary(s, found.order.id)),
  };
}

const messages: Record<string, string> = {
  created: "Le brouillon est enregistré. Vérifiez-le puis émettez le bon de commande.",
  updated: "Le brouillon est mis à jour.",
  issued: "Le bon de commande est émis : il est numéroté, ses prix sont figés et le titulaire le voit.",
  amended: "La modification est enregistrée dans une nouvelle révision.",
  cancelled: "Le bon de commande est annulé.",
  closed: "Le bon de commande est soldé : le reste est libéré ; il ne reçoit plus de déclaration.",
  commitment: "L'engagement juridique et l'imputation sont enregistrés.",
};

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requirePermission(request, "order:write");
  const id = requireId(params.id);
  const { form, intent } = await postedIntent(request);
  const db = getDb();
  const done = (what: string) => redirect(`/commandes/${id}?ok=${what}`);
  switch (intent) {
    case "issue": {
      const submission = parseSubmission(form, issueSchema);
      // the turn moved since the draft: the form asks for a reason, against the holder now proposed
      const reply = conformReply(submission, (r) => ({
        intent,
        error: r.message,
        proposedContractorId: r instanceof AttributionChangedError ? r.proposedContractorId : undefined,
      }));
      return answerAction(reply, async () => {
        const input = submittedValue(submission);
        requireConfirmed(form.get("confirmed"));
        await issueOrder(db, user, id, input);
        return done("issued");
      });
    }
    case "delete":
      return runForm(form, intent, deleteSchema, async () => {
        await deleteDraft(db, user, id);
        return redirect("/commandes?ok=deleted");
      });
    case "cancel":
      return runForm(form, intent, cancelSchema, async (input) => {
        requireConfirmed(form.get("confirmed"));
        await cancelOrder(db, user, id, input);
        return done("cancelled");
      });
    case "close":
      return runForm(form, intent, closeSchema, async (input) => {
        await closeOrder(db, user, id, input);
        return done("closed");
      });
    case "commitment":
      return runForm(form, intent, commitmentSchema, async (input) => {
        await updateCommitment(db, user, id, input);
        return done("commitment");
      });
    default:
      // another tenant's order is not found, whatever is posted to it
      if (!(await getOrder(db, user, id))) throw notFound("Ce bon de commande n'existe pas ou vous n'y avez pas accès.");
      return unknownAction(intent, form);
  }
}

type ActionData = FormState & { proposedContractorId?: number };

function CommitmentFields({ order }: { order: { ej_number: string | null; budget_programme: string | null; budget_centre: string | null } }) {
  return (
    <FieldGrid md={4}>
      <TextField name="ejNumber" label="Numéro d'EJ" defaultValue={order.ej_number} />
      <TextField name="budgetProgramme" label="Programme" defaultValue={order.budget_programme} />
      <TextField name="budgetCentre" label="Centre financier" defaultValue={order.budget_centre} />
    </FieldGrid>
  );
}

/** The round-robin turn moved since the draft (AttributionChangedError): why this holder rather than the one proposed now. */
function AttributionReason({ state }: { state: ActionData }) {
  const proposed = state.proposedContractorId ?? typedValue(state, "proposedContractorId");
  if (!state.result?.error?.attributionReason && !typedValue(state, "attributionReason")) return null;
  return (
    <>
      <input type="hidden" name="proposedContractorId" value={String(proposed ?? "")} />
      <TextAreaField name="attributionReason" label="Raison du choix de ce titulaire plutôt que celui dont c'est le tour" rows={2} />
    </>
  );
}

/** The order's action forms, one per intent (the action above answers each). */
const OrderActionForm = pageForms(
  {
    issue: { submit: "Émettre le bon de commande", title: "Émettre le bon de commande", schema: issueSchema },
    delete: { submit: "Supprimer le brouillon", title: "Supprimer le brouillon", schema: deleteSchema },
    close: { submit: "Solder et libérer le reste", title: "Solder le bon de commande", schema: closeSchema },
    cancel: { submit: "Annuler le bon de commande", title: "Annuler le bon de commande", schema: cancelSchema },
    commitment: { submit: "Enregistrer l'engagement", title: "Engagement juridique et imputation", schema: commitmentSchema },
  },
  "fr-mb-4w",
);

/** Without JavaScript the DSFR modal cannot ask: the box the action requires (confirm=on) stands in for it. */
function ConfirmBoxWithoutJs({ name, label }: { name: string; label: string }) {
  const hydrated = useHydrated();
  const [meta] = useField<string>(name);
  if (hydrated && !meta.errors?.length) return null;
  return <CheckboxField name={name} label={label} />;
}

export default function OrderPage() {
  const { order, lines, figures: totals, revisions, allowed, endedWithRemaining, warnings } = useLoaderData<typeof loader>();
  const canPdf = allowed.pdf;
  const released = order.status === "closed" || order.status === "cancelled";
  const lineFigures: Exclude<FigureKey, `${string}Ttc`>[] = [
    "consumedDays",
    "consumedHt",
    "pendingDays",
    "remainingDays",
    "remainingHt",
    ...(released ? (["releasedDays", "releasedHt"] as const) : []),
    "consumptionRate",
  ];
  const { declarations, invoicing, subcontracting } = useLoaderData<typeof loader>();
  const data = useActionData<ActionData>();
  const state = (intent: string): ActionData => stateFor(data, intent);
  const [params] = useSearchParams();
  const ok = params.get("ok");
  return (
    <>
      <h1>{order.number ? `Bon de commande ${order.number}` : `Brouillon de bon de commande n° ${order.id}`}</h1>
      {ok && messages[ok] && (
        <div className="fr-alert fr-alert--success fr-alert--sm fr-mb-3w" role="status">
          <p data-testid="success">{messages[ok]}</p>
        </div>
      )}
      <OrderStatusBadge status={order.status} endedWithRemaining={endedWithRemaining} />
      {order.current_revision > 0 && <p className="fr-badge fr-badge--sm fr-badge--no-icon fr-ml-1w">Révision {order.current_revision}</p>}
      {canPdf && (
        <p className="fr-mt-2w">
          <a className="fr-link fr-icon-download-line fr-link--icon-left" href={`/commandes/${order.id}/pdf`} download data-testid="pdf-link">
            Télécharger le bon de commande (PDF)
          </a>
        </p>
      )}
      {endedWithRemaining && (
        <div className="fr-alert fr-alert--warning fr-alert--sm fr-mt-2w" data-testid="ended-notice">
          <p>
            Échu avec reste : la période d'exécution s'est terminée le {formatDate(order.period_end)} avec {formatDays(totals.remainingDays)} j non consommés (
            {formatEuros(totals.remainingHt)} HT). Aucun mois après cette date ne peut être déclaré.{" "}
            {allowed.close ? <a href="#solder">Soldez-le pour libérer ce reste.</a> : "Un correspondant du bénéficiaire peut le solder pour libérer ce reste."}
          </p>
        </div>
      )}
      <DescriptionList
        className="fr-mt-2w pilotage-dl"
        terms={[
          order.title && { label: "Objet", value: order.title },
          {
            label: "Produit",
            value: (
              <>
                {order.productName} ({order.beneficiaryName})
              </>
            ),
          },
          { label: "Titulaire", value: order.contractorName },
          order.attribution_reason && {
            label: "Attribution",
            value: (
              <>
                {order.proposedContractorName ? `${order.proposedContractorName} proposé : ` : ""}
                {order.attribution_reason}
              </>
            ),
          },
          {
            label: "Accord-cadre",
            value: (
              <>
                {order.contractReference}, lot {order.lotNumber} ({order.lotTitle})
              </>
            ),
          },
          {
            label: "Période d'exécution",
            value: (
              <>
                du {formatDate(order.period_start)} au {formatDate(order.period_end)}
              </>
            ),
          },
          { label: "Engagement juridique", value: order.ej_number ?? "non renseigné", testId: "ej" },
          {
            label: "Imputation budgétaire",
            value:
              order.budget_programme || order.budget_centre
                ? `programme ${order.budget_programme ?? "—"}, centre financier ${order.budget_centre ?? "—"}`
                : "non renseignée",
          },
          {
            label: "Créé par",
            value: (
              <>
                {order.createdByName}, le {formatDateTime(order.created_at)}
              </>
            ),
          },
          order.issued_on && {
            label: "Émis par",
            value: (
              <>
                {order.issuedByName}, le {formatDate(order.issued_on)}
              </>
            ),
          },
          order.closed_reason && {
            label: "Soldé",
            value: (
              <>
                le {formatDateTime(order.closed_at)} : {order.closed_reason}
              </>
            ),
          },
          order.cancel_reason && {
            label: "Annulé",
            value: (
              <>
                le {formatDateTime(order.cancelled_at)} : {order.cancel_reason}
              </>
            ),
          },
        ]}
      />

      <h2 className="fr-h4 fr-mt-4w">Consommation</h2>
      {(order.status === "issued" || order.status === "closed") && (
        <p>
          <Link className="fr-link fr-icon-line-chart-line fr-link--icon-left" to={`/suivi/commandes/${order.id}`}>
            Graphique de consommation et prévision
          </Link>
        </p>
      )}
      {order.status === "closed" && <p className="fr-text--sm">Soldé : le bon compte pour ce qu'il a consommé ; le reste est libéré.</p>}
      {order.status === "cancelled" && <p className="fr-text--sm">Annulé : le bon compte pour 0 ; ce qu'il commandait est libéré.</p>}
      <FigureTiles figures={totals} releasedLabel={order.status === "cancelled" ? "Libéré par l'annulation" : "Libéré au solde"} />
      {order.status === "draft" && (
        <p className="fr-text--sm">Prix indicatifs du bordereau en vigueur aujourd'hui : ils sont recalculés et figés à l'émission.</p>
      )}
      <ColumnTable
        caption="Lignes du bon de commande"
        rows={lines}
        rowKey={(l) => l.id}
        rowTestId="order-line"
        columns={[
          { header: "UO", cell: (l) => l.workUnitLabel },
          { header: "Quantité (UO)", cell: (l) => formatQuantity(l.quantity), num: true },
          { header: "Jours", cell: (l) => formatDays(l.orderedDays), num: true },
          { header: "Prix unitaire HT", cell: (l) => formatEuros(l.unitPrice), num: true },
          { header: "Prix de journée HT", cell: (l) => formatDayRate(l.unitPrice), num: true, testId: "day-rate" },
          { header: "Montant HT", cell: (l) => formatEuros(l.amountHt), num: true },
          ...figureColumns(lineFigures, (l: (typeof lines)[number]) => l.figures),
        ]}
        foot={
          <tfoot>
            <TotalRow label="Total" span={2} figures={[{ value: formatDays(sum(lines.map((l) => l.orderedDays)).toFixed(1)) }]}>
              <td colSpan={2}></td>
              <td className="pilotage-num">{formatEuros(toCents(sum(lines.map((l) => l.amountHt))))}</td>
              <FigureCells figures={totals} keys={lineFigures} />
            </TotalRow>
            <TotalRow label="Total HT" span={5} figures={[{ value: formatEuros(order.total_ht), testId: "total-ht" }]}>
              <td colSpan={released ? 8 : 6}></td>
            </TotalRow>
            <TotalRow label={<>TVA ({formatPercent(order.vat_rate, 1)})</>} span={5} figures={[{ value: formatEuros(order.total_vat), testId: "total-vat" }]}>
              <td colSpan={released ? 8 : 6}></td>
            </TotalRow>
            <TotalRow label="Total TTC" span={5} figures={[{ value: formatEuros(order.total_ttc), testId: "total-ttc" }]}>
              <td className="pilotage-num" colSpan={2} data-testid="consumed-ttc">
                {formatEuros(totals.consumedTtc)} TTC
              </td>
              <td></td>
              <td className="pilotage-num" colSpan={2} data-testid="remaining-ttc">
                {formatEuros(totals.remainingTtc)} TTC
              </td>
              {released && (
                <td className="pilotage-num" colSpan={2} data-testid="released-ttc">
                  {formatEuros(totals.releasedTtc)} TTC
                </td>
              )}
              <td></td>
            </TotalRow>
          </tfoot>
        }
      />

      {hasActions(allowed) && (
        <section className="fr-mt-4w" aria-labelledby="actions-title">
          <h2 className="fr-h4" id="actions-title">
            Actions
          </h2>
          {allowed.edit && (
            <>
              <p>
                <Link className="fr-btn fr-btn--secondary fr-icon-edit-line fr-btn--icon-left" to={`/commandes/${order.id}/modifier`}>
                  Modifier le brouillon
                </Link>
              </p>
              <Warnings items={warnings} testId="issue-warnings" />
              <OrderActionForm
                intent="issue"
                confirm={{
                  question: (
                    <p data-testid="issue-question">
                      Le bon de commande recevra son numéro, ses prix seront figés à ceux du bordereau en vigueur aujourd'hui (total actuel{" "}
                      {formatEuros(order.total_ht)} HT, {formatEuros(order.total_ttc)} TTC) et il deviendra visible du titulaire, {order.contractorName}.
                      L'émission ne peut pas être annulée : seule une modification (nouvelle révision) ou une annulation restera possible.
                    </p>
                  ),
                }}
              >
                <p className="fr-text--sm">
                  L'émission attribue le numéro, fige les prix du bordereau en vigueur aujourd'hui et rend le bon visible au titulaire. L'EJ et l'imputation
                  peuvent être complétés plus tard.
                </p>
                <CommitmentFields order={order} />
                <AttributionReason state={state("issue")} />
              </OrderActionForm>
              <OrderActionForm intent="delete" secondary>
                <CheckboxField name="confirm" label="Je confirme la suppression définitive de ce brouillon (elle ne peut pas être annulée)." />
              </OrderActionForm>
            </>
          )}
          {allowed.amend && (
            <>
              <p>
                <Link className="fr-btn fr-btn--secondary fr-icon-edit-line fr-btn--icon-left" to={`/commandes/${order.id}/modifier`}>
                  Modifier le bon de commande (nouvelle révision)
                </Link>
              </p>
              <div id="solder">
                <OrderActionForm
                  intent="close"
                  secondary={!endedWithRemaining}
                  confirm={{
                    name: "confirm",
                    value: "on",
                    question: (
                      <p>
                        {formatDays(totals.remainingDays)} j, soit {formatEuros(totals.remainingHt)} HT ({formatEuros(totals.remainingTtc)} TTC), seront libérés
                        définitivement ; le bon de commande ne recevra plus de déclaration.
                      </p>
                    ),
                  }}
                >
                  <p className="fr-text--sm" data-testid="close-released">
                    Solder libère le reste : {formatDays(totals.remainingDays)} j, soit {formatEuros(totals.remainingHt)} HT ({formatEuros(totals.remainingTtc)}{" "}
                    TTC). Le bon de commande ne reçoit ensuite plus de déclaration ; aucune déclaration ne doit être en attente de validation.
                  </p>
                  <TextAreaField name="reason" label="Motif du solde" rows={2} />
                  <ConfirmBoxWithoutJs
                    name="confirm"
                    label={`Je confirme le solde : ${formatDays(totals.remainingDays)} j (${formatEuros(totals.remainingHt)} HT) sont libérés, définitivement.`}
                  />
                </OrderActionForm>
              </div>
              <OrderActionForm
                intent="cancel"
                secondary
                confirm={{
                  question: (
                    <p>
                      Le bon de commande comptera pour 0 : ses {formatDays(sum(lines.map((l) => l.orderedDays)).toFixed(1))} j ({formatEuros(order.total_ht)}{" "}
                      HT) seront libérés et il ne recevra plus de déclaration. L'annulation est définitive.
                    </p>
                  ),
                }}
              >
                <p className="fr-text--sm">Possible seulement tant que rien n'est consommé ni en attente de validation.</p>
                <TextAreaField name="reason" label="Motif de l'annulation" rows={2} />
              </OrderActionForm>
            </>
          )}
          {allowed.commitment && (
            <OrderActionForm intent="commitment" secondary>
              <CommitmentFields order={order} />
            </OrderActionForm>
          )}
        </section>
      )}

      {revisions.length > 0 && (
        <section className="fr-mt-4w" aria-labelledby="revisions-title">
          <h2 className="fr-h4" id="revisions-title">
            Historique des révisions
          </h2>
          <ColumnTable
            caption="Révisions du bon de commande"
            id="revisions"
            hideCaption
            rows={revisions}
            rowKey={(r) => r.revision_no}
            rowTestId="revision"
            columns={[
              { header: "Révision", cell: (r) => (r.revision_no === 0 ? "0 (émission)" : r.revision_no) },
              { header: "Date", cell: (r) => formatDate(r.effective_on) },
              { header: "Motif", cell: (r) => r.reason },
              { header: "Par", cell: (r) => r.authorName },
              { header: "Lignes", cell: (r) => r.lineCount, num: true },
              { header: "Total HT", cell: (r) => formatEuros(r.total_ht), num: true },
              { header: "Total TTC", cell: (r) => formatEuros(r.total_ttc), num: true },
              canPdf && {
                header: "Document",
                cell: (r) => (
                  <a href={`/commandes/${order.id}/pdf?revision=${r.revision_no}`} download>
                    PDF<span className="fr-sr-only"> de la révision {r.revision_no}</span>
                  </a>
                ),
              },
            ]}
          />
        </section>
      )}

      <OrderDeclarations declarations={declarations.declarations} toDeclare={declarations.toDeclare} />
      {invoicing && <OrderInvoices invoicing={invoicing} canRecord={allowed.recordInvoice} canApprove={allowed.approveSubcontractorInvoices} />}
      {subcontracting && <OrderSubcontracting orderId={order.id} summary={subcontracting} canAccept={allowed.acceptSubcontractor} />}
    </>
  );
}
