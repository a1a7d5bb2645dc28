// The one way a form is parsed (issue 14): Conform's `parseWithZod` with the form's zod schema, the same call in
// the browser (`useForm`'s onValidate, components/forms/form.tsx) and in the action (form-action.server.ts). Values
// stay the strings typed (no automatic coercion): the schemas read French numbers and dates themselves.
import { parseWithZod } from "@conform-to/zod/v4";
import type { z } from "zod";

export function parseSubmission<S extends z.ZodType>(payload: FormData | URLSearchParams, schema: S) {
  return parseWithZod(payload, { schema, disableAutoCoercion: true });
}

/** A field path as refusals and zod write it ("lines.0.amount") → the field's Conform name ("lines[0].amount"). */
export function conformName(path: string): string {
  return path
    .split(".")
    .map((segment, i) => (/^\d+$/.test(segment) ? `[${segment}]` : i === 0 ? segment : `.${segment}`))
    .join("");
}

/** The summary's title when the browser found the errors before posting (the action says the same: FORM_HAS_ERRORS). */
export const FORM_HAS_ERRORS_MESSAGE = "Le formulaire contient des erreurs : corrigez les champs signalés.";
