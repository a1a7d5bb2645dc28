// THE error type of a refused use case (architecture.md, habit 6): a French message the user can act on,
// the HTTP status it deserves, and where it belongs in the form. A use case throws it before anything is
// committed (its transaction rolls back); `answerAction` (form-action.server.ts) turns it — or a zod
// failure, or a database refusal (security/db-errors.ts) — into the form's answer, values kept.
// Nothing else is a refusal: any other error is a bug and stays a 500 that someone sees.

export type RefusalStatus = 400 | 403 | 404 | 409 | 429;

/** Messages per field, keyed by the form's (or the use case input's) field path, e.g. "lines.0.amount". */
export type FieldMessages = Record<string, string[]>;

/**
 * Where a refusal lies in domain terms, when the use case does not know the form's field names: a
 * declaration line by its order line, a person by name. Each form (or the import, by row and column)
 * places issues on its own fields.
 */
export interface RefusalIssue {
  message: string;
  field?: "days" | "people" | "month" | "order" | "reason";
  orderLineId?: number;
  personName?: string;
}

/** Something the user may follow to resolve the refusal (e.g. the draft that already exists). */
export interface RefusalLink {
  href: string;
  label: string;
}

export interface RefusalOptions {
  status?: RefusalStatus;
  /** shorthand: the message also shown on this one field */
  field?: string;
  fieldErrors?: FieldMessages;
  issues?: RefusalIssue[];
  link?: RefusalLink;
}

export class Refusal extends Error {
  readonly status: RefusalStatus;
  readonly fieldErrors: FieldMessages;
  readonly issues: RefusalIssue[];
  readonly link: RefusalLink | null;

  constructor(message: string, options: RefusalOptions = {}) {
    super(message);
    this.name = "Refusal";
    this.status = options.status ?? 400;
    this.fieldErrors = { ...(options.fieldErrors ?? {}) };
    if (options.field) (this.fieldErrors[options.field] ??= []).push(message);
    this.issues = options.issues ?? [];
    this.link = options.link ?? null;
  }
}

export const NOT_ALLOWED = "Vous n'avez pas le droit de faire cette action.";
