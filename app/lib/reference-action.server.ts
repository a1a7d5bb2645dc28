// The reference-data forms' side of the one action pipeline (form-action.server.ts): their answer's shape
// (FormResult, read by components/ReferenceForm.tsx: the intent that tells the page's forms apart, Conform's
// `lastResult`) and two shorthands, parse-then-run and run.
import { parse, type Submission, type SubmissionResult } from "@conform-to/react";
import { z } from "zod";
import { parseSubmission } from "./conform";
import { answerAction, conformReply, refusalResponse, submittedValue, UNKNOWN_ACTION, type Reply } from "./form-action.server";
import { CONFIRM_MESSAGE } from "./form-fields";
import { Refusal } from "./refusal";

export interface FormResult {
  intent: string;
  /** the refusal's message (ConfirmAction reads it) */
  error?: string | null;
  ok?: string;
  /** Conform's lastResult: the message, each field's, the values as typed */
  result?: SubmissionResult<string[]>;
}

/** The form as Conform reads it, without a schema: the values typed, to show them again. */
function asSubmission(form: FormData): Submission<unknown, string[], unknown> {
  return parse(form, { resolve: () => ({ value: {} }) });
}

/** How a reference form answers a refusal: its intent and message, and Conform's result (values, field messages). */
export function referenceReply(intent: string, form: FormData, submission: Submission<unknown, string[], unknown> = asSubmission(form)): Reply {
  return conformReply(submission, (r) => ({ intent, error: r.message }));
}

/** What a form posted: its fields and the intent its button names ("" when none). */
export async function postedIntent(request: Request): Promise<{ form: FormData; intent: string }> {
  const form = await request.formData();
  return { form, intent: String(form.get("intent") ?? "") };
}

/**
 * Parses `form` with `schema` as Conform does (after `prepare`, which adds what the server decides, e.g. the
 * version's contract), then runs `run`; refusals answered by `referenceReply`.
 */
export async function runForm<S extends z.ZodType>(
  form: FormData,
  intent: string,
  schema: S,
  run: (data: z.output<S>) => Promise<Response>,
  prepare?: (raw: Record<string, unknown>) => unknown,
): Promise<Response> {
  const submission = parseSubmission(form, prepare ? z.preprocess((raw) => prepare(raw as Record<string, unknown>), schema) : schema);
  return answerAction(referenceReply(intent, form, submission), () => run(submittedValue(submission) as z.output<S>));
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

export const ok = (intent: string, message: string) => Response.json({ intent, ok: message } satisfies FormResult);
