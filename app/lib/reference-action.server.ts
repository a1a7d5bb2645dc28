// The action side of reference-data forms: parse with the form's zod schema, run the use case, and on a
// refusal answer 400 with French messages and the submitted values (nothing typed is lost, never a 500).
import type { z } from "zod";
import { DomainError } from "./domain-error";
import { CONFIRM_MESSAGE, fieldErrorsOf, type FieldErrors } from "./form-fields";
import { integrityRefusal } from "./security/db-errors";

export interface FormResult {
  intent: string;
  error?: string | null;
  fieldErrors: FieldErrors;
  values: Record<string, string>;
  ok?: string;
}

const SECRET = /password/i;

export function formValues(form: FormData): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of form.entries()) if (typeof v === "string" && !SECRET.test(k)) out[k] = v.slice(0, 5000);
  return out;
}

export function refused(intent: string, values: Record<string, string>, error: string | null, fieldErrors: FieldErrors = {}) {
  return Response.json({ intent, error, fieldErrors, values } satisfies FormResult, { status: 400 });
}

/**
 * Parses `form` with `schema` (after `prepare`), then runs `run`. A DomainError becomes a 400 with the
 * values; anything else (a bug) propagates.
 */
export async function runForm<S extends z.ZodType>(
  form: FormData, intent: string, schema: S, run: (data: z.output<S>) => Promise<Response>,
  prepare: (raw: Record<string, unknown>) => unknown = (raw) => raw,
): Promise<Response> {
  const values = formValues(form);
  const raw = Object.fromEntries([...form.entries()].filter(([, v]) => typeof v === "string"));
  const parsed = schema.safeParse(prepare(raw));
  if (!parsed.success) return refused(intent, values, "Le formulaire contient des erreurs : corrigez les champs signalés.", fieldErrorsOf(parsed.error));
  return runUseCase(intent, values, () => run(parsed.data));
}

export async function runUseCase(intent: string, values: Record<string, string>, run: () => Promise<Response>): Promise<Response> {
  try {
    return await run();
  } catch (e) {
    if (e instanceof DomainError) return refused(intent, values, e.message, e.fieldErrors);
    // a database constraint refused what the schema let through (e.g. an id that does not exist)
    const message = integrityRefusal(e);
    if (message) return refused(intent, values, message);
    throw e;
  }
}

/** Destructive actions carry confirmed=oui (the confirmation step of ConfirmAction). */
export function isConfirmed(form: FormData): boolean {
  return form.get("confirmed") === "oui";
}

/** The 400 answer to a destructive action that was not confirmed. */
export function needsConfirmation(intent: string, form: FormData) {
  return refused(intent, formValues(form), CONFIRM_MESSAGE);
}

export const ok = (intent: string, message: string) => Response.json({ intent, ok: message, fieldErrors: {}, values: {} } satisfies FormResult);
