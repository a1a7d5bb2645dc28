import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { notFound, requireId, requirePermission } from "../auth/guard.server";
import { getDb } from "../db.server";
import { postedIntent, runForm, unknownAction } from "../lib/reference-action.server";
import { ColumnTable } from "../components/ColumnTable";
import { DueDate, InvoiceStatusBadge, LateInterestText } from "../components/Invoices";
import { HolderDecision, InvoiceMoves } from "../components/InvoiceForms";
import { stateFor, type FormState } from "../components/ReferenceForm";
import { halfYearLabel, PAYMENT_DAYS } from "../domain/invoices/deadline";
import { getInvoice } from "../domain/invoices/queries.server";
import { invoiceFormSchemas, isInvoiceIntent, type InvoiceIntent } from "../domain/invoices/schemas";
import { decideAsHolder, INVOICE_NOT_FOUND, moveInvoice, type MoveInput } from "../domain/invoices/services.server";
import { allowedInvoiceMoves, invoiceStatusLabels, isHolderOf } from "../domain/invoices/states";
import { ofMonth } from "../domain/declarations/caps";
import { paymentClosingWarning } from "../domain/budget-years/services.server";
import { requireConfirmed } from "../lib/form-action.server";
import { todayInParis } from "../lib/dates";
import { formatDate, formatDateTime, formatEuros } from "../lib/format";
export { RouteErrorBoundary as ErrorBoundary } from "../components/ErrorPage";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data ? `Facture ${data.invoice.number}` : "Facture"} - Pilotage UO` }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "invoice:read");
  const today = todayInParis();
  const found = await getInvoice(getDb(), user, requireId(params.id), today);
  if (!found) throw notFound(INVOICE_NOT_FOUND);
  const i = found.invoice;
  const awaitingHolder = i.holderApproval?.state === "awaiting";
  const moves = allowedInvoiceMoves(user, { ...i, awaitingHolder }, { beneficiary_id: i.beneficiaryId, contractor_id: i.contractorId });
  // R18: the holder answers its subcontractor's invoice within its 15 days
  const holderDecides = awaitingHolder && isHolderOf(user, { contractor_id: i.contractorId });
  // R17: past the budget year's last payment day (or due after it), an unpaid invoice goes on next year's credits
  const unpaid = i.status !== "paid" && i.status !== "rejected";
  const closing = unpaid ? await paymentClosingWarning(getDb(), today, i.clock.dueOn) : null;
  return { ...found, moves, holderDecides, today, closing };
}

export async function action({ request, params }: ActionFunctionArgs) {
  // the buyer's side moves the invoice, its contractor sends the missing items, the holder answers its subcontractor's:
  // the service checks who may do what
  const user = await requirePermission(request, "invoice:read");
  const id = requireId(params.id);
  const { form, intent } = await postedIntent(request);
  const db = getDb();
  if (!isInvoiceIntent(intent)) {
    // another tenant's invoice is not found, whatever is posted to it
    if (!(await getInvoice(db, user, id))) throw notFound(INVOICE_NOT_FOUND);
    return unknownAction(intent, form);
  }
  return runForm(form, intent, invoiceFormSchemas[intent], async (input) => {
    if (intent !== "resume") requireConfirmed(form.get("confirmed"));
    if (intent === "holder_approve") await decideAsHolder(db, user, id, { decision: "approve" });
    else if (intent === "holder_refuse") await decideAsHolder(db, user, id, { decision: "refuse", reason: (input as { reason: string }).reason });
    else await moveInvoice(db, user, id, { move: intent, ...input } as MoveInput);
    return redirect(`/factures/${id}?ok=${intent}`);
  });
}

const notices: Record<InvoiceIntent, string> = {
  holder_approve: "Vous avez accepté la facture de votre sous-traitant : le délai de paiement de 30 jours court à partir d'aujourd'hui.",
  holder_refuse: "Vous avez refusé la facture de votre sous-traitant : elle est rejetée, avec votre motif.",
  suspend: "La facture est suspendue : le délai de paiement est arrêté jusqu'à la réception des pièces manquantes.",
  resume: "Les pièces manquantes sont reçues : un nouveau délai de paiement de 30 jours court à partir de leur réception.",
  reject: "La facture est rejetée : son montant n'est plus compté comme facturé.",
  in_payment: "La facture est mise en paiement.",
  pay: "Le paiement est enregistré.",
};

const eventLabels: Record<string, string> = {
  record: "Facture enregistrée par le titulaire",
  import: "Facture importée de Chorus Pro",
  chorus_update: "État mis à jour par l'import Chorus Pro",
  suspend: "Suspendue",
  resume: "Pièces reçues, délai repris",
  reject: "Rejetée",
  in_payment: "Mise en paiement",
  pay: "Payée",
  holder_approve: "Acceptée par le titulaire",
  holder_refuse: "Refusée par le titulaire",
};

function approvalText(a: NonNullable<ReturnType<typeof useLoaderData<typeof loader>>["invoice"]["holderApproval"]>): string {
  switch (a.state) {
    case "awaiting":
      return `En attente d'acceptation du titulaire, jusqu'au ${formatDate(a.dueOn)} (son silence vaut acceptation)`;
    case "approved":
      return a.tacit ? `Acceptée tacitement le ${formatDate(a.on)} (15 jours sans réponse du titulaire)` : `Acceptée par le titulaire le ${formatDate(a.on)}`;
    case "refused":
      return `Refusée par le titulaire le ${formatDate(a.on)}`;
  }
}

export default function InvoicePage() {
  const { invoice: i, declarations, history, moves, holderDecides, today, closing } = useLoaderData<typeof loader>();
  const data = useActionData<FormState>();
  const state = (intent: InvoiceIntent) => stateFor(data, intent);
  const [params] = useSearchParams();
  const ok = params.get("ok");
  const approval = i.holderApproval;
  const interest = i.clock.interest;
  return (
    <>
      <h1>Facture {i.number}</h1>
      <InvoiceStatusBadge status={i.status} approval={approval} />
      {ok && isInvoiceIntent(ok) && (
        <div className="fr-alert fr-alert--success fr-alert--sm fr-mt-2w" role="status">
          <p data-testid="success">{notices[ok]}</p>
        </div>
      )}
      {closing && (
        <div className="fr-alert fr-alert--warning fr-alert--sm fr-mt-2w" data-testid="payment-closing">
          <p>{closing}</p>
        </div>
      )}
      <div className="fr-grid-row fr-grid-row--gutters fr-mt-2w">
        <div className="fr-col-12 fr-col-md-6">
          <dl>
            <dt className="fr-text--bold">Bon de commande</dt>
            <dd>
              <Link to={`/commandes/${i.orderId}`}>{i.orderNumber}</Link> ({i.beneficiaryName})
            </dd>
            <dt className="fr-text--bold">Titulaire</dt>
            <dd>{i.contractorName}</dd>
            <dt className="fr-text--bold">Émise par</dt>
            <dd data-testid="company">
              {i.companyName}
              {i.companySiret && ` (SIRET ${i.companySiret})`}
              {approval && ", sous-traitant accepté"}
            </dd>
            {approval && (
              <>
                <dt className="fr-text--bold">Acceptation du titulaire</dt>
                <dd data-testid="holder-approval">{approvalText(approval)}</dd>
              </>
            )}
            <dt className="fr-text--bold">Engagement juridique (EJ)</dt>
            <dd>{i.ejNumber ?? "—"}</dd>
            <dt className="fr-text--bold">Dépôt dans Chorus Pro</dt>
            <dd>{formatDate(i.receivedOn)}</dd>
            <dt className="fr-text--bold">Montants</dt>
            <dd data-testid="amounts">
              {formatEuros(i.amountHt)} HT + {formatEuros(i.amountVat)} TVA = <strong>{formatEuros(i.amountTtc)} TTC</strong>
            </dd>
          </dl>
        </div>
        <div className="fr-col-12 fr-col-md-6">
          <dl>
            <dt className="fr-text--bold">Délai de paiement ({PAYMENT_DAYS} jours)</dt>
            <dd>
              {approval?.state === "awaiting"
                ? "à partir de l'acceptation du titulaire"
                : `à partir du ${formatDate(i.clock.startOn)} ${
                    approval?.state === "approved" && i.clock.startOn === approval.on
                      ? "(acceptation du titulaire)"
                      : i.clock.startOn === i.receivedOn
                        ? "(réception de la facture)"
                        : "(service fait, postérieur à la réception)"
                  }`}
            </dd>
            {i.suspendedOn && (
              <>
                <dt className="fr-text--bold">Suspension</dt>
                <dd data-testid="suspension">
                  le {formatDate(i.suspendedOn)} : {i.suspensionReason}
                  <br />
                  {i.resumedOn
                    ? `Pièces reçues le ${formatDate(i.resumedOn)} : nouveau délai de ${PAYMENT_DAYS} jours.`
                    : "Délai arrêté jusqu'à la réception des pièces."}
                </dd>
              </>
            )}
            <dt className="fr-text--bold">Échéance</dt>
            <dd data-testid="due-date">
              {approval?.state === "awaiting" ? (
                "fixée à l'acceptation du titulaire"
              ) : (
                <>
                  <DueDate clock={i.clock} status={i.status} />
                  {i.clock.daysLeft !== null && ` (dans ${i.clock.daysLeft} j)`}
                </>
              )}
            </dd>
            {i.rejectionReason && (
              <>
                <dt className="fr-text--bold">Motif du rejet</dt>
                <dd>{i.rejectionReason}</dd>
              </>
            )}
            <dt className="fr-text--bold">Paiement</dt>
            <dd>{i.paidOn ? `payée le ${formatDate(i.paidOn)}` : i.inPaymentOn ? `mise en paiement le ${formatDate(i.inPaymentOn)}` : "—"}</dd>
            <dt className="fr-text--bold">Retard</dt>
            <dd data-testid="late">
              <LateInterestText clock={i.clock} />
            </dd>
          </dl>
        </div>
      </div>
      {interest.late && (
        <div className={`fr-callout${interest.rateMissing ? " fr-callout--orange-terre-battue" : ""} fr-mb-4w`} data-testid="interest-detail">
          <h2 className="fr-callout__title fr-h6">Intérêts moratoires {i.paidOn ? "dus" : `au ${formatDate(today)}`}</h2>
          {interest.rateMissing ? (
            <p className="fr-callout__text">
              Le taux de la BCE du {halfYearLabel(interest.halfYear)} n'est pas dans la table des taux : les intérêts ne sont pas calculés (taux manquant).
              L'indemnité forfaitaire de {formatEuros(interest.indemnity)} reste due.
            </p>
          ) : (
            <p className="fr-callout__text">
              {formatEuros(i.amountTtc)} TTC × ({interest.ecbRate?.replace(".", ",")} % BCE du {halfYearLabel(interest.halfYear)} + 8 points) × {interest.days}{" "}
              j ÷ 365 = <strong>{formatEuros(interest.interest)}</strong>, plus l'indemnité forfaitaire de {formatEuros(interest.indemnity)} :{" "}
              <strong>{formatEuros(interest.total)}</strong>.
            </p>
          )}
        </div>
      )}
      {holderDecides && approval?.state === "awaiting" && <HolderDecision state={state} dueOn={approval.dueOn} today={today} />}
      {!holderDecides && approval?.state === "awaiting" && (
        <div className="fr-callout fr-mt-4w" data-testid="awaiting-holder">
          <p className="fr-callout__text">
            Cette facture d'un sous-traitant attend l'acceptation du titulaire, {i.contractorName}, jusqu'au {formatDate(approval.dueOn)} ; passé ce délai, son
            silence vaut acceptation. Elle ne peut pas être traitée avant : son délai de paiement de {PAYMENT_DAYS} jours court à partir de l'acceptation.
          </p>
        </div>
      )}
      <InvoiceMoves moves={moves} state={state} today={today} />
      <ColumnTable
        caption="Service fait couvert par la facture"
        id="invoice-declarations"
        rows={declarations}
        rowKey={(d) => d.id}
        columns={[
          {
            header: "Déclaration",
            cell: (d) => (
              <Link to={`/declarations/${d.id}`}>
                {d.kind === "correction" ? "Déclaration corrective " : "Déclaration "}
                {ofMonth(d.month)}
              </Link>
            ),
          },
          { header: "Service fait le", cell: (d) => formatDate(d.validatedOn) },
          { header: "Montant HT", cell: (d) => formatEuros(d.amountHt), num: true },
        ]}
      />
      <ColumnTable
        caption="Historique de la facture"
        id="invoice-history"
        rows={history}
        rowKey={(h) => h.id}
        columns={[
          { header: "Date", cell: (h) => formatDateTime(h.at) },
          { header: "Événement", cell: (h) => eventLabels[h.action] ?? h.action },
          { header: "Par", cell: (h) => h.actor },
          {
            header: "Détail",
            cell: (h) => (
              <>
                {typeof h.after.status === "string" && invoiceStatusLabels[h.after.status as keyof typeof invoiceStatusLabels]}
                {typeof h.after.suspension_reason === "string" && ` : ${h.after.suspension_reason}`}
                {typeof h.after.rejection_reason === "string" && ` : ${h.after.rejection_reason}`}
                {typeof h.after.paid_on === "string" && ` le ${formatDate(h.after.paid_on)}`}
                {typeof h.after.reason === "string" && ` : ${h.after.reason}`}
              </>
            ),
          },
        ]}
      />
    </>
  );
}
