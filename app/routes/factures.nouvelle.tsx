import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { notFound, requirePermission } from "../auth/guard.server";
import { getDb } from "../db.server";
import { InvoiceField as Field } from "../components/Invoices";
import { orderInvoicing } from "../domain/invoices/queries.server";
import { recordInvoiceSchema } from "../domain/invoices/schemas";
import { recordInvoice } from "../domain/invoices/services.server";
import { ofMonth } from "../domain/declarations/caps";
import { paymentClosingWarning } from "../domain/budget-years/services.server";
import { answerAction, firstMessages, parseForm, type Reply } from "../lib/form-action.server";
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

type ActionResult = { error: string; fieldErrors: Record<string, string>; values: Record<string, string | string[] | undefined> };

export async function action({ request }: ActionFunctionArgs) {
  const user = await requirePermission(request, "invoice:record");
  const form = await request.formData();
  const values = {
    orderId: String(form.get("orderId") ?? ""),
    number: String(form.get("number") ?? ""),
    ejNumber: String(form.get("ejNumber") ?? ""),
    receivedOn: String(form.get("receivedOn") ?? ""),
    amountHt: String(form.get("amountHt") ?? ""),
    companyId: String(form.get("companyId") ?? "") || undefined,
    declarationIds: form.getAll("declarationIds").map(String),
  };
  const reply: Reply = (r) => ({ error: r.message, fieldErrors: firstMessages(r.fieldErrors), values }) satisfies ActionResult;
  return answerAction(reply, async () => {
    const { id } = await recordInvoice(getDb(), user, parseForm(recordInvoiceSchema, values));
    return redirect(`/factures/${id}?ok=record`);
  });
}

export default function NewInvoice() {
  const { order, declarations, notInvoicedHt, companies, today, closing } = useLoaderData<typeof loader>();
  const result = useActionData<ActionResult>();
  const e = result?.fieldErrors ?? {};
  const v = result?.values;
  const checked = new Set(v ? (v.declarationIds as string[]) : declarations.filter((d) => !d.invoiced).map((d) => String(d.id)));
  const lead = companies.find((c) => c.kind === "lead");
  const described = (name: string) => (e[name] ? `${name}-error` : undefined);
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
      {result?.error && (
        <div className="fr-alert fr-alert--error fr-mb-3w" role="alert">
          <p data-testid="form-error">{result.error}</p>
        </div>
      )}
      <Form method="post" noValidate>
        <input type="hidden" name="orderId" value={order.id} />
        {companies.length > 1 ? (
          <div className={`fr-select-group${e.companyId ? " fr-select-group--error" : ""}`}>
            <label className="fr-label" htmlFor="companyId">
              Entreprise qui émet la facture
              <span className="fr-hint-text">
                Chaque entreprise facture sa part du service fait ; un sous-traitant ne dépasse pas son montant accepté, et sa facture attend votre acceptation
                (15 jours) avant d'être traitée.
              </span>
            </label>
            <select
              className="fr-select"
              id="companyId"
              name="companyId"
              defaultValue={(v?.companyId as string | undefined) ?? String(lead?.id ?? "")}
              aria-describedby={e.companyId ? "companyId-error" : undefined}
            >
              {companies.map((c) => (
                <option key={c.id} value={c.id}>
                  {c.name} ({companyKindLabels[c.kind]}) : reste {formatEuros(c.leftHt)} HT à facturer
                </option>
              ))}
            </select>
            {e.companyId && (
              <p className="fr-error-text" id="companyId-error">
                {e.companyId}
              </p>
            )}
          </div>
        ) : (
          lead && <input type="hidden" name="companyId" value={lead.id} />
        )}
        <div className="fr-grid-row fr-grid-row--gutters">
          <div className="fr-col-12 fr-col-md-6">
            <Field id="number" label="Numéro de la facture" hint="Celui de votre facture dans Chorus Pro" error={e.number}>
              <input className="fr-input" id="number" name="number" defaultValue={(v?.number as string) ?? ""} aria-describedby={described("number")} />
            </Field>
          </div>
          <div className="fr-col-12 fr-col-md-6">
            <Field
              id="ejNumber"
              label="Numéro d'engagement juridique (EJ) cité"
              hint={order.ejNumber ? `Celui du bon de commande : ${order.ejNumber}` : undefined}
              error={e.ejNumber}
            >
              <input
                className="fr-input"
                id="ejNumber"
                name="ejNumber"
                defaultValue={(v?.ejNumber as string) ?? order.ejNumber ?? ""}
                aria-describedby={described("ejNumber")}
              />
            </Field>
          </div>
          <div className="fr-col-12 fr-col-md-6">
            <Field id="receivedOn" label="Date de dépôt dans Chorus Pro" error={e.receivedOn}>
              <input
                className="fr-input"
                type="date"
                id="receivedOn"
                name="receivedOn"
                max={today}
                defaultValue={(v?.receivedOn as string) ?? today}
                aria-describedby={described("receivedOn")}
              />
            </Field>
          </div>
          <div className="fr-col-12 fr-col-md-6">
            <Field id="amountHt" label="Montant HT (€)" hint="Par exemple 12345,67" error={e.amountHt ?? e.amountTtc}>
              <input
                className="fr-input"
                id="amountHt"
                name="amountHt"
                inputMode="decimal"
                defaultValue={(v?.amountHt as string) ?? ""}
                aria-describedby={described("amountHt")}
              />
            </Field>
          </div>
        </div>
        <fieldset
          className={`fr-fieldset${e.declarationIds ? " fr-fieldset--error" : ""}`}
          id="declarations"
          aria-labelledby="declarations-legend"
          aria-describedby={e.declarationIds ? "declarationIds-error" : undefined}
        >
          <legend className="fr-fieldset__legend" id="declarations-legend">
            Service fait facturé (déclarations validées)
          </legend>
          {declarations.length === 0 && <p className="fr-fieldset__element">Aucune déclaration validée sur ce bon de commande : il n'y a rien à facturer.</p>}
          {declarations.map((d) => (
            <div className="fr-fieldset__element" key={d.id}>
              <div className="fr-checkbox-group">
                <input type="checkbox" id={`decl-${d.id}`} name="declarationIds" value={d.id} defaultChecked={checked.has(String(d.id))} />
                <label className="fr-label" htmlFor={`decl-${d.id}`}>
                  {d.kind === "correction" ? "Corrective " : "Déclaration "}
                  {ofMonth(d.month)} : {formatEuros(d.amountHt)} HT{d.invoiced ? " (déjà facturée)" : ""}
                </label>
              </div>
            </div>
          ))}
          {e.declarationIds && (
            <div className="fr-messages-group" id="declarationIds-error">
              <p className="fr-message fr-message--error">{e.declarationIds}</p>
            </div>
          )}
        </fieldset>
        <button className="fr-btn" type="submit">
          Enregistrer la facture
        </button>
      </Form>
    </>
  );
}
