// The reference-data forms' side of the one action pipeline (form-action.server.ts): their answer's shape
// (FormResult, read by components/ReferenceForm.tsx) and two shorthands, parse-then-run and run.
import type { z } from "zod";
import { answerAction, parseForm, refusalResponse, UNKNOWN_ACTION, type Reply } from "./form-action.server";
import { CONFIRM_MESSAGE, type FieldErrors } from "./form-fields";
import { Refusal } from "./refusal";

export interface FormResult {
  intent: string;
  error?: string | null;
  fieldErrors: FieldErrors;
  values: Record<string, string>;
  ok?: string;
}

/** The form's text fields as typed (to show them again), password fields left out. */
export function formValues(form: FormData): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of form.entries()) if (typeof v === "string" && !/password/i.test(k)) out[k] = v.slice(0, 5000);
  return out;
}

/** How a reference form answers a refusal: its message, per-field messages and the values typed. */
export function referenceReply(intent: string, form: FormData): Reply {
  return (r) => ({ intent, error: r.message, fieldErrors: r.fieldErrors, values: formValues(form) }) satisfies FormResult;
}

/** What a form posted: its fields and the intent its button names ("" when none). */
export async function postedIntent(request: Request): Promise<{ form: FormData; intent: string }> {
  const form = await request.formData();
  return { form, intent: String(form.get("intent") ?? "") };
}

/** Parses `form` with `schema` (after `prepare`), then runs `run`; refusals answered by `referenceReply`. */
export async function runForm<S extends z.ZodType>(
  form: FormData,
  intent: string,
  schema: S,
  run: (data: z.output<S>) => Promise<Response>,
  prepare: (raw: Record<string, unknown>) => unknown = (raw) => raw,
): Promise<Response> {
  const raw = Object.fromEntries([...form.entries()].filter(([, v]) => typeof v === "string"));
  return answerAction(referenceReply(intent, form), () => run(parseForm(schema, prepare(raw))));
}

/** Runs a use case that takes no other input; refusals answered by `referenceReply`. */
export async function runUseCase(intent: string, form: FormData, run: () => Promise<Response>): Promise<Response> {
  return answerAction(referenceReply(intent, form), run);
}

/** Destructive actions carry confirmed=oui (the confirmation step of ConfirmAction). */
export function isConfirmed(form: FormData): boolean {
  return form.get("confirmed") === "oui";
}

/** The 400 answer to a destructive action that was not confirmed. */
export function needsConfirmation(intent: string, form: FormData) {
  return refusalResponse(referenceReply(intent, form), new Refusal(CONFIRM_MESSAGE));
}

/** The 400 answer to an intent no form sends. */
export function unknownAction(intent: string, form: FormData) {
  return refusalResponse(referenceReply(intent, form), new Refusal(UNKNOWN_ACTION));
}

export const ok = (intent: string, message: string) => Response.json({ intent, ok: message, fieldErrors: {}, values: {} } satisfies FormResult);
