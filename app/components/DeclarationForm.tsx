// The monthly declaration form (R8): per order line, days (half-days), people, activities, remaining estimate.
import { Form, Link } from "@remix-run/react";
import { field, PEOPLE_SLOTS, type FieldErrors, type FormLine } from "../domain/declarations/form";
import { formatDays, formatEuros } from "../lib/format";

export interface FormOrderLine {
  id: number;
  lineNo: number;
  workUnitLabel: string;
  unitPrice: string;
  figures: { orderedDays: string; consumedDays: string; pendingDays: string; remainingDays: string };
}

function Err({ id, message }: { id: string; message?: string }) {
  if (!message) return null;
  return (
    <p id={id} className="fr-error-text" data-testid="field-error">
      {message}
    </p>
  );
}

function Input({
  name,
  label,
  value,
  error,
  hint,
  inputMode,
  textarea,
  className,
  list,
}: {
  name: string;
  label: string;
  value: string;
  error?: string;
  hint?: string;
  inputMode?: "decimal";
  textarea?: boolean;
  className?: string;
  list?: string;
}) {
  const id = name.replace(/\./g, "-");
  const describedBy = [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean).join(" ") || undefined;
  return (
    <div className={`fr-input-group${error ? " fr-input-group--error" : ""}${className ? ` ${className}` : ""}`}>
      <label className="fr-label" htmlFor={id}>
        {label}
        {hint && (
          <span className="fr-hint-text" id={`${id}-hint`}>
            {hint}
          </span>
        )}
      </label>
      {textarea ? (
        <textarea
          className={`fr-input${error ? " fr-input--error" : ""}`}
          id={id}
          name={name}
          defaultValue={value}
          rows={3}
          aria-describedby={describedBy}
          aria-invalid={error ? true : undefined}
        />
      ) : (
        <input
          className={`fr-input${error ? " fr-input--error" : ""}`}
          id={id}
          name={name}
          defaultValue={value}
          inputMode={inputMode}
          list={list}
          aria-describedby={describedBy}
          aria-invalid={error ? true : undefined}
          autoComplete="off"
        />
      )}
      <Err id={`${id}-error`} message={error} />
    </div>
  );
}

export function emptyFormLines(lines: FormOrderLine[]): FormLine[] {
  return lines.map((l) => ({ orderLineId: String(l.id), days: "", activities: "", remainingEstimateDays: "", remainingComment: "", people: [] }));
}

export function DeclarationForm({
  orderLines,
  values,
  errors,
  formError,
  formLink,
  busy,
  people,
}: {
  orderLines: FormOrderLine[];
  values: FormLine[];
  errors: FieldErrors;
  formError?: string | null;
  /** where to resolve the refusal (e.g. the month's declaration that already exists) */
  formLink?: { href: string; label: string } | null;
  busy?: boolean;
  people: string[];
}) {
  return (
    <Form method="post" noValidate>
      {formError && (
        <div className="fr-alert fr-alert--error fr-mb-3w" role="alert" data-testid="form-error">
          <p>{formError}</p>
          {formLink && (
            <p>
              <Link className="fr-link" to={formLink.href} data-testid="form-error-link">
                {formLink.label}
              </Link>
            </p>
          )}
        </div>
      )}
      <datalist id="declaration-people">
        {people.map((p) => (
          <option key={p} value={p} />
        ))}
      </datalist>
      {orderLines.map((ol, i) => {
        const v = values.find((x) => x.orderLineId === String(ol.id)) ?? {
          orderLineId: String(ol.id),
          days: "",
          activities: "",
          remainingEstimateDays: "",
          remainingComment: "",
          people: [],
        };
        const slots = Math.max(PEOPLE_SLOTS, v.people.length + 1);
        return (
          <fieldset key={ol.id} className="fr-fieldset fr-mb-4w pilotage-declaration-line" data-testid="declaration-line">
            <legend className="fr-fieldset__legend fr-h6">
              Ligne {ol.lineNo} : {ol.workUnitLabel}
              <span className="fr-hint-text">
                {formatDays(ol.figures.orderedDays)} j commandés à {formatEuros(ol.unitPrice)} HT l'UO ; consommé {formatDays(ol.figures.consumedDays)} j, en
                attente {formatDays(ol.figures.pendingDays)} j, restant {formatDays(ol.figures.remainingDays)} j.
              </span>
            </legend>
            <input type="hidden" name={field.orderLineId(i)} value={ol.id} />
            <div className="fr-fieldset__element">
              <Input
                name={field.days(i)}
                label="Jours consommés ce mois-ci"
                hint="Par demi-journées, par exemple 4 ou 4,5."
                value={v.days}
                error={errors[field.days(i)]}
                inputMode="decimal"
              />
            </div>
            <div className="fr-fieldset__element">
              <Input name={field.activities(i)} label="Activités opérationnelles réalisées" value={v.activities} error={errors[field.activities(i)]} textarea />
            </div>
            <div className="fr-fieldset__element">
              <p className="fr-text--sm fr-mb-1v">Intervenants (facultatif) : nom et jours de chacun</p>
              <Err id={`line-${i}-people-error`} message={errors[field.people(i)]} />
              {Array.from({ length: slots }, (_, j) => {
                const p = v.people[j] ?? { name: "", days: "" };
                return (
                  <div key={j} className="fr-grid-row fr-grid-row--gutters">
                    <div className="fr-col-12 fr-col-md-8">
                      <Input
                        name={field.personName(i, j)}
                        label={`Intervenant ${j + 1} : nom`}
                        value={p.name}
                        error={errors[field.personName(i, j)]}
                        list="declaration-people"
                      />
                    </div>
                    <div className="fr-col-12 fr-col-md-4">
                      <Input
                        name={field.personDays(i, j)}
                        label={`Intervenant ${j + 1} : jours`}
                        value={p.days}
                        error={errors[field.personDays(i, j)]}
                        inputMode="decimal"
                      />
                    </div>
                  </div>
                );
              })}
            </div>
            <div className="fr-fieldset__element">
              <div className="fr-grid-row fr-grid-row--gutters">
                <div className="fr-col-12 fr-col-md-4">
                  <Input
                    name={field.remainingEstimateDays(i)}
                    label="Reste à faire estimé (jours)"
                    value={v.remainingEstimateDays}
                    error={errors[field.remainingEstimateDays(i)]}
                    inputMode="decimal"
                  />
                </div>
                <div className="fr-col-12 fr-col-md-8">
                  <Input
                    name={field.remainingComment(i)}
                    label="Commentaire sur le reste à faire"
                    value={v.remainingComment}
                    error={errors[field.remainingComment(i)]}
                  />
                </div>
              </div>
            </div>
          </fieldset>
        );
      })}
      <ul className="fr-btns-group fr-btns-group--inline-md">
        <li>
          <button type="submit" name="intent" value="submit" className="fr-btn" disabled={busy}>
            Soumettre au correspondant
          </button>
        </li>
        <li>
          <button type="submit" name="intent" value="save" className="fr-btn fr-btn--secondary" disabled={busy}>
            Enregistrer le brouillon
          </button>
        </li>
      </ul>
    </Form>
  );
}
