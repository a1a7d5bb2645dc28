// A refusal the user can act on: a French message (and optionally per-field messages). Routes turn it into
// a 400 with the submitted values; nothing has been written because the use case's transaction rolled back.
export class DomainError extends Error {
  constructor(message: string, public readonly fieldErrors: Record<string, string[]> = {}) {
    super(message);
    this.name = "DomainError";
  }
}

interface PgError { code?: string; constraint?: string; detail?: string }

/** The PostgreSQL error code and constraint name of a driver error, if it is one. */
export function pgError(e: unknown): PgError | null {
  if (e && typeof e === "object" && "code" in e && typeof (e as PgError).code === "string") return e as PgError;
  return null;
}

/** Maps known constraint violations to French messages; rethrows anything else. */
export function translatePgError(e: unknown, messages: Record<string, string | DomainError>): never {
  const pg = pgError(e);
  if (pg?.constraint && messages[pg.constraint]) {
    const m = messages[pg.constraint];
    throw typeof m === "string" ? new DomainError(m) : m;
  }
  if (pg?.code === "23505" && messages.unique) throw new DomainError(messages.unique as string);
  throw e;
}
