// Streaming reads for large exports: COPY … TO STDOUT (pg-copy-streams), as bytes or as rows, on the
// connection of any executor (the pool or an open transaction). A server-side cursor was tried first:
// PostgreSQL never runs a row-limited portal in parallel, so the 300,000 declaration lines took 4.1 s
// through pg-cursor against 2.6 s through COPY (and pg's row parsing cost more than a split on tabs).
//
// A COPY stream is a pg "submittable": an object that pg's `client.query(x)` runs on its connection
// instead of a SQL text. kysely hands a compiled query's `sql` straight to `client.query`, so submitting one through
// `executeQuery` runs it on the connection kysely holds; `db.connection()` keeps that connection for us
// until the rows are read (a transaction already holds one). Tested in tests/integration/reports-export.test.ts.
import { CompiledQuery, sql } from "kysely";
import pg from "pg";
import { to as copyTo } from "pg-copy-streams";
import type { Submittable } from "pg";

const { escapeLiteral } = pg;
import type { Db, Executor } from "./client";
import type { Transaction } from "kysely";
import type { DB } from "./schema";

/**
 * Runs `submittable` on one connection of `db` and keeps that connection until `use` settles.
 * `use` is started once the submittable is queued on the connection.
 */
async function onConnection<T>(db: Executor, submittable: Submittable, use: () => Promise<T>, before?: (conn: Executor) => Promise<void>): Promise<T> {
  const submit = (executor: Executor) => executor.executeQuery(CompiledQuery.raw(submittable as unknown as string));
  if (db.isTransaction) {
    await before?.(db);
    await submit(db);
    return use();
  }
  return db.connection().execute(async (conn) => {
    await before?.(conn);
    await submit(conn);
    return use();
  });
}

/** The pool a snapshot's COPY statements are cancelled from (its own connection is busy streaming). */
const cancelFrom = new WeakMap<Executor, Db>();

/**
 * `work` in one read-only repeatable-read transaction: every query in it sees the same committed data, so
 * the sheets of a workbook agree with each other even when a write lands while it is produced. A COPY
 * left early inside it is still cancelled from `db`'s pool; the transaction then ends in a rollback.
 */
export function inSnapshot<T>(db: Db, work: (trx: Transaction<DB>) => Promise<T>): Promise<T> {
  return db
    .transaction()
    .setIsolationLevel("repeatable read")
    .setAccessMode("read only")
    .execute(async (trx) => {
      cancelFrom.set(trx, db);
      return work(trx);
    });
}

const UNESCAPE: Record<string, string> = { b: "\b", f: "\f", n: "\n", r: "\r", t: "\t", v: "\v", "\\": "\\" };

/** A field of COPY's text format: `\N` is NULL, backslash escapes for control characters and backslash. */
function textField(field: string): string | null {
  if (field.length === 2 && field === "\\N") return null;
  return field.includes("\\") ? field.replace(/\\(.)/g, (_, c: string) => UNESCAPE[c] ?? c) : field;
}

/**
 * The rows of a query as objects named by `columns` (the query's column order), read with
 * `COPY (query) TO STDOUT` in text format: PostgreSQL runs the query with its normal (parallel) plan and
 * streams it with backpressure, and a row costs a split on tabs here. Values are strings (numeric and
 * dates as PostgreSQL prints them: exact) or null; the `integers` columns become numbers.
 */
export async function* copyRows<R>(
  db: Executor,
  query: { sql: string; parameters: readonly unknown[] },
  columns: readonly string[],
  integers: ReadonlySet<string> = new Set(),
): AsyncGenerator<R> {
  const isInteger = columns.map((c) => integers.has(c));
  let carry: Buffer | null = null;
  for await (const chunk of copyOut(db, `COPY (${inlineParameters(query)}) TO STDOUT`)) {
    const bytes: Buffer = carry ? Buffer.concat([carry, chunk]) : chunk;
    // a row ends with LF, which never occurs inside a row (escaped) nor inside a UTF-8 sequence
    const end = bytes.lastIndexOf(10);
    if (end < 0) {
      carry = bytes;
      continue;
    }
    carry = end + 1 < bytes.length ? bytes.subarray(end + 1) : null;
    const rows: R[] = [];
    for (const line of bytes.toString("utf8", 0, end).split("\n")) {
      const fields = line.split("\t");
      if (fields.length !== columns.length) throw new Error(`COPY : ${fields.length} champs au lieu de ${columns.length}`);
      const row: Record<string, string | number | null> = {};
      for (let i = 0; i < columns.length; i++) {
        const value = textField(fields[i]);
        row[columns[i]] = value !== null && isInteger[i] ? Number(value) : value;
      }
      rows.push(row as R);
    }
    yield* rows;
  }
  if (carry) throw new Error("COPY : dernière ligne incomplète");
}

/**
 * `COPY (sql) TO STDOUT …`, chunk by chunk. Leaving the loop early (a cancelled download) cancels the
 * statement on the server (pg_cancel_backend from another connection; inside a transaction opened by
 * `inSnapshot` too, which then rolls back; inside another transaction the rest is read and dropped
 * instead), so the connection goes back to the pool in a clean state.
 */
export async function* copyOut(db: Executor, copySql: string): AsyncGenerator<Buffer> {
  const stream = copyTo(copySql);
  let pid: number | null = null;
  let finish!: () => void;
  const finished = new Promise<void>((resolve) => (finish = resolve));
  let started!: () => void;
  const ready = new Promise<void>((resolve) => (started = resolve));
  const held = onConnection(
    db,
    stream,
    async () => {
      started();
      await finished;
    },
    async (conn) => {
      pid = (await sql<{ pid: number }>`SELECT pg_backend_pid() AS pid`.execute(conn)).rows[0].pid;
    },
  );
  held.catch(() => {});
  let ended = false;
  stream.once("end", () => (ended = true));
  try {
    await Promise.race([ready, held]);
    for await (const chunk of stream.iterator({ destroyOnReturn: false })) yield chunk as Buffer;
  } finally {
    if (!ended) {
      const settled = new Promise<void>((resolve) => {
        stream.once("end", resolve);
        stream.once("error", () => resolve());
        stream.once("close", resolve);
      });
      stream.resume(); // read and drop the rest, unless the cancel below ends it first
      const pool = db.isTransaction ? cancelFrom.get(db) : db;
      if (pid !== null && pool) {
        // on another connection of the pool; if none is free, the drain ends the statement instead, and a
        // cancel that runs late finds that its backend is no longer running this COPY and does nothing
        const cancel = sql`SELECT pg_cancel_backend(pid) FROM pg_stat_activity
          WHERE pid = ${pid} AND state = 'active' AND query <> '' AND starts_with(${copySql}, query)`
          .execute(pool)
          .catch(() => {});
        await Promise.race([settled, cancel.then(() => settled)]);
      } else {
        await settled;
      }
    }
    finish();
    await held.catch(() => {});
  }
}

/**
 * Inlines the parameters of a compiled query as SQL literals (COPY takes no parameters). `$n` is replaced
 * only where it is a parameter: never inside a string literal, a quoted identifier, a dollar-quoted string
 * or a comment of the query's text; text values are quoted by the driver (`pg.escapeLiteral`: an
 * `E'…'` literal when they hold a backslash, so they read the same whatever `standard_conforming_strings`).
 */
export function inlineParameters(query: { sql: string; parameters: readonly unknown[] }): string {
  const text = query.sql;
  let out = "";
  let i = 0;
  while (i < text.length) {
    const end = skipQuoted(text, i);
    if (end > i) {
      out += text.slice(i, end);
      i = end;
      continue;
    }
    const param = /^\$(\d+)/.exec(text.slice(i, i + 12));
    if (param && !/[\w$]/.test(text[i - 1] ?? "")) {
      const n = Number(param[1]);
      if (n < 1 || n > query.parameters.length) throw new Error(`Paramètre $${n} absent de la requête`);
      out += literal(query.parameters[n - 1]);
      i += param[0].length;
      continue;
    }
    out += text[i];
    i++;
  }
  return out;
}

/** The end of the literal, quoted identifier, dollar-quoted string or comment starting at `i`, or `i`. */
function skipQuoted(text: string, i: number): number {
  const c = text[i];
  if (c === "'" || c === '"') {
    // E'…' strings take backslash escapes; elsewhere a quote is escaped by doubling it
    const backslashes = c === "'" && /[eE]/.test(text[i - 1] ?? "") && !/[\w$]/.test(text[i - 2] ?? "");
    let j = i + 1;
    while (j < text.length) {
      if (backslashes && text[j] === "\\") j += 2;
      else if (text[j] === c && text[j + 1] === c) j += 2;
      else if (text[j] === c) return j + 1;
      else j++;
    }
    throw new Error("Requête mal formée : chaîne non terminée");
  }
  if (c === "-" && text[i + 1] === "-") {
    const eol = text.indexOf("\n", i);
    return eol < 0 ? text.length : eol;
  }
  if (c === "/" && text[i + 1] === "*") {
    let depth = 0;
    for (let j = i; j < text.length - 1; j++) {
      if (text[j] === "/" && text[j + 1] === "*") {
        depth++;
        j++;
      } else if (text[j] === "*" && text[j + 1] === "/") {
        depth--;
        j++;
        if (depth === 0) return j + 1;
      }
    }
    throw new Error("Requête mal formée : commentaire non terminé");
  }
  if (c === "$" && !/[\w$]/.test(text[i - 1] ?? "")) {
    const tag = /^\$([A-Za-z_][A-Za-z0-9_]*)?\$/.exec(text.slice(i, i + 70));
    if (tag) {
      const close = text.indexOf(tag[0], i + tag[0].length);
      if (close < 0) throw new Error("Requête mal formée : chaîne $$ non terminée");
      return close + tag[0].length;
    }
  }
  return i;
}

function literal(value: unknown): string {
  if (value === null || value === undefined) return "NULL";
  if (typeof value === "number" || typeof value === "bigint") {
    if (typeof value === "number" && !Number.isFinite(value)) throw new Error(`Paramètre non représentable : ${value}`);
    return String(value);
  }
  if (typeof value === "boolean") return value ? "true" : "false";
  if (Array.isArray(value)) return value.length ? `ARRAY[${value.map(literal).join(",")}]` : "'{}'";
  if (value instanceof Date) return literal(value.toISOString());
  const text = typeof value === "string" ? value : JSON.stringify(value);
  if (text.includes("\0")) throw new Error("Paramètre contenant un caractère NUL");
  return escapeLiteral(text);
}
