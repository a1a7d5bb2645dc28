import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import type { ReactNode } from "react";
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
import { orderReply, type OrderActionData } from "../domain/orders/http.server";
import { answerAction, parseForm, requireConfirmed, UNKNOWN_ACTION } from "../lib/form-action.server";
import { CONFIRM_MESSAGE } from "../lib/form-fields";
import { ConfirmSubmit } from "../components/forms/ConfirmSubmit";
import { useHydrated } from "../components/forms/useHydrated";
import { Refusal } from "../lib/refusal";
import { DataTable } from "../components/DataTable";
import { FigureCells, FigureHeaders, type FigureKey } from "../components/FigureCells";
import { FigureTiles } from "../components/FigureTiles";
import { OrderStatusBadge } from "../components/OrderStatusBadge";
import { formatDate, formatDateTime, formatDays, formatEuros, formatPercent, formatQuantity } from "../lib/format";
import { issueWarnings } from "../domain/budget-years/warnings.server";
import { Warnings } from "../components/Warnings";
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
  const invoicing = allowed.invoices ? await orderInvoicing(getDb(), user, found.order.id, today) : null;
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
    subcontracting: found.order.status === "draft" ? null : await subcontractingSummary(getDb(), found.order.id),
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
  const form = await request.formData();
  const values = Object.fromEntries([...form.entries()].filter(([, v]) => typeof v === "string")) as Record<string, string>;
  const intent = values.intent;
  const db = getDb();
  const done = (what: string) => redirect(`/commandes/${id}?ok=${what}`);
  return answerAction(orderReply(values, intent), async () => {
    switch (intent) {
      case "issue":
        try {
          const input = parseForm(issueSchema, values);
          requireConfirmed(values.confirmed);
          await issueOrder(db, user, id, input);
        } catch (error) {
          // the turn moved since the draft: the form asks for a reason, against the holder now proposed
          if (error instanceof AttributionChangedError) values.proposedContractorId = String(error.proposedContractorId);
          throw error;
        }
        return done("issued");
      case "delete":
        parseForm(deleteSchema, values);
        await deleteDraft(db, user, id);
        return redirect("/commandes?ok=deleted");
      case "cancel": {
        const input = parseForm(cancelSchema, values);
        requireConfirmed(values.confirmed);
        await cancelOrder(db, user, id, input);
        return done("cancelled");
      }
      case "close":
        await closeOrder(db, user, id, parseForm(closeSchema, values));
        return done("closed");
      case "commitment":
        await updateCommitment(db, user, id, parseForm(commitmentSchema, values));
        return done("commitment");
      default:
        // another tenant's order is not found, whatever is posted to it
        if (!(await getOrder(db, user, id))) throw notFound("Ce bon de commande n'existe pas ou vous n'y avez pas accès.");
        throw new Refusal(UNKNOWN_ACTION);
    }
  });
}

function TextField({
  id,
  name,
  label,
  error,
  defaultValue,
  hint,
}: {
  id: string;
  name: string;
  label: string;
  error?: string;
  defaultValue?: string | null;
  hint?: string;
}) {
  return (
    <div className={`fr-input-group${error ? " fr-input-group--error" : ""}`}>
      <label className="fr-label" htmlFor={id}>
        {label}
        {hint && <span className="fr-hint-text">{hint}</span>}
      </label>
      <input
        className={`fr-input${error ? " fr-input--error" : ""}`}
        id={id}
        name={name}
        defaultValue={defaultValue ?? ""}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${id}-error` : undefined}
      />
      {error && (
        <p className="fr-error-text" id={`${id}-error`}>
          {error}
        </p>
      )}
    </div>
  );
}

function ActionForm({
  intent,
  title,
  children,
  data,
  submit,
  secondary,
  confirm,
}: {
  intent: string;
  title: string;
  children?: ReactNode;
  data?: OrderActionData;
  submit: string;
  secondary?: boolean;
  /** irreversible: what will happen, asked before (ConfirmSubmit); `name`/`value` of the confirmation field */
  confirm?: { question: ReactNode; name?: string; value?: string };
}) {
  const navigation = useNavigation();
  const busy = navigation.state === "submitting" && navigation.formData?.get("intent") === intent;
  const formError = data?.intent === intent ? data.errors._form : undefined;
  const asking = formError === CONFIRM_MESSAGE;
  const error = asking ? undefined : formError;
  return (
    <Form method="post" className="fr-mb-4w" aria-labelledby={`${intent}-title`}>
      <h3 className="fr-h6" id={`${intent}-title`}>
        {title}
      </h3>
      <input type="hidden" name="intent" value={intent} />
      {error && (
        <div className="fr-alert fr-alert--error fr-alert--sm fr-mb-2w" role="alert">
          <p data-testid={`${intent}-error`}>{error}</p>
        </div>
      )}
      {children}
      {confirm ? (
        <ConfirmSubmit
          id={intent}
          label={submit}
          question={confirm.question}
          asking={asking}
          confirmName={confirm.name}
          confirmValue={confirm.value}
          secondary={secondary}
          disabled={busy}
        />
      ) : (
        <button className={`fr-btn${secondary ? " fr-btn--secondary" : ""}`} type="submit" disabled={busy}>
          {submit}
        </button>
      )}
    </Form>
  );
}

function CommitmentFields({
  prefix,
  order,
  data,
  intent,
}: {
  prefix: string;
  order: { ej_number: string | null; budget_programme: string | null; budget_centre: string | null };
  data?: OrderActionData;
  intent: string;
}) {
  const mine = data?.intent === intent;
  const e = mine ? data.errors : {};
  // what was typed comes back with a refusal (or the question asked without JavaScript)
  const typed = (name: string, saved: string | null) => (mine && typeof data.values?.[name] === "string" ? String(data.values[name]) : saved);
  return (
    <div className="fr-grid-row fr-grid-row--gutters">
      <div className="fr-col-12 fr-col-md-4">
        <TextField id={`${prefix}-ej`} name="ejNumber" label="Numéro d'EJ" error={e.ejNumber} defaultValue={typed("ejNumber", order.ej_number)} />
      </div>
      <div className="fr-col-12 fr-col-md-4">
        <TextField
          id={`${prefix}-programme`}
          name="budgetProgramme"
          label="Programme"
          error={e.budgetProgramme}
          defaultValue={typed("budgetProgramme", order.budget_programme)}
        />
      </div>
      <div className="fr-col-12 fr-col-md-4">
        <TextField
          id={`${prefix}-centre`}
          name="budgetCentre"
          label="Centre financier"
          error={e.budgetCentre}
          defaultValue={typed("budgetCentre", order.budget_centre)}
        />
      </div>
    </div>
  );
}

function ReasonField({ id, label, data, intent }: { id: string; label: string; data?: OrderActionData; intent: string }) {
  const error = data?.intent === intent ? data.errors.reason : undefined;
  return (
    <div className={`fr-input-group${error ? " fr-input-group--error" : ""}`}>
      <label className="fr-label" htmlFor={id}>
        {label}
      </label>
      <textarea
        className="fr-input"
        id={id}
        name="reason"
        rows={2}
        defaultValue={data?.intent === intent ? String(data.values?.reason ?? "") : ""}
        aria-describedby={error ? `${id}-error` : undefined}
      />
      {error && (
        <p className="fr-error-text" id={`${id}-error`}>
          {error}
        </p>
      )}
    </div>
  );
}

function ConfirmBox({
  id,
  label,
  data,
  intent,
  withoutJsOnly,
}: {
  id: string;
  label: string;
  data?: OrderActionData;
  intent: string;
  /** the no-JavaScript stand-in of the modal (ConfirmSubmit), which posts the same field */
  withoutJsOnly?: boolean;
}) {
  const hydrated = useHydrated();
  const error = data?.intent === intent ? data.errors.confirm : undefined;
  if (withoutJsOnly && hydrated && !error) return null;
  return (
    <div className={`fr-checkbox-group fr-mb-2w${error ? " fr-checkbox-group--error" : ""}`}>
      <input type="checkbox" id={id} name="confirm" aria-describedby={error ? `${id}-error` : undefined} />
      <label className="fr-label" htmlFor={id}>
        {label}
      </label>
      {error && (
        <p className="fr-error-text" id={`${id}-error`} data-testid={`${intent}-confirm-error`}>
          {error}
        </p>
      )}
    </div>
  );
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
  const data = useActionData<OrderActionData>();
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
      <dl className="fr-mt-2w pilotage-dl">
        {order.title && (
          <>
            <dt className="fr-text--bold">Objet</dt>
            <dd>{order.title}</dd>
          </>
        )}
        <dt className="fr-text--bold">Produit</dt>
        <dd>
          {order.productName} ({order.beneficiaryName})
        </dd>
        <dt className="fr-text--bold">Titulaire</dt>
        <dd>{order.contractorName}</dd>
        {order.attribution_reason && (
          <>
            <dt className="fr-text--bold">Attribution</dt>
            <dd>
              {order.proposedContractorName ? `${order.proposedContractorName} proposé : ` : ""}
              {order.attribution_reason}
            </dd>
          </>
        )}
        <dt className="fr-text--bold">Accord-cadre</dt>
        <dd>
          {order.contractReference}, lot {order.lotNumber} ({order.lotTitle})
        </dd>
        <dt className="fr-text--bold">Période d'exécution</dt>
        <dd>
          du {formatDate(order.period_start)} au {formatDate(order.period_end)}
        </dd>
        <dt className="fr-text--bold">Engagement juridique</dt>
        <dd data-testid="ej">{order.ej_number ?? "non renseigné"}</dd>
        <dt className="fr-text--bold">Imputation budgétaire</dt>
        <dd>
          {order.budget_programme || order.budget_centre
            ? `programme ${order.budget_programme ?? "—"}, centre financier ${order.budget_centre ?? "—"}`
            : "non renseignée"}
        </dd>
        <dt className="fr-text--bold">Créé par</dt>
        <dd>
          {order.createdByName}, le {formatDateTime(order.created_at)}
        </dd>
        {order.issued_on && (
          <>
            <dt className="fr-text--bold">Émis par</dt>
            <dd>
              {order.issuedByName}, le {formatDate(order.issued_on)}
            </dd>
          </>
        )}
        {order.closed_reason && (
          <>
            <dt className="fr-text--bold">Soldé</dt>
            <dd>
              le {formatDateTime(order.closed_at)} : {order.closed_reason}
            </dd>
          </>
        )}
        {order.cancel_reason && (
          <>
            <dt className="fr-text--bold">Annulé</dt>
            <dd>
              le {formatDateTime(order.cancelled_at)} : {order.cancel_reason}
            </dd>
          </>
        )}
      </dl>

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
      <DataTable caption="Lignes du bon de commande">
        <thead>
          <tr>
            <th scope="col">UO</th>
            <th scope="col" className="pilotage-num">
              Quantité (UO)
            </th>
            <th scope="col" className="pilotage-num">
              Jours
            </th>
            <th scope="col" className="pilotage-num">
              Prix unitaire HT
            </th>
            <th scope="col" className="pilotage-num">
              Prix de journée HT
            </th>
            <th scope="col" className="pilotage-num">
              Montant HT
            </th>
            <FigureHeaders keys={lineFigures} />
          </tr>
        </thead>
        <tbody>
          {lines.map((l) => (
            <tr key={l.id} data-testid="order-line">
              <td>{l.workUnitLabel}</td>
              <td className="pilotage-num">{formatQuantity(l.quantity)}</td>
              <td className="pilotage-num">{formatDays(l.orderedDays)}</td>
              <td className="pilotage-num">{formatEuros(l.unitPrice)}</td>
              <td className="pilotage-num" data-testid="day-rate">
                {formatDayRate(l.unitPrice)}
              </td>
              <td className="pilotage-num">{formatEuros(l.amountHt)}</td>
              <FigureCells figures={l.figures} keys={lineFigures} />
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr>
            <th scope="row" colSpan={2}>
              Total
            </th>
            <td className="pilotage-num">{formatDays(sum(lines.map((l) => l.orderedDays)).toFixed(1))}</td>
            <td colSpan={2}></td>
            <td className="pilotage-num">{formatEuros(toCents(sum(lines.map((l) => l.amountHt))))}</td>
            <FigureCells figures={totals} keys={lineFigures} />
          </tr>
          <tr>
            <th scope="row" colSpan={5}>
              Total HT
            </th>
            <td className="pilotage-num" data-testid="total-ht">
              {formatEuros(order.total_ht)}
            </td>
            <td colSpan={released ? 8 : 6}></td>
          </tr>
          <tr>
            <th scope="row" colSpan={5}>
              TVA ({formatPercent(order.vat_rate, 1)})
            </th>
            <td className="pilotage-num" data-testid="total-vat">
              {formatEuros(order.total_vat)}
            </td>
            <td colSpan={released ? 8 : 6}></td>
          </tr>
          <tr>
            <th scope="row" colSpan={5}>
              Total TTC
            </th>
            <td className="pilotage-num" data-testid="total-ttc">
              {formatEuros(order.total_ttc)}
            </td>
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
          </tr>
        </tfoot>
      </DataTable>

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
              <ActionForm
                intent="issue"
                title="Émettre le bon de commande"
                data={data}
                submit="Émettre le bon de commande"
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
                <CommitmentFields prefix="issue" order={order} data={data} intent="issue" />
                {data?.intent === "issue" && (data.errors.attributionReason || !!data.values?.attributionReason) && (
                  <>
                    <input type="hidden" name="proposedContractorId" value={String(data.values?.proposedContractorId ?? "")} />
                    <div className={`fr-input-group${data.errors.attributionReason ? " fr-input-group--error" : ""}`}>
                      <label className="fr-label" htmlFor="issue-attribution-reason">
                        Raison du choix de ce titulaire plutôt que celui dont c'est le tour
                      </label>
                      <textarea
                        className="fr-input"
                        id="issue-attribution-reason"
                        name="attributionReason"
                        rows={2}
                        aria-invalid={data.errors.attributionReason ? true : undefined}
                        aria-describedby={data.errors.attributionReason ? "issue-attribution-reason-error" : undefined}
                        defaultValue={String(data.values?.attributionReason ?? "")}
                      />
                      {data.errors.attributionReason && (
                        <p className="fr-error-text" id="issue-attribution-reason-error">
                          Indiquez la raison (5 caractères au moins) pour confirmer l'émission.
                        </p>
                      )}
                    </div>
                  </>
                )}
              </ActionForm>
              <ActionForm intent="delete" title="Supprimer le brouillon" data={data} submit="Supprimer le brouillon" secondary>
                <ConfirmBox
                  id="delete-confirm"
                  label="Je confirme la suppression définitive de ce brouillon (elle ne peut pas être annulée)."
                  data={data}
                  intent="delete"
                />
              </ActionForm>
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
                <ActionForm
                  intent="close"
                  title="Solder le bon de commande"
                  data={data}
                  submit="Solder et libérer le reste"
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
                  <ReasonField id="close-reason" label="Motif du solde" data={data} intent="close" />
                  <ConfirmBox
                    withoutJsOnly
                    id="close-confirm"
                    label={`Je confirme le solde : ${formatDays(totals.remainingDays)} j (${formatEuros(totals.remainingHt)} HT) sont libérés, définitivement.`}
                    data={data}
                    intent="close"
                  />
                </ActionForm>
              </div>
              <ActionForm
                intent="cancel"
                title="Annuler le bon de commande"
                data={data}
                submit="Annuler le bon de commande"
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
                <ReasonField id="cancel-reason" label="Motif de l'annulation" data={data} intent="cancel" />
              </ActionForm>
            </>
          )}
          {allowed.commitment && (
            <ActionForm intent="commitment" title="Engagement juridique et imputation" data={data} submit="Enregistrer l'engagement" secondary>
              <CommitmentFields prefix="commitment" order={order} data={data} intent="commitment" />
            </ActionForm>
          )}
        </section>
      )}

      {revisions.length > 0 && (
        <section className="fr-mt-4w" aria-labelledby="revisions-title">
          <h2 className="fr-h4" id="revisions-title">
            Historique des révisions
          </h2>
          <DataTable caption="Révisions du bon de commande" id="revisions" hideCaption>
            <thead>
              <tr>
                <th scope="col">Révision</th>
                <th scope="col">Date</th>
                <th scope="col">Motif</th>
                <th scope="col">Par</th>
                <th scope="col" className="pilotage-num">
                  Lignes
                </th>
                <th scope="col" className="pilotage-num">
                  Total HT
                </th>
                <th scope="col" className="pilotage-num">
                  Total TTC
                </th>
                {canPdf && <th scope="col">Document</th>}
              </tr>
            </thead>
            <tbody>
              {revisions.map((r) => (
                <tr key={r.revision_no} data-testid="revision">
                  <td>{r.revision_no === 0 ? "0 (émission)" : r.revision_no}</td>
                  <td>{formatDate(r.effective_on)}</td>
                  <td>{r.reason}</td>
                  <td>{r.authorName}</td>
                  <td className="pilotage-num">{r.lineCount}</td>
                  <td className="pilotage-num">{formatEuros(r.total_ht)}</td>
                  <td className="pilotage-num">{formatEuros(r.total_ttc)}</td>
                  {canPdf && (
                    <td>
                      <a href={`/commandes/${order.id}/pdf?revision=${r.revision_no}`} download>
                        PDF<span className="fr-sr-only"> de la révision {r.revision_no}</span>
                      </a>
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
          </DataTable>
        </section>
      )}

      <OrderDeclarations declarations={declarations.declarations} toDeclare={declarations.toDeclare} />
      {invoicing && <OrderInvoices invoicing={invoicing} canRecord={allowed.recordInvoice} canApprove={allowed.approveSubcontractorInvoices} />}
      {subcontracting && <OrderSubcontracting orderId={order.id} summary={subcontracting} canAccept={allowed.acceptSubcontractor} />}
    </>
  );
}
