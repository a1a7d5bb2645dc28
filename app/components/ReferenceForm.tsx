// DSFR form fields for the reference-data screens: label, hint, error linked by aria-describedby, and the
// submitted value kept after a refusal.
import { createContext, useContext, useState, type ReactNode } from "react";
import { Form, useNavigation } from "@remix-run/react";
import { CONFIRM_MESSAGE } from "../lib/form-fields";

export interface FormState {
  intent?: string;
  error?: string | null;
  fieldErrors?: Record<string, string[] | undefined>;
  values?: Record<string, string>;
  ok?: string;
}

/** The state of one form of the page (several forms share the page's action data, told apart by intent). */
export function stateFor(data: FormState | undefined, intent: string): FormState {
  return data && data.intent === intent ? data : {};
}

/** Field ids are prefixed by their form's intent, so that several forms on a page never share an id. */
const FormIdContext = createContext("f");

function err(state: FormState, name: string) {
  return state.fieldErrors?.[name]?.[0];
}

export function value(state: FormState, name: string, fallback: string | number | null | undefined = "") {
  return state.values && name in state.values ? state.values[name] : fallback == null ? "" : String(fallback);
}

interface FieldProps {
  state: FormState;
  name: string;
  label: string;
  hint?: string;
  defaultValue?: string | number | null;
  id?: string;
}

export function TextField({
  state,
  name,
  label,
  hint,
  defaultValue,
  id,
  type = "text",
  required,
  autoComplete,
  inputMode,
}: FieldProps & {
  type?: string;
  required?: boolean;
  autoComplete?: string;
  inputMode?: "decimal" | "numeric" | "text";
}) {
  const prefix = useContext(FormIdContext);
  const fid = id ?? `${prefix}-${name}`;
  const e = err(state, name);
  return (
    <div className={`fr-input-group${e ? " fr-input-group--error" : ""}`}>
      <label className="fr-label" htmlFor={fid}>
        {label}
        {hint && <span className="fr-hint-text">{hint}</span>}
      </label>
      <input
        className={`fr-input${e ? " fr-input--error" : ""}`}
        id={fid}
        name={name}
        type={type}
        defaultValue={value(state, name, defaultValue)}
        required={required}
        autoComplete={autoComplete ?? "off"}
        inputMode={inputMode}
        aria-describedby={e ? `${fid}-error` : undefined}
        aria-invalid={e ? true : undefined}
      />
      {e && (
        <p className="fr-error-text" id={`${fid}-error`}>
          {e}
        </p>
      )}
    </div>
  );
}

export function TextAreaField({ state, name, label, hint, defaultValue, id, rows = 3 }: FieldProps & { rows?: number }) {
  const prefix = useContext(FormIdContext);
  const fid = id ?? `${prefix}-${name}`;
  const e = err(state, name);
  return (
    <div className={`fr-input-group${e ? " fr-input-group--error" : ""}`}>
      <label className="fr-label" htmlFor={fid}>
        {label}
        {hint && <span className="fr-hint-text">{hint}</span>}
      </label>
      <textarea
        className={`fr-input${e ? " fr-input--error" : ""}`}
        id={fid}
        name={name}
        rows={rows}
        defaultValue={value(state, name, defaultValue)}
        aria-describedby={e ? `${fid}-error` : undefined}
        aria-invalid={e ? true : undefined}
      />
      {e && (
        <p className="fr-error-text" id={`${fid}-error`}>
          {e}
        </p>
      )}
    </div>
  );
}

export function SelectField({
  state,
  name,
  label,
  hint,
  defaultValue,
  id,
  options,
  placeholder = "Sélectionnez une option",
}: FieldProps & {
  options: { value: string | number; label: string }[];
  placeholder?: string | null;
}) {
  const prefix = useContext(FormIdContext);
  const fid = id ?? `${prefix}-${name}`;
  const e = err(state, name);
  return (
    <div className={`fr-select-group${e ? " fr-select-group--error" : ""}`}>
      <label className="fr-label" htmlFor={fid}>
        {label}
        {hint && <span className="fr-hint-text">{hint}</span>}
      </label>
      <select
        className={`fr-select${e ? " fr-select--error" : ""}`}
        id={fid}
        name={name}
        defaultValue={value(state, name, defaultValue)}
        aria-describedby={e ? `${fid}-error` : undefined}
        aria-invalid={e ? true : undefined}
      >
        {placeholder !== null && <option value="">{placeholder}</option>}
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
      {e && (
        <p className="fr-error-text" id={`${fid}-error`}>
          {e}
        </p>
      )}
    </div>
  );
}

/** The form-level message: a refusal (role=alert) or a success. */
export function FormMessage({ state }: { state: FormState }) {
  if (state.error)
    return (
      <div className="fr-alert fr-alert--error fr-alert--sm fr-mb-2w" role="alert">
        <p>{state.error}</p>
      </div>
    );
  if (state.ok)
    return (
      <div className="fr-alert fr-alert--success fr-alert--sm fr-mb-2w" role="status">
        <p>{state.ok}</p>
      </div>
    );
  return null;
}

/** A reference form: method post, an intent, a submit button that says when it is busy. */
export function RefForm({
  intent,
  state,
  submit,
  children,
  action,
  className,
}: {
  intent: string;
  state: FormState;
  submit: string;
  children: ReactNode;
  action?: string;
  className?: string;
}) {
  const navigation = useNavigation();
  const busy = navigation.state === "submitting" && navigation.formData?.get("intent") === intent;
  return (
    <Form method="post" action={action} noValidate className={className}>
      <input type="hidden" name="intent" value={intent} />
      <FormMessage state={state} />
      <FormIdContext.Provider value={`f-${intent}`}>{children}</FormIdContext.Provider>
      <button className="fr-btn fr-mt-2w" type="submit" disabled={busy}>
        {busy ? "Enregistrement…" : submit}
      </button>
    </Form>
  );
}

/**
 * A destructive action asks for confirmation first: the first button reveals the consequence and a
 * confirm button (the form then carries confirmed=oui, which the server requires).
 */
export function ConfirmAction({
  intent,
  label,
  question,
  hidden = {},
  state,
  secondary = true,
}: {
  intent: string;
  label: string;
  question: string;
  hidden?: Record<string, string | number>;
  state?: FormState;
  secondary?: boolean;
}) {
  const [asking, setAsking] = useState(false);
  const needsConfirm = state?.intent === intent && state.error === CONFIRM_MESSAGE;
  const show = asking || needsConfirm;
  return (
    <Form method="post" className="fr-mb-1w">
      <input type="hidden" name="intent" value={intent} />
      {Object.entries(hidden).map(([k, v]) => (
        <input key={k} type="hidden" name={k} value={v} />
      ))}
      {state?.intent === intent && state.error && state.error !== CONFIRM_MESSAGE && (
        <div className="fr-alert fr-alert--error fr-alert--sm fr-mb-1w" role="alert">
          <p>{state.error}</p>
        </div>
      )}
      {!show ? (
        <button
          type="submit"
          className={`fr-btn${secondary ? " fr-btn--secondary" : ""} fr-btn--sm`}
          onClick={(e) => {
            e.preventDefault();
            setAsking(true);
          }}
        >
          {label}
        </button>
      ) : (
        <div className="fr-callout fr-p-2w" role="alertdialog" aria-label={`Confirmer : ${label}`}>
          <p className="fr-callout__text fr-text--md">{question}</p>
          <ul className="fr-btns-group fr-btns-group--inline fr-btns-group--sm">
            <li>
              <button type="submit" name="confirmed" value="oui" className="fr-btn fr-btn--sm">
                Confirmer : {label.toLowerCase()}
              </button>
            </li>
            <li>
              <button type="button" className="fr-btn fr-btn--secondary fr-btn--sm" onClick={() => setAsking(false)}>
                Annuler
              </button>
            </li>
          </ul>
        </div>
      )}
    </Form>
  );
}
