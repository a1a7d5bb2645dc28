// Type-level test, checked by `tsc --noEmit` (run by `npm test`), never executed: the steps of a use case
// that lock rows or must commit together take a `Tx` (db/client.ts), and handing them the pool does not
// compile. Should `Tx` ever accept the pool again, the `@ts-expect-error` lines below become errors
// themselves ("unused directive") and the type check fails.
import type { Db, Tx } from "../../db/client";
import type { SessionUser } from "../../app/auth/user";
import { recordAudit } from "../../app/domain/audit/audit.server";
import { submitInTransaction, writeDraft, type SaveDraftInput } from "../../app/domain/declarations/services.server";

declare const pool: Db;
declare const trx: Tx;
declare const user: SessionUser;
declare const draft: SaveDraftInput;

export async function onlyATransactionCompiles() {
  // @ts-expect-error the pool: its FOR UPDATE locks would last one statement
  await writeDraft(pool, user, draft);
  // @ts-expect-error the pool: the advisory lock of the person cap would end at once
  await submitInTransaction(pool, user, 1);
  // @ts-expect-error the pool: the audit event would commit without the change it records
  await recordAudit(pool, { actor: user, entityType: "order", entityId: 1, action: "update" });
  // @ts-expect-error nor is the pool a Tx anywhere else
  const asTx: Tx = pool;

  // a transaction does
  const { id } = await writeDraft(trx, user, draft);
  await submitInTransaction(trx, user, id);
  await recordAudit(trx, { actor: user, entityType: "order", entityId: 1, action: "update" });
  return [asTx, pool.transaction().execute((t) => writeDraft(t, user, draft))];
}
