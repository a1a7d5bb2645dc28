// The declaration form's fields ↔ the service's input, through the shared zod schemas. Pure.
import { peopleTotalError } from "./caps";
import { declarationLineSchema, parsePeople } from "./schemas";
import type { DraftLine, DeclarationIssue } from "./services.server";

export interface FormPerson {
  name: string;
  days: string;
}
export interface FormLine {
  orderLineId: string;
  days: string;
  activities: string;
  remainingEstimateDays: string;
  remainingComment: string;
  people: FormPerson[];
}

export type FieldErrors = Record<string, string>;

export const field = {
  days: (i: number) => `line.${i}.days`,
  activities: (i: number) => `line.${i}.activities`,
  remainingEstimateDays: (i: number) => `line.${i}.remainingEstimateDays`,
  remainingComment: (i: number) => `line.${i}.remainingComment`,
  orderLineId: (i: number) => `line.${i}.orderLineId`,
  people: (i: number) => `line.${i}.people`,
  personName: (i: number, j: number) => `line.${i}.person.${j}.name`,
  personDays: (i: number, j: number) => `line.${i}.person.${j}.days`,
};

function text(form: FormData, name: string): string {
  const v = form.get(name);
  return typeof v === "string" ? v : "";
}

/** Reads the submitted values back (to show them again on error: nothing typed is lost). */
export function readFormLines(form: FormData): FormLine[] {
  const lines: FormLine[] = [];
  for (let i = 0; i < 100 && form.has(field.orderLineId(i)); i++) {
    const people: FormPerson[] = [];
    for (let j = 0; j < 20 && form.has(field.personName(i, j)); j++)
      people.push({ name: text(form, field.personName(i, j)), days: text(form, field.personDays(i, j)) });
    lines.push({
      orderLineId: text(form, field.orderLineId(i)),
      days: text(form, field.days(i)),
      activities: text(form, field.activities(i)),
      remainingEstimateDays: text(form, field.remainingEstimateDays(i)),
      remainingComment: text(form, field.remainingComment(i)),
      people,
    });
  }
  return lines;
}

export function parseFormLines(values: FormLine[]): { ok: true; lines: DraftLine[] } | { ok: false; errors: FieldErrors } {
  const errors: FieldErrors = {};
  const lines: DraftLine[] = [];
  values.forEach((v, i) => {
    // a line left entirely blank is not declared this month
    const blank = [v.days, v.activities, v.remainingEstimateDays, v.remainingComment, ...v.people.flatMap((p) => [p.name, p.days])].every((x) => !x.trim());
    if (blank) return;
    const parsed = declarationLineSchema.safeParse({ ...v, people: [] });
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        const key = String(issue.path[0] ?? "days");
        const name = key in field ? `line.${i}.${key}` : field.days(i);
        errors[name] ??= issue.message;
      }
    }
    const people = parsePeople(v.people);
    if (!people.ok) for (const e of people.errors) errors[e.field === "name" ? field.personName(i, e.index) : field.personDays(i, e.index)] ??= e.message;
    if (parsed.success && people.ok) {
      const total = peopleTotalError(
        `Ligne ${i + 1}`,
        parsed.data.days,
        people.people.map((p) => p.days),
      );
      if (total) errors[field.people(i)] ??= total;
      else lines.push({ ...parsed.data, people: people.people });
    }
  });
  if (!lines.length && !Object.keys(errors).length)
    errors[values.length ? field.days(0) : "form"] = "Déclarez au moins une ligne (0 jour si aucun travail ce mois-ci).";
  return Object.keys(errors).length ? { ok: false, errors } : { ok: true, lines };
}

/** Places the service's refusals next to the fields they concern. */
export function issuesToFieldErrors(issues: DeclarationIssue[], values: FormLine[]): FieldErrors {
  const errors: FieldErrors = {};
  for (const issue of issues) {
    const i = values.findIndex((v) => Number(v.orderLineId) === issue.orderLineId);
    if (issue.personName) {
      values.forEach((v, li) =>
        v.people.forEach((p, pj) => {
          if (p.name.trim().replace(/\s+/g, " ") === issue.personName) errors[field.personDays(li, pj)] ??= issue.message;
        }),
      );
    } else if (i >= 0) {
      errors[issue.field === "people" ? field.people(i) : field.days(i)] ??= issue.message;
    }
  }
  return errors;
}
