// Streaming reads for large exports: a server-side cursor (pg-cursor) and COPY … TO STDOUT
// (pg-copy-streams), on the connection of any executor (the pool or an open transaction).
//
// Both are pg "submittables": objects that pg's `client.query(x)` runs on its connection instead of a SQL
// text. kysely hands a compiled query's `sql` straight to `client.query`, so submitting one through
// `executeQuery` runs it on the connection kysely holds; `db.connection()` keeps that connection for us
// until the rows are read (a transaction already holds one). Tested in tests/integration/reports-export.test.ts.
import { CompiledQuery, sql } from "kysely";
import Cursor from "pg-cursor";
import { to as copyTo } from "pg-copy-streams";
import type { Submittable } from "pg";
import type { Executor } from "./client";


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

/**
 * Rows of `query`, read through a server-side cursor `batch` rows at a time: memory stays bounded by one
 * batch whatever the result size, and the next batch is requested before the current one is handed out
 * (the database works while the caller renders). Leaving the loop early closes the cursor.
 */
export async function* cursorRows<R>(db: Executor, compiled: CompiledQuery<R>, batch = 2000): AsyncGenerator<R> {
  const cursor = new Cursor<R>(compiled.sql, compiled.parameters.slice());
  // the generator cannot yield from inside the connection's callback: the callback waits for `finished`
  let finish!: () => void;
  const finished = new Promise<void>((resolve) => (finish = resolve));
  let started!: () => void;
  const ready = new Promise<void>((resolve) => (started = resolve));
  const held = onConnection(db, cursor, async () => {
    started();
    await finished;
  });
  held.catch(() => {});
  let next: Promise<R[]> | null = null;
  try {
    await Promise.race([ready, held]);
    next = cursor.read(batch);
    for (;;) {
      const rows: R[] = await next!;
      next = null;
      if (rows.length === 0) break;
      if (rows.length === batch) next = cursor.read(batch);
      yield* rows;
      if (rows.length < batch) break;
    }
  } finally {
    if (next) await next.catch(() => []);
    await cursor.close().catch(() => {});
    finish();
    await held;
  }
}

/**
 * `COPY (sql) TO STDOUT …`, chunk by chunk. Leaving the loop early (a cancelled download) cancels the
 * statement on the server (pg_cancel_backend from another connection; inside a transaction the rest is
 * read and dropped instead), so the connection goes back to the pool in a clean state.
 */
export async function* copyOut(db: Executor, copySql: string): AsyncGenerator<Buffer> {
  const stream = copyTo(copySql);
  let pid: number | null = null;
  let finish!: () => void;
  const finished = new Promise<void>((resolve) => (finish = resolve));
  let started!: () => void;
  const ready = new Promise<void>((resolve) => (started = resolve));
  const held = onConnection(db, stream, async () => {
    started();
    await finished;
  }, async (conn) => {
    pid = (await sql<{ pid: number }>`SELECT pg_backend_pid() AS pid`.execute(conn)).rows[0].pid;
  });
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
      if (pid !== null && !db.isTransaction) await sql`SELECT pg_cancel_backend(${pid})`.execute(db).catch(() => {});
      stream.resume();
      await settled;
    }
    finish();
    await held.catch(() => {});
  }
}

/** Inlines the parameters of a compiled query as SQL literals (COPY takes no parameters). */
export function inlineParameters(query: { sql: string; parameters: readonly unknown[] }): string {
  return query.sql.replace(/\$(\d+)\b/g, (_, n: string) => literal(query.parameters[Number(n) - 1]));
}

function literal(value: unknown): string {
  if (value === null || value === undefined) return "NULL";
  if (typeof value === "number" || typeof value === "bigint") {
    if (typeof value === "number" && !Number.isFinite(value)) throw new Error(`Paramètre non représentable : ${value}`);
    return String(value);
  }
  if (typeof value === "boolean") return value ? "true" : "false";
  if (Array.isArray(value)) return `ARRAY[${value.map(literal).join(",")}]`;
  if (value instanceof Date) return literal(value.toISOString());
  const text = typeof value === "string" ? value : JSON.stringify(value);
  if (text.includes("\0")) throw new Error("Paramètre contenant un caractère NUL");
  return `'${text.replace(/'/g, "''")}'`;
}
