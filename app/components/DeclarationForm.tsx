// The monthly declaration form (R8): per order line, days (half-days), people, activities, remaining estimate.
import { Form } from "@remix-run/react";
import { useEffect, useRef, useState } from "react";
import { field, type FieldErrors, type FormLine, type FormPerson } from "../domain/declarations/form";
import { ErrorSummary, type SummaryItem } from "./forms/ErrorSummary";
import { useHydrated } from "./forms/useHydrated";
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
  inputRef,
}: {
  inputRef?: React.Ref<HTMLInputElement>;
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
          ref={inputRef}
          aria-describedby={describedBy}
          aria-invalid={error ? true : undefined}
          autoComplete="off"
        />
      )}
      <Err id={`${id}-error`} message={error} />
    </div>
  );
}

const idOf = (name: string) => name.replace(/\./g, "-");

/** The summary's links: each message to its field (a line's people total to its first person). */
function summaryItems(errors: FieldErrors): SummaryItem[] {
  return Object.entries(errors).map(([key, message]) => {
    const people = /^line\.(\d+)\.people$/.exec(key);
    return { fieldId: people ? idOf(field.personName(Number(people[1]), 0)) : key === "form" ? "declaration-form" : idOf(key), message };
  });
}

/**
 * The people of a declaration line: as many rows as named (one empty at least) and "Ajouter une personne".
 * With JavaScript the new row appears at once, announced, its name field focused; without, the button posts
 * the form (intent add-person.<line>) and the page comes back with the row added, nothing written.
 */
function PeopleRows({ line, people, errors }: { line: number; people: FormPerson[]; errors: FieldErrors }) {
  const hydrated = useHydrated();
  const [count, setCount] = useState(Math.max(1, people.length));
  const [announce, setAnnounce] = useState("");
  const added = useRef(false);
  const last = useRef<HTMLInputElement>(null);
  useEffect(() => {
    if (!added.current) return;
    added.current = false;
    last.current?.focus();
  }, [count]);
  return (
    <>
      {Array.from({ length: count }, (_, j) => {
        const p = people[j] ?? { name: "", days: "" };
        return (
          <div key={j} className="fr-grid-row fr-grid-row--gutters" data-testid="person-row">
            <div className="fr-col-12 fr-col-md-8">
              <Input
                name={field.personName(line, j)}
                label={`Intervenant ${j + 1} : nom`}
                value={p.name}
                error={errors[field.personName(line, j)]}
                list="declaration-people"
                inputRef={j === count - 1 ? last : undefined}
              />
            </div>
            <div className="fr-col-12 fr-col-md-4">
              <Input
                name={field.personDays(line, j)}
                label={`Intervenant ${j + 1} : jours`}
                value={p.days}
                error={errors[field.personDays(line, j)]}
                inputMode="decimal"
              />
            </div>
          </div>
        );
      })}
      <button
        type="submit"
        name="intent"
        value={`add-person.${line}`}
        className="fr-btn fr-btn--tertiary fr-btn--sm fr-icon-add-line fr-btn--icon-left fr-mt-1w"
        onClick={(e) => {
          if (!hydrated) return;
          e.preventDefault();
          added.current = true;
          setCount((c) => c + 1);
          setAnnounce(`Intervenant ${count + 1} ajouté à la ligne ${line + 1}.`);
        }}
      >
        Ajouter une personne<span className="fr-sr-only"> à la ligne {line + 1}</span>
      </button>
      <p className="fr-sr-only" aria-live="polite" data-testid="people-announce">
        {announce}
      </p>
    </>
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
    <Form method="post" noValidate id="declaration-form">
      {/* Enter in a field saves the draft (the form's first submit button), never "Ajouter une personne" */}
      <button type="submit" name="intent" value="save" className="fr-sr-only" tabIndex={-1} aria-hidden="true">
        Enregistrer le brouillon
      </button>
      {formError && <ErrorSummary message={formError} items={summaryItems(errors)} link={formLink} />}
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
              <PeopleRows key={v.people.length} line={i} people={v.people} errors={errors} />
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
