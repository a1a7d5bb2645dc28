import { Kysely, PostgresDialect, type LogEvent, type Transaction } from "kysely";
import pg from "pg";
import { env } from "../app/lib/env.server";
import type { DB } from "./schema";

// Keep `date` as the 'YYYY-MM-DD' string PostgreSQL sends (no local-midnight Date), and numeric/bigint
// as strings (pg's default): money and quantities never pass through a float.
pg.types.setTypeParser(1082, (value: string) => value);

export type Db = Kysely<DB>;
/** Any way to run a query: the pool or a transaction. For reads only. */
export type Executor = Kysely<DB> | Transaction<DB>;
/**
 * An open transaction: what a use case's steps take when they lock rows (`FOR UPDATE`,
 * `pg_advisory_xact_lock`), write what must commit together, or record the audit event. Handed the pool,
 * each statement would run on its own connection and its locks would end with it, so the pool does not
 * compile here (tests/types/transaction-only.ts, checked by `tsc --noEmit`).
 */
export type Tx = Transaction<DB>;

export function createDb(connectionString: string, options: { max?: number } = {}): Db {
  const pool = new pg.Pool({ connectionString, max: options.max ?? 10 });
  // PILOTAGE_LOG_QUERIES=1 prints every query with its duration (to find N+1 and slow queries)
  const log = env().PILOTAGE_LOG_QUERIES
    ? (event: LogEvent) =>
        console.log(
          `[sql ${event.queryDurationMillis.toFixed(1)} ms${event.level === "error" ? " ERREUR" : ""}] ${String(event.query.sql ?? "")
            .replace(/\s+/g, " ")
            .slice(0, 240)}`,
        )
    : undefined;
  return new Kysely<DB>({ dialect: new PostgresDialect({ pool }), log });
}
