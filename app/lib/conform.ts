// The one way a form is parsed (issue 14): Conform's `parseWithZod` with the form's zod schema, the same call in
// the browser (`useForm`'s onValidate, components/forms/form.tsx) and in the action (form-action.server.ts). Values
// stay the strings typed (no automatic coercion): the schemas read French numbers and dates themselves.
import { parseWithZod } from "@conform-to/zod/v4";
import type { z } from "zod";

/** The name of the button Conform submits its intents with (validate a field, insert or remove a list item). */
export const CONFORM_INTENT = "__intent__";

export function parseSubmission<S extends z.ZodType>(payload: FormData | URLSearchParams, schema: S) {
  // Conform's list and validate buttons post their intent as JSON: anything else did not come from the page
  // (Conform would throw a SyntaxError, a 500): the request is refused as an unknown action, nothing parsed
  const intent = payload.get(CONFORM_INTENT);
  if (intent !== null && !isConformIntent(intent)) {
    throw new Response("Action inconnue : rechargez la page et réessayez.", { status: 400, headers: { "Content-Type": "text/plain; charset=utf-8" } });
  }
  return parseWithZod(payload, { schema, disableAutoCoercion: true });
}

function isConformIntent(value: FormDataEntryValue): boolean {
  if (typeof value !== "string") return false;
  try {
    const parsed: unknown = JSON.parse(value);
    return typeof parsed === "object" && parsed !== null && typeof (parsed as { type?: unknown }).type === "string";
  } catch {
    return false;
  }
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
