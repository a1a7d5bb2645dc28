// The monthly declaration form (R8): per order line, days (half-days), people, activities, remaining estimate. On
// Conform (issue 14): `declarationFormSchema` checks it in the browser and in the action; each line's people are a
// Conform list, "Ajouter une personne" its insert (with JavaScript at once, announced, the new row's name focused;
// without, the page comes back with the row added, nothing written).
import { declarationFieldId, declarationFormSchema, field, type FormLine } from "../domain/declarations/form";
import { formatDays, formatEuros } from "../lib/format";
import { FormErrorSummary } from "./forms/ErrorSummary";
import { FieldError, TextAreaField, TextField } from "./forms/fields";
import { ConformForm, useConformForm, useInsertedRow, type FormResult } from "./forms/form";
import type { FormMetadata } from "@conform-to/react";
import { FieldGrid } from "./forms/FieldGrid";

/** The form's values in Conform's shape (the fields' names: "line[0].person[1].days"). */
type DeclarationFormValues = {
  line: {
    orderLineId: string;
    days: string;
    activities: string;
    remainingEstimateDays: string;
    remainingComment: string;
    person: { name: string; days: string }[];
  }[];
};

export interface FormOrderLine {
  id: number;
  lineNo: number;
  workUnitLabel: string;
  unitPrice: string;
  figures: { orderedDays: string; consumedDays: string; pendingDays: string; remainingDays: string };
}

/** The summary's links: each message to its field (a line's people total to its first person). */
function summaryFieldId(name: string): string {
  const people = /^line\[(\d+)\]\.people$/.exec(name);
  return declarationFieldId(people ? field.personName(Number(people[1]), 0) : name);
}

const NEW_PERSON = { name: "", days: "" };

/** A field's name and the id the form keeps for it (declarationFieldId: e2e tests and the summary's links use them). */
function named(name: string): { id: string; name: string } {
  return { id: declarationFieldId(name), name };
}

/** The people of a declaration line: as many rows as named (one empty at least) and "Ajouter une personne". */
function PeopleRows({ form, line }: { form: FormMetadata<DeclarationFormValues>; line: number }) {
  const lineFields = form.getFieldset().line.getFieldList()[line].getFieldset();
  const rows = lineFields.person.getFieldList();
  const rowsChange = useInsertedRow(rows.length, (n) => declarationFieldId(field.personName(line, n - 1)));
  return (
    <>
      {rows.map((row, j) => (
        <div key={row.key} className="fr-grid-row fr-grid-row--gutters" data-testid="person-row">
          <div className="fr-col-12 fr-col-md-8">
            <TextField {...named(field.personName(line, j))} label={`Intervenant ${j + 1} : nom`} list="declaration-people" />
          </div>
          <div className="fr-col-12 fr-col-md-4">
            <TextField {...named(field.personDays(line, j))} label={`Intervenant ${j + 1} : jours`} inputMode="decimal" />
          </div>
        </div>
      ))}
      <button
        {...form.insert.getButtonProps({ name: lineFields.person.name, defaultValue: NEW_PERSON })}
        className="fr-btn fr-btn--tertiary fr-btn--sm fr-icon-add-line fr-btn--icon-left fr-mt-1w"
        onClick={() => rowsChange.added(`Intervenant ${rows.length + 1} ajouté à la ligne ${line + 1}.`)}
      >
        Ajouter une personne<span className="fr-sr-only"> à la ligne {line + 1}</span>
      </button>
      <p className="fr-sr-only" aria-live="polite" data-testid="people-announce">
        {rowsChange.announce}
      </p>
    </>
  );
}

export function emptyFormLines(lines: FormOrderLine[]): FormLine[] {
  return lines.map((l) => ({ orderLineId: String(l.id), days: "", activities: "", remainingEstimateDays: "", remainingComment: "", people: [] }));
}

/** The form's default value, Conform's shape: every order line, one person row at least. */
function defaultValueOf(orderLines: FormOrderLine[], values: FormLine[]): DeclarationFormValues {
  return {
    line: orderLines.map((ol) => {
      const v = values.find((x) => x.orderLineId === String(ol.id));
      return {
        orderLineId: String(ol.id),
        days: v?.days ?? "",
        activities: v?.activities ?? "",
        remainingEstimateDays: v?.remainingEstimateDays ?? "",
        remainingComment: v?.remainingComment ?? "",
        person: v?.people.length ? v.people : [NEW_PERSON],
      };
    }),
  };
}

export function DeclarationForm({
  orderLines,
  values,
  lastResult,
  formLink,
  busy,
  people,
}: {
  orderLines: FormOrderLine[];
  /** the draft's lines (empty for a new declaration) */
  values: FormLine[];
  /** the action's answer: its refusal, the values typed */
  lastResult?: FormResult;
  /** where to resolve the refusal (e.g. the month's declaration that already exists) */
  formLink?: { href: string; label: string } | null;
  busy?: boolean;
  people: string[];
}) {
  const [form] = useConformForm<DeclarationFormValues>({
    id: "declaration-form",
    schema: declarationFormSchema,
    lists: { line: { person: {} } },
    lastResult,
    defaultValue: defaultValueOf(orderLines, values),
  });
  return (
    <ConformForm form={form} lastResult={lastResult}>
      {/* Enter in a field saves the draft (the form's first submit button), never "Ajouter une personne" */}
      <button type="submit" name="intent" value="save" className="fr-sr-only" tabIndex={-1} aria-hidden="true">
        Enregistrer le brouillon
      </button>
      <FormErrorSummary form={form} idOf={summaryFieldId} link={formLink} />
      <datalist id="declaration-people">
        {people.map((p) => (
          <option key={p} value={p} />
        ))}
      </datalist>
      {orderLines.map((ol, i) => {
        const peopleError = form.allErrors[field.people(i)]?.[0];
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
              <TextField {...named(field.days(i))} label="Jours consommés ce mois-ci" hint="Par demi-journées, par exemple 4 ou 4,5." inputMode="decimal" />
            </div>
            <div className="fr-fieldset__element">
              <TextAreaField {...named(field.activities(i))} label="Activités opérationnelles réalisées" />
            </div>
            <div className="fr-fieldset__element">
              <p className="fr-text--sm fr-mb-1v">Intervenants (facultatif) : nom et jours de chacun</p>
              <FieldError id={`line-${i}-people-error`} message={peopleError} />
              <PeopleRows form={form} line={i} />
            </div>
            <div className="fr-fieldset__element">
              <FieldGrid md={[4, 8]}>
                <TextField {...named(field.remainingEstimateDays(i))} label="Reste à faire estimé (jours)" inputMode="decimal" />
                <TextField {...named(field.remainingComment(i))} label="Commentaire sur le reste à faire" />
              </FieldGrid>
            </div>
          </fieldset>
        );
      })}
      <ul className="fr-btns-group fr-btns-group--inline-md fr-mt-3w">
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
    </ConformForm>
  );
}
