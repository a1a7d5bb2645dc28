// DSFR fields wired to Conform's field metadata (issue 14): label and hint, the value typed kept after a refusal,
// `aria-invalid` and `aria-describedby` (hint and error), the error under the field. They read their field by
// name from the nearest ConformForm (./form.tsx), so a list item is just its Conform name ("lines[2].amount").
import { useField } from "@conform-to/react";
import type { ReactNode, Ref } from "react";

interface FieldProps {
  name: string;
  label: ReactNode;
  hint?: ReactNode;
  /** shown when the form has no value for the field yet (no refusal, no default of the form) */
  defaultValue?: string | number | null;
  /** a fixed id (e2e tests and links use some); the form's `${formId}-${name}` otherwise */
  id?: string;
  className?: string;
}

/** The field's metadata, its id and the ids and attributes its input takes. */
export function useDsfrField(name: string, id?: string, hint?: ReactNode) {
  const [meta] = useField<string>(name);
  const fid = id ?? meta.id;
  const error = meta.errors?.[0];
  const hintId = hint ? `${fid}-hint` : undefined;
  const errorId = `${fid}-error`;
  const describedBy = [hintId, error ? errorId : null].filter(Boolean).join(" ") || undefined;
  return {
    meta,
    fid,
    error,
    hintId,
    errorId,
    aria: { "aria-invalid": error ? true : undefined, "aria-describedby": describedBy },
    /** the attributes its control (input, textarea, select) starts with: the DSFR class, in error when refused, its id and name */
    control: (base: "fr-input" | "fr-select") => ({ className: withError(base, error), id: fid, name }),
    initial: (fallback?: string | number | null) => {
      const v = meta.initialValue;
      return typeof v === "string" ? v : fallback == null ? "" : String(fallback);
    },
  };
}

/** A DSFR class, and its `--error` variant when the field is refused ("fr-input fr-input--error"). */
function withError(base: string, error: string | undefined): string {
  return `${base}${error ? ` ${base}--error` : ""}`;
}

function Hint({ hint, hintId }: { hint?: ReactNode; hintId?: string }) {
  return hint ? (
    <span className="fr-hint-text" id={hintId}>
      {hint}
    </span>
  ) : null;
}

function Label({ fid, label, hint, hintId }: { fid: string; label: ReactNode; hint?: ReactNode; hintId?: string }) {
  return (
    <label className="fr-label" htmlFor={fid}>
      {label}
      <Hint hint={hint} hintId={hintId} />
    </label>
  );
}

/** A field's DSFR group (`fr-input-group`, `fr-select-group`…, in error when refused): its label and hint, the control, the error under it. */
function FieldGroup({
  group,
  field: f,
  label,
  hint,
  className,
  children,
}: {
  group: "fr-input-group" | "fr-select-group" | "fr-upload-group";
  field: ReturnType<typeof useDsfrField>;
  label: ReactNode;
  hint?: ReactNode;
  className?: string;
  children: ReactNode;
}) {
  return (
    <div className={`${withError(group, f.error)}${className ? ` ${className}` : ""}`}>
      <Label fid={f.fid} label={label} hint={hint} hintId={f.hintId} />
      {children}
      <FieldError id={f.errorId} message={f.error} />
    </div>
  );
}

/** The message of a field the form does not show (e.g. the beneficiary a hidden field names), where the summary links to. */
export function FieldMessage({ name }: { name: string }) {
  const [meta] = useField<string>(name);
  return <FieldError id={meta.id} message={meta.errors?.[0]} />;
}

export function FieldError({ id, message }: { id: string; message?: string }) {
  if (!message) return null;
  return (
    <p className="fr-error-text" id={id} data-testid="field-error">
      {message}
    </p>
  );
}

export function TextField({
  name,
  label,
  hint,
  defaultValue,
  id,
  className,
  type = "text",
  required,
  autoComplete,
  inputMode,
  list,
  maxLength,
  inputRef,
}: FieldProps & {
  type?: "text" | "email" | "password" | "number" | "date" | "month" | "url" | "tel";
  required?: boolean;
  autoComplete?: string;
  inputMode?: "decimal" | "numeric" | "text";
  list?: string;
  maxLength?: number;
  inputRef?: Ref<HTMLInputElement>;
}) {
  const f = useDsfrField(name, id, hint);
  return (
    <FieldGroup group="fr-input-group" field={f} label={label} hint={hint} className={className}>
      <input
        key={f.meta.key}
        {...f.control("fr-input")}
        type={type}
        defaultValue={type === "password" ? undefined : f.initial(defaultValue)}
        required={required}
        autoComplete={autoComplete ?? "off"}
        inputMode={inputMode}
        list={list}
        maxLength={maxLength}
        ref={inputRef}
        {...f.aria}
      />
    </FieldGroup>
  );
}

/** The hint of every date field (DSFR's wording), the format a French browser shows in a `type="date"` field. */
export const DATE_HINT = "Format attendu : JJ/MM/AAAA";

/** A date, typed or picked: DSFR's `type="date"` field (the browser shows it in French, jj/mm/aaaa), posted as AAAA-MM-JJ. */
export function DateField({ hint = DATE_HINT, ...props }: FieldProps & { required?: boolean }) {
  return <TextField {...props} hint={hint} type="date" />;
}

/** A month (AAAA-MM), picked with the browser's month picker; typed as AAAA-MM where it has none. */
export function MonthField({ hint = "Format attendu : aaaa-mm, par exemple 2026-11", ...props }: FieldProps) {
  return <TextField {...props} hint={hint} type="month" />;
}

export function TextAreaField({ name, label, hint, defaultValue, id, className, rows = 3, required }: FieldProps & { rows?: number; required?: boolean }) {
  const f = useDsfrField(name, id, hint);
  return (
    <FieldGroup group="fr-input-group" field={f} label={label} hint={hint} className={className}>
      <textarea key={f.meta.key} {...f.control("fr-input")} rows={rows} required={required} defaultValue={f.initial(defaultValue)} {...f.aria} />
    </FieldGroup>
  );
}

export interface SelectOption {
  value: string | number;
  label: string;
}

export function SelectField({
  name,
  label,
  hint,
  defaultValue,
  id,
  className,
  options,
  placeholder = "Sélectionnez une option",
  required,
  value,
  onChange,
  children,
}: FieldProps & {
  options?: SelectOption[];
  placeholder?: string | null;
  required?: boolean;
  /** a controlled select (the order form's lot and holder): its value and change */
  value?: string;
  onChange?: (value: string) => void;
  /** options as elements (optgroups), instead of `options` */
  children?: ReactNode;
}) {
  const f = useDsfrField(name, id, hint);
  const controlled =
    value !== undefined ? { value, onChange: (e: { target: { value: string } }) => onChange?.(e.target.value) } : { defaultValue: f.initial(defaultValue) };
  return (
    <FieldGroup group="fr-select-group" field={f} label={label} hint={hint} className={className}>
      <select key={value !== undefined ? undefined : f.meta.key} {...f.control("fr-select")} required={required} {...controlled} {...f.aria}>
        {placeholder !== null && <option value="">{placeholder}</option>}
        {options?.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
        {children}
      </select>
    </FieldGroup>
  );
}

/** One choice among a few, DSFR's radio buttons in a fieldset (its legend the label); the error under the group. */
export function RadioField({ name, label, hint, defaultValue, id, options, inline }: FieldProps & { options: SelectOption[]; inline?: boolean }) {
  const f = useDsfrField(name, id, hint);
  const legendId = `${f.fid}-legend`;
  const checked = f.initial(defaultValue);
  return (
    <fieldset className={withError("fr-fieldset", f.error)} id={f.fid} aria-labelledby={[legendId, f.error ? f.errorId : null].filter(Boolean).join(" ")}>
      <legend className="fr-fieldset__legend fr-fieldset__legend--regular" id={legendId}>
        {label}
        <Hint hint={hint} hintId={f.hintId} />
      </legend>
      {options.map((o) => (
        <div key={o.value} className={`fr-fieldset__element${inline ? " fr-fieldset__element--inline" : ""}`}>
          <div className="fr-radio-group">
            <input key={f.meta.key} type="radio" id={`${f.fid}-${o.value}`} name={name} value={o.value} defaultChecked={checked === String(o.value)} />
            <label className="fr-label" htmlFor={`${f.fid}-${o.value}`}>
              {o.label}
            </label>
          </div>
        </div>
      ))}
      <div className="fr-messages-group">
        <FieldError id={f.errorId} message={f.error} />
      </div>
    </fieldset>
  );
}

/** A ticked confirmation (posted "on"), DSFR's checkbox. */
export function CheckboxField({ name, label, hint, id }: Omit<FieldProps, "defaultValue">) {
  const f = useDsfrField(name, id, hint);
  return (
    <div className={withError("fr-checkbox-group", f.error)}>
      <input key={f.meta.key} type="checkbox" id={f.fid} name={name} defaultChecked={f.meta.initialValue === "on"} {...f.aria} />
      <Label fid={f.fid} label={label} hint={hint} hintId={f.hintId} />
      <FieldError id={f.errorId} message={f.error} />
    </div>
  );
}

/** A file to send: DSFR's upload group (label, what is accepted, the error), not the browser's bare "Choose File". */
export function UploadField({
  name,
  label,
  hint,
  id,
  accept,
  multiple,
  required,
}: Omit<FieldProps, "defaultValue"> & { accept?: string; multiple?: boolean; required?: boolean }) {
  const f = useDsfrField(name, id, hint);
  return (
    <FieldGroup group="fr-upload-group" field={f} label={label} hint={hint}>
      <input className="fr-upload" type="file" id={f.fid} name={name} accept={accept} multiple={multiple} required={required} {...f.aria} />
    </FieldGroup>
  );
}
