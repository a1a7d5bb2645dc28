// The invoice forms' pieces (R15, R18) on Conform (components/forms/): the validated declarations an invoice covers (a
// checkbox group read by name from the nearest ConformForm), and an invoice page's moves and the holder's answer, each
// a RefForm of its own (its schema checked in the browser and again in the action; the irreversible ones confirmed
// in the DSFR modal, or in place without JavaScript).
import { useField } from "@conform-to/react";
import type { ReactNode } from "react";
import { ofMonth } from "../domain/declarations/caps";
import { invoiceMoveLabels, type InvoiceMove } from "../domain/invoices/states";
import { invoiceFormSchemas, type InvoiceIntent } from "../domain/invoices/schemas";
import { formatDate, formatEuros } from "../lib/format";
import { RefForm, type FormState } from "./ReferenceForm";
import { DateField, TextAreaField } from "./forms/fields";

export interface InvoiceableDeclaration {
  id: number;
  month: string;
  kind: string;
  amountHt: string;
  invoiced: boolean;
}

/** The validated declarations an invoice covers: those not invoiced yet ticked, until the form comes back with what was ticked. */
export function DeclarationChoices({ declarations, answered }: { declarations: InvoiceableDeclaration[]; answered: boolean }) {
  const [meta] = useField<string[]>("declarationIds");
  const typed = meta.initialValue;
  const checked = answered
    ? new Set((Array.isArray(typed) ? typed : typed == null ? [] : [typed]).map(String))
    : new Set(declarations.filter((d) => !d.invoiced).map((d) => String(d.id)));
  const error = meta.errors?.[0];
  return (
    <fieldset
      className={`fr-fieldset fr-mt-3w${error ? " fr-fieldset--error" : ""}`}
      id={meta.id}
      tabIndex={-1}
      aria-labelledby={`${meta.id}-legend`}
      aria-describedby={error ? `${meta.id}-error` : undefined}
    >
      <legend className="fr-fieldset__legend" id={`${meta.id}-legend`}>
        Service fait facturé (déclarations validées)
      </legend>
      {declarations.length === 0 && <p className="fr-fieldset__element">Aucune déclaration validée sur ce bon de commande : il n'y a rien à facturer.</p>}
      {declarations.map((d) => (
        <div className="fr-fieldset__element" key={`${meta.key ?? ""}-${d.id}`}>
          <div className="fr-checkbox-group">
            <input type="checkbox" id={`decl-${d.id}`} name="declarationIds" value={d.id} defaultChecked={checked.has(String(d.id))} />
            <label className="fr-label" htmlFor={`decl-${d.id}`}>
              {d.kind === "correction" ? "Corrective " : "Déclaration "}
              {ofMonth(d.month)} : {formatEuros(d.amountHt)} HT{d.invoiced ? " (déjà facturée)" : ""}
            </label>
          </div>
        </div>
      ))}
      {error && (
        <div className="fr-messages-group" id={`${meta.id}-error`}>
          <p className="fr-message fr-message--error">{error}</p>
        </div>
      )}
    </fieldset>
  );
}

/** What each irreversible intent asks before it runs (the modal's question); the others post at once. */
const questions: Partial<Record<InvoiceIntent, string>> = {
  suspend: "Une facture ne peut être suspendue qu'une seule fois : son délai de paiement s'arrête jusqu'à la réception des pièces manquantes.",
  reject: "Le rejet est définitif : la facture ne sera pas payée et son montant n'est plus compté comme facturé.",
  in_payment: "La facture passera en paiement : elle ne pourra plus être suspendue ni rejetée.",
  pay: "Le paiement enregistré est définitif : il arrête le calcul des intérêts moratoires à sa date.",
  holder_approve: "Votre acceptation est définitive : le délai de paiement de 30 jours de l'État court à partir d'aujourd'hui.",
  holder_refuse: "Votre refus est définitif : la facture de votre sous-traitant est rejetée, avec votre motif.",
};

/** An invoice page's form for one intent: its fields, and its confirmation when it cannot be undone. */
export function InvoiceIntentForm({
  intent,
  state,
  today,
  title,
  submit,
  secondary,
  children,
}: {
  intent: InvoiceIntent;
  state: FormState;
  today: string;
  title?: string;
  submit: string;
  secondary?: boolean;
  children?: ReactNode;
}) {
  const question = questions[intent];
  return (
    <div data-testid={intent.startsWith("holder_") ? intent.replace("_", "-") : `move-${intent}`}>
      <RefForm
        intent={intent}
        title={title}
        state={state}
        schema={invoiceFormSchemas[intent]}
        submit={submit}
        secondary={secondary}
        className="fr-mb-4w"
        confirm={question ? { question: <p>{question}</p> } : undefined}
      >
        {children}
        <IntentFields intent={intent} today={today} />
      </RefForm>
    </div>
  );
}

function IntentFields({ intent, today }: { intent: InvoiceIntent; today: string }) {
  switch (intent) {
    case "suspend":
      return (
        <>
          <TextAreaField name="reason" label="Pièce ou information manquante" rows={2} />
          <DateField name="on" label="Date de la suspension dans Chorus Pro" defaultValue={today} />
        </>
      );
    case "resume":
      return <DateField name="on" label="Date de réception des pièces manquantes" defaultValue={today} />;
    case "reject":
      return <TextAreaField name="reason" label="Motif du rejet" rows={2} />;
    case "pay":
      return <DateField name="paidOn" label="Date du paiement" defaultValue={today} />;
    case "holder_refuse":
      return <TextAreaField name="reason" label="Motif du refus" rows={2} />;
    default:
      return null;
  }
}

/** R18: the holder's answer to its subcontractor's invoice, within its 15 days (accept, or refuse with a reason). */
export function HolderDecision({ state, dueOn, today }: { state: (intent: InvoiceIntent) => FormState; dueOn: string; today: string }) {
  return (
    <section aria-labelledby="holder-title" className="fr-mt-4w" data-testid="holder-decision">
      <h2 className="fr-h4" id="holder-title">
        Acceptation de la facture de votre sous-traitant
      </h2>
      <p>
        Vous avez jusqu'au <strong>{formatDate(dueOn)}</strong> pour accepter ou refuser cette facture ; passé ce délai, votre silence vaut acceptation (article
        R2193-12 du code de la commande publique). Le délai de paiement de l'État court à partir de l'acceptation.
      </p>
      <InvoiceIntentForm intent="holder_approve" state={state("holder_approve")} today={today} submit="Accepter la facture" />
      <InvoiceIntentForm intent="holder_refuse" state={state("holder_refuse")} today={today} title="Refuser la facture" submit="Refuser la facture" secondary />
    </section>
  );
}

/** The buyer's (or, for the missing items, the contractor's) next moves of R15. */
export function InvoiceMoves({ moves, state, today }: { moves: InvoiceMove[]; state: (intent: InvoiceIntent) => FormState; today: string }) {
  if (moves.length === 0) return null;
  return (
    <section aria-labelledby="moves-title" className="fr-mt-4w">
      <h2 className="fr-h4" id="moves-title">
        Traitement de la facture
      </h2>
      {moves.map((m) => (
        <InvoiceIntentForm
          key={m}
          intent={m}
          state={state(m)}
          today={today}
          title={invoiceMoveLabels[m]}
          submit={invoiceMoveLabels[m]}
          secondary={m === "reject"}
        />
      ))}
    </section>
  );
}
