import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { notFound, requirePermission } from "../auth/guard.server";
import { getDb } from "../db.server";
import { RefForm, stateFor, type FormState } from "../components/ReferenceForm";
import { DateField, SelectField, TextField } from "../components/forms/fields";
import { FieldGrid } from "../components/forms/FieldGrid";
import { DeclarationChoices } from "../components/InvoiceForms";
import { orderInvoicing } from "../domain/invoices/queries.server";
import { recordInvoiceSchema } from "../domain/invoices/schemas";
import { recordInvoice } from "../domain/invoices/services.server";
import { paymentClosingWarning } from "../domain/budget-years/services.server";
import { postedIntent, runForm, unknownAction } from "../lib/reference-action.server";
import { todayInParis } from "../lib/dates";
import { formatEuros } from "../lib/format";
import { companyKindLabels } from "../domain/companies/labels";
import { parseId } from "../lib/ids";
export { RouteErrorBoundary as ErrorBoundary } from "../components/ErrorPage";

export const meta: MetaFunction = () => [{ title: "Enregistrer une facture - Pilotage UO" }];

const NOT_FOUND = "Ce bon de commande n'existe pas, n'est pas le vôtre ou ne se facture pas : ouvrez la facture depuis la page du bon de commande.";

async function orderFor(request: Request, orderId: number | null) {
  const user = await requirePermission(request, "invoice:record");
  const invoicing = orderId ? await orderInvoicing(getDb(), user, orderId) : null;
  if (!invoicing || invoicing.order.contractorId !== user.contractorId || (invoicing.order.status !== "issued" && invoicing.order.status !== "closed")) {
    throw notFound(NOT_FOUND);
  }
  return { user, invoicing };
}

export async function loader({ request }: LoaderFunctionArgs) {
  const { invoicing } = await orderFor(request, parseId(new URL(request.url).searchParams.get("commande")));
  const { invoices: _list, ...rest } = invoicing;
  const today = todayInParis();
  return { ...rest, today, closing: await paymentClosingWarning(getDb(), today) };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requirePermission(request, "invoice:record");
  const { form, intent } = await postedIntent(request);
  if (intent !== "record") return unknownAction(intent, form);
  return runForm(form, intent, recordInvoiceSchema, async (input) => {
    const { id } = await recordInvoice(getDb(), user, input);
    return redirect(`/factures/${id}?ok=record`);
  });
}

export default function NewInvoice() {
  const { order, declarations, notInvoicedHt, companies, today, closing } = useLoaderData<typeof loader>();
  const state = stateFor(useActionData<FormState>(), "record");
  const lead = companies.find((c) => c.kind === "lead");
  return (
    <>
      <h1>Enregistrer une facture</h1>
      <p>
        Sur le bon de commande <Link to={`/commandes/${order.id}#factures`}>{order.ejNumber ? `d'EJ ${order.ejNumber}` : "sans EJ"}</Link>. Saisissez la facture
        telle que vous l'avez déposée dans Chorus Pro : elle doit citer le numéro d'engagement juridique (EJ) du bon de commande, et son montant HT ne peut pas
        dépasser le service fait validé non encore facturé, soit <strong data-testid="left-to-invoice">{formatEuros(notInvoicedHt)} HT</strong>. La TVA est
        celle du bon de commande.
      </p>
      {closing && (
        <div className="fr-alert fr-alert--warning fr-alert--sm fr-mb-3w" data-testid="payment-closing">
          <p>{closing}</p>
        </div>
      )}
      <RefForm
        intent="record"
        state={state}
        schema={recordInvoiceSchema}
        submit="Enregistrer la facture"
        fieldId={(name) => (name === "declarationIds" ? undefined : name)}
      >
        <input type="hidden" name="orderId" value={order.id} />
        {companies.length > 1 ? (
          <SelectField
            id="companyId"
            name="companyId"
            label="Entreprise qui émet la facture"
            hint="Chaque entreprise facture sa part du service fait ; un sous-traitant ne dépasse pas son montant accepté, et sa facture attend votre acceptation (15 jours) avant d'être traitée."
            defaultValue={lead?.id}
            placeholder={null}
            options={companies.map((c) => ({ value: c.id, label: `${c.name} (${companyKindLabels[c.kind]}) : reste ${formatEuros(c.leftHt)} HT à facturer` }))}
          />
        ) : (
          lead && <input type="hidden" name="companyId" value={lead.id} />
        )}
        <FieldGrid md={6}>
          <TextField id="number" name="number" label="Numéro de la facture" hint="Celui de votre facture dans Chorus Pro" />
          <TextField
            id="ejNumber"
            name="ejNumber"
            label="Numéro d'engagement juridique (EJ) cité"
            hint={order.ejNumber ? `Celui du bon de commande : ${order.ejNumber}` : undefined}
            defaultValue={order.ejNumber}
          />
          <DateField id="receivedOn" name="receivedOn" label="Date de dépôt dans Chorus Pro" defaultValue={today} />
          <TextField id="amountHt" name="amountHt" label="Montant HT (€)" hint="Par exemple 12345,67" inputMode="decimal" />
        </FieldGrid>
        <DeclarationChoices declarations={declarations} answered={!!state.result} />
      </RefForm>
    </>
  );
}
