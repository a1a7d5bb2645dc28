// THE helper every route action goes through (architecture.md, habit 6). `answerAction(reply, run)` runs the
// action's work (parse → use case → redirect or success answer); whatever refuses it —
//   - a Refusal thrown by a use case (app/lib/refusal.ts),
//   - a zod failure (`parseForm`, or a ZodError thrown by `schema.parse`),
//   - a database refusal (app/lib/security/db-errors.ts: 22xxx data errors, CHECK, UNIQUE, FK, exclusion,
//     NOT NULL, serialization failure and deadlock once db/retry.ts has given up)
// — becomes one Refusal, answered as the form's JSON (`reply`) with the refusal's status (400/403/404/409)
// and the values typed (password fields never echoed). Anything else is a bug: it propagates, a 500.
//
// Each family of forms keeps its answer's shape through its `reply` (reference-action.server.ts,
// declarations/form-action.server.ts, …). A Conform form (issue 14) plugs in the
// same way: `conformReply(submission)` answers with `submission.reply(…)` (the Conform forms' `lastResult`), and
// `submittedValue(submission)` throws a failed `parseWithZod` as `new Refusal(FORM_HAS_ERRORS, …)`.
import type { Submission, SubmissionResult } from "@conform-to/react";
import { ZodError, type z } from "zod";
import { conformName, FORM_HAS_ERRORS_MESSAGE, parseSubmission } from "./conform";
import { CONFIRM_MESSAGE, fieldErrorsOf } from "./form-fields";
import { Refusal, type FieldMessages } from "./refusal";
import { databaseRefusal } from "./security/db-errors";

export const FORM_HAS_ERRORS = FORM_HAS_ERRORS_MESSAGE;
export const UNKNOWN_ACTION = "Action inconnue : rechargez la page et réessayez.";

/** How a form answers a refusal (its action data); `values` in it are stripped of password fields. */
export type Reply = (refusal: Refusal) => object;

/** A refusal, a zod failure or a database refusal, as one Refusal; null for anything else (a bug). */
export function asRefusal(error: unknown): Refusal | null {
  if (error instanceof Refusal) return error;
  if (error instanceof ZodError) return new Refusal(FORM_HAS_ERRORS, { fieldErrors: fieldErrorsOf(error) });
  return databaseRefusal(error);
}

/** Parses with a form's zod schema; a failure is a 400 Refusal with the per-field messages. */
export function parseForm<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const parsed = schema.safeParse(input);
  if (!parsed.success) throw new Refusal(FORM_HAS_ERRORS, { fieldErrors: fieldErrorsOf(parsed.error) });
  return parsed.data;
}

/**
 * An irreversible action runs only once confirmed (components/forms/ConfirmSubmit: the modal's button, or
 * the question the page shows without JavaScript, posts confirmed=oui); else CONFIRM_MESSAGE, nothing done.
 */
export function requireConfirmed(confirmed: unknown): void {
  if (confirmed !== "oui") throw new Refusal(CONFIRM_MESSAGE);
}

/** What a Conform form's action answers: Conform's `lastResult`, plus what the page shows beside the fields. */
export interface ConformAnswer {
  result: SubmissionResult<string[]>;
  /** where to resolve the refusal (e.g. the month's declaration that already exists) */
  link?: { href: string; label: string } | null;
}

/**
 * How a Conform form answers a refusal: the message at the top (the error summary), each field's messages under
 * its Conform name, the values as typed (password fields never echoed). `extra` adds what a page needs beside it.
 */
export function conformReply(submission: Submission<unknown, string[], unknown>, extra: (r: Refusal) => object = () => ({})): Reply {
  return (r) => {
    const fieldErrors = Object.fromEntries(
      Object.entries(r.fieldErrors)
        .filter(([k, m]) => k !== "_form" && m.length)
        .map(([k, m]) => [conformName(k), m]),
    );
    const hideFields = Object.keys(submission.payload).filter((k) => SECRET.test(k));
    const result = submission.reply({ formErrors: [r.message], fieldErrors, hideFields });
    return { ...extra(r), link: r.link, result } satisfies ConformAnswer;
  };
}

/** A parsed submission's value; its zod failure as a Refusal (the field messages under their Conform names). */
export function submittedValue<T>(submission: Submission<unknown, string[], T>): T {
  if (submission.status === "success") return submission.value;
  const fieldErrors = Object.fromEntries(Object.entries(submission.error ?? {}).filter((e): e is [string, string[]] => !!e[1]?.length));
  throw new Refusal(FORM_HAS_ERRORS, { fieldErrors });
}

/**
 * A list intent posted without JavaScript ("Ajouter une ligne", "Retirer"): Conform applied it to the values; the
 * page comes back with them, nothing run, nothing written. Null for a real submission.
 */
export function listIntentAnswer(submission: Submission<unknown, string[], unknown>, extra: object = {}): Response | null {
  if (submission.status !== undefined) return null;
  return Response.json({ ...extra, result: submission.reply() } satisfies Omit<ConformAnswer, "result"> & { result: SubmissionResult<string[]> });
}

/** A Conform form's action: parse with its schema, run, answer any refusal with `conformReply`. */
export async function answerForm<S extends z.ZodType, T = Response>(
  form: FormData,
  schema: S,
  run: (data: z.output<S>) => Promise<T>,
  extra?: (r: Refusal) => object,
): Promise<T | Response> {
  const submission = parseSubmission(form, schema);
  return answerAction(conformReply(submission, extra), () => run(submittedValue(submission) as z.output<S>));
}

/** Runs an action's work; a refusal of any kind becomes the form's answer (see above). */
export async function answerAction<T = Response>(reply: Reply, run: () => Promise<T>): Promise<T | Response> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof Response) throw error; // a guard's redirect or 404: Remix answers it
    const refusal = asRefusal(error);
    if (!refusal) throw error;
    return refusalResponse(reply, refusal);
  }
}

/** The answer to a refusal known without running anything (an unconfirmed or unknown action). */
export function refusalResponse(reply: Reply, refusal: Refusal): Response {
  const data = reply(refusal) as { values?: unknown };
  return Response.json("values" in data ? { ...data, values: withoutSecrets(data.values) } : data, { status: refusal.status });
}

// the fields that hold a password, whatever their name says: never echoed back (the current one and its confirmation too)
const SECRET = /password|mot_?de_?passe|^current$|^confirmation$/i;

/** Form values as echoed back: password fields removed, at any depth. */
export function withoutSecrets(values: unknown): unknown {
  if (Array.isArray(values)) return values.map(withoutSecrets);
  if (values && typeof values === "object" && Object.getPrototypeOf(values) === Object.prototype) {
    return Object.fromEntries(
      Object.entries(values)
        .filter(([k]) => !SECRET.test(k))
        .map(([k, v]) => [k, withoutSecrets(v)]),
    );
  }
  return values;
}

/** { field: [messages] } → { field: first message } (the forms that show one message per field). */
export function firstMessages(fieldErrors: FieldMessages): Record<string, string> {
  return Object.fromEntries(
    Object.entries(fieldErrors)
      .filter(([, m]) => m.length)
      .map(([k, m]) => [k, m[0]]),
  );
}
