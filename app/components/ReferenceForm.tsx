// The forms of a page with several actions (issue 14: on Conform, components/forms/), first the reference-data
// screens', then the order's and the declaration's actions: one RefForm per intent, its fields from
// components/forms/fields.tsx, its refusal in the error summary at its top, its success message; an irreversible
// one asks first (`confirm`: ConfirmSubmit's DSFR modal, or the question in place without JavaScript).
import type { ReactNode } from "react";
import { useNavigation } from "@remix-run/react";
import type { SubmissionResult } from "@conform-to/react";
import type { z } from "zod";
import { CONFIRM_MESSAGE } from "../lib/form-fields";
import { parseSubmission } from "../lib/conform";
import { FormErrorSummary } from "./forms/ErrorSummary";
import { ConfirmSubmit } from "./forms/ConfirmSubmit";
import { ConformForm, useConformForm } from "./forms/form";

export interface FormState {
  intent?: string;
  error?: string | null;
  ok?: string;
  result?: SubmissionResult<string[]>;
  /** where to resolve the refusal (e.g. the declaration that already exists) */
  link?: { href: string; label: string } | null;
}

/** The state of one form of the page (several forms share the page's action data, told apart by intent). */
export function stateFor(data: FormState | undefined, intent: string): FormState {
  return data && data.intent === intent ? data : {};
}

/** What was typed in a refused form's field (the action's echo), or undefined. */
export function typedValue(state: FormState, name: string): string | undefined {
  const v = state.result?.initialValue?.[name];
  return typeof v === "string" ? v : undefined;
}

/** A success message (role=status). */
export function FormMessage({ state }: { state: FormState }) {
  if (!state.ok) return null;
  return (
    <div className="fr-alert fr-alert--success fr-alert--sm fr-mb-2w" role="status">
      <p>{state.ok}</p>
    </div>
  );
}

/** Would the form pass its schema once confirmed? (asked before the modal opens: a refusal goes to the summary first) */
function confirmedSubmissionValid(form: HTMLFormElement, schema: z.ZodType, confirm: Confirmation): boolean {
  const data = new FormData(form);
  data.set(confirm.name ?? "confirmed", confirm.value ?? "oui");
  return parseSubmission(data, schema).status === "success";
}

/** An irreversible action's confirmation (ConfirmSubmit): what will happen, and the field the action requires. */
export interface Confirmation {
  question: ReactNode;
  /** the confirmation field (default confirmed=oui, what `requireConfirmed` reads) */
  name?: string;
  value?: string;
  icon?: string;
}

/**
 * A reference form: method post, an intent, the error summary, a submit button that says when it is busy.
 * `id` tells apart the forms of one intent on a page (one per lot…); `schema` checks in the browser first.
 * `title` heads the form (an action among others); `confirm` asks before posting.
 */
export function RefForm({
  intent,
  id,
  state,
  schema,
  submit,
  children,
  action,
  className,
  encType,
  fieldId,
  title,
  confirm,
  secondary,
  hidden = {},
}: {
  /** the values that tell apart the forms of one intent (one per row), as hidden fields */
  hidden?: Record<string, string | number>;
  /** the ids of fields that keep their own (see FormErrorSummary's idOf) */
  fieldId?: (name: string) => string | undefined;
  intent: string;
  id?: string;
  state: FormState;
  schema?: z.ZodType;
  submit: string;
  children?: ReactNode;
  action?: string;
  className?: string;
  encType?: "multipart/form-data";
  title?: string;
  confirm?: Confirmation;
  secondary?: boolean;
}) {
  const navigation = useNavigation();
  // a field revalidated by the server as it is typed in (Conform's "__intent__") is no saving: the button stays usable
  const busy = navigation.state === "submitting" && navigation.formData?.get("intent") === intent && !navigation.formData?.has("__intent__");
  const formId = `f-${id ?? intent}`;
  const [form] = useConformForm({ id: formId, schema, lastResult: state.result });
  // the action asks for the confirmation (the no-JavaScript path): the question in place, not an error
  const asking = !!confirm && state.error === CONFIRM_MESSAGE;
  return (
    <ConformForm
      form={form}
      lastResult={state.result}
      action={action}
      className={className}
      encType={encType}
      aria-labelledby={title ? `${formId}-title` : undefined}
    >
      {title && (
        <h3 className="fr-h6" id={`${formId}-title`}>
          {title}
        </h3>
      )}
      <input type="hidden" name="intent" value={intent} />
      {Object.entries(hidden).map(([k, v]) => (
        <input key={k} type="hidden" name={k} value={v} />
      ))}
      {!asking && <FormErrorSummary form={form} idOf={fieldId} link={state.link} />}
      <FormMessage state={state} />
      {children}
      {confirm ? (
        // the fields' form: its button stands apart from them (as the plain button below), never glued to the last field
        <div className={children ? "fr-mt-3w" : undefined}>
          <ConfirmSubmit
            id={id ?? intent}
            label={submit}
            question={confirm.question}
            asking={asking}
            confirmName={confirm.name}
            confirmValue={confirm.value}
            secondary={secondary}
            icon={confirm.icon}
            disabled={busy}
            check={schema ? (el) => confirmedSubmissionValid(el, schema, confirm) : undefined}
          />
        </div>
      ) : (
        <button className={`fr-btn${secondary ? " fr-btn--secondary" : ""}${children ? " fr-mt-3w" : ""}`} type="submit" disabled={busy}>
          {busy ? "Enregistrement…" : submit}
        </button>
      )}
    </ConformForm>
  );
}

/**
 * A destructive action asks for confirmation first (RefForm's `confirm`: the DSFR modal, or the question in place
 * without JavaScript); the form then carries confirmed=oui, which the server requires. Several on a page with the
 * same intent (one per row) are told apart by their hidden values.
 */
export function ConfirmAction({
  intent,
  label,
  question,
  hidden = {},
  state = {},
  secondary = true,
}: {
  intent: string;
  label: string;
  question: string;
  hidden?: Record<string, string | number>;
  state?: FormState;
  secondary?: boolean;
}) {
  const id = [intent, ...Object.values(hidden)].join("-");
  return (
    // (its page says what was done: the form shows only its refusal)
    <RefForm
      intent={intent}
      id={id}
      state={{ ...state, ok: undefined }}
      submit={label}
      secondary={secondary}
      className="fr-mb-1w"
      confirm={{ question: <p>{question}</p> }}
      hidden={hidden}
    />
  );
}

/**
 * The form that edits the row a reference list's "Modifier" link chose (`?modifier=<key>`): its heading, the
 * record's key as a hidden field (`id` unless told), the record's fields; the action's intent is "update".
 */
export function EditRowForm({
  heading,
  keyName = "id",
  keyValue,
  state,
  children,
}: {
  heading: string;
  keyName?: string;
  keyValue: string | number;
  state: FormState;
  children: ReactNode;
}) {
  return (
    <>
      <h2 className="fr-mt-4w">Modifier {heading}</h2>
      <RefForm intent="update" state={state} submit="Enregistrer">
        <input type="hidden" name={keyName} value={keyValue} />
        {children}
      </RefForm>
    </>
  );
}
