// The declaration form's fields ↔ the service's input, through the shared zod schemas. Pure. The form is on
// Conform (issue 14): its fields are Conform names ("line[0].person[2].days"), read by `declarationFormSchema`
// in the browser and in the action alike.
import { z } from "zod";
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
  days: (i: number) => `line[${i}].days`,
  activities: (i: number) => `line[${i}].activities`,
  remainingEstimateDays: (i: number) => `line[${i}].remainingEstimateDays`,
  remainingComment: (i: number) => `line[${i}].remainingComment`,
  orderLineId: (i: number) => `line[${i}].orderLineId`,
  /** a line's people as a whole (their total against the line's days) */
  people: (i: number) => `line[${i}].people`,
  personName: (i: number, j: number) => `line[${i}].person[${j}].name`,
  personDays: (i: number, j: number) => `line[${i}].person[${j}].days`,
};

/** A field's id: "line[0].person[1].days" → "line-0-person-1-days" (the summary's links, e2e tests). */
export const declarationFieldId = (name: string) => name.replace(/\[(\d+)\]/g, "-$1").replace(/\./g, "-");

const MAX_LINES = 100;
const MAX_PEOPLE = 50;
const text = (v: unknown) => (typeof v === "string" ? v : "");
const record = (v: unknown): Record<string, unknown> => (v && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>) : {});
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

/** Conform's object of the form (`{ line: [{ …, person: [{ name, days }] }] }`) → the lines as typed. */
export function formLinesOf(payload: unknown): FormLine[] {
  return list(record(payload).line)
    .slice(0, MAX_LINES)
    .map((item) => {
      const l = record(item);
      return {
        orderLineId: text(l.orderLineId),
        days: text(l.days),
        activities: text(l.activities),
        remainingEstimateDays: text(l.remainingEstimateDays),
        remainingComment: text(l.remainingComment),
        people: list(l.person)
          .slice(0, MAX_PEOPLE)
          .map((p) => ({ name: text(record(p).name), days: text(record(p).days) })),
      };
    });
}

/** "line[0].person[1].days" → ["line", 0, "person", 1, "days"]; "form" → [] (the whole form). */
function pathOf(name: string): (string | number)[] {
  if (name === "form") return [];
  return name
    .replace(/\[(\d+)\]/g, ".$1")
    .split(".")
    .map((p) => (/^\d+$/.test(p) ? Number(p) : p));
}

/**
 * The declaration form's schema, shared by the browser and the action: each line's days (half-days), text fields,
 * people (names and days adding up to the line), blank lines left aside; its value is the draft's lines.
 */
export const declarationFormSchema = z.unknown().transform((payload, ctx): DraftLine[] => {
  const parsed = parseFormLines(formLinesOf(payload));
  if (parsed.ok) return parsed.lines;
  for (const [name, message] of Object.entries(parsed.errors)) ctx.addIssue({ code: "custom", path: pathOf(name), message });
  return z.NEVER;
});

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
        const name = key in field ? `line[${i}].${key}` : field.days(i);
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
