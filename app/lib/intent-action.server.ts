// The action of a page with one form per intent (a reference record, a product, a user account, the budget
// year): who may post and the record's id checked first, then the handler of the intent the button names. The
// handlers are a table, so a page declares what each form does instead of copying the guard, the parsing and the
// switch; the answers are reference-action.server.ts's (FormResult, read by components/ReferenceForm.tsx).
import { redirect, type ActionFunctionArgs } from "@remix-run/node";
import type { z } from "zod";
import type { Db } from "../../db/client";
import type { Permission } from "../auth/grants";
import { requireId, requirePermission } from "../auth/guard.server";
import type { SessionUser } from "../auth/user";
import { getDb } from "../db.server";
import { isConfirmed, needsConfirmation, ok, postedIntent, runForm, runUseCase, unknownAction } from "./reference-action.server";

/** What a handler works with: the user, the route's id (0 on a page without one), the database, the form and its intent. */
export interface Posted {
  user: SessionUser;
  id: number;
  db: Db;
  form: FormData;
  intent: string;
}

export type IntentHandler = (posted: Posted) => Promise<Response>;

/**
 * The route's action: the user must hold `permission` and the route's `:id` be an id (else 403, 404) before the form
 * is read; then the handler of the posted intent answers, and an intent no form sends is a 400.
 */
export function intentAction(permission: Permission, handlers: Record<string, IntentHandler>) {
  return async ({ request, params }: ActionFunctionArgs): Promise<Response> => {
    const user = await requirePermission(request, permission);
    const id = params.id === undefined ? 0 : requireId(params.id);
    const { form, intent } = await postedIntent(request);
    const handler = Object.hasOwn(handlers, intent) ? handlers[intent] : undefined;
    return handler ? handler({ user, id, db: getDb(), form, intent }) : unknownAction(intent, form);
  };
}

/**
 * The handler of a form that saves: parsed by `schema` (after `prepare`, which adds what the server decides), saved by
 * `save`, answered by `message` (or the message `message(data)` makes); a refusal answers the form.
 */
export function saveForm<S extends z.ZodType>(
  schema: S,
  save: (posted: Posted, data: z.output<S>) => Promise<unknown>,
  message: string | ((data: z.output<S>) => string),
  prepare?: (posted: Posted, raw: Record<string, unknown>) => unknown,
): IntentHandler {
  return (posted) =>
    runForm(
      posted.form,
      posted.intent,
      schema,
      async (data) => {
        await save(posted, data);
        return ok(posted.intent, typeof message === "string" ? message : message(data));
      },
      prepare && ((raw) => prepare(posted, raw)),
    );
}

/**
 * The handler of a button that runs a use case with no other input (`confirm`: a destructive one, posted with
 * confirmed=oui by ConfirmAction, else a 400): `run` returns the success message, or its own response (a redirect).
 */
export function runButton(run: (posted: Posted) => Promise<string | Response>, options: { confirm?: boolean } = {}): IntentHandler {
  return (posted) => {
    if (options.confirm && !isConfirmed(posted.form)) return Promise.resolve(needsConfirmation(posted.intent, posted.form));
    return runUseCase(posted.intent, posted.form, async () => {
      const answer = await run(posted);
      return typeof answer === "string" ? ok(posted.intent, answer) : answer;
    });
  };
}

/**
 * The action of a page whose one form creates a record (intent "create"): the user must hold `permission`, then the
 * form is parsed by `schema`, `create` writes the record and the browser goes to its page (`pageOf` its id); a
 * refusal answers the form.
 */
export function createAction<S extends z.ZodType>(
  permission: Permission,
  schema: S,
  create: (db: Db, user: SessionUser, data: z.output<S>) => Promise<number>,
  pageOf: (id: number) => string,
) {
  return async ({ request }: ActionFunctionArgs): Promise<Response> => {
    const user = await requirePermission(request, permission);
    return runForm(await request.formData(), "create", schema, async (data) => redirect(pageOf(await create(getDb(), user, data))));
  };
}
