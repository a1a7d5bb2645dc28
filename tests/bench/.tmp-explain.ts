import { createDb } from "../../db/client";
import { listOrders } from "../../app/domain/orders/queries.server";
import { sql } from "kysely";
const db = createDb(`postgres://postgres:pilotage@127.0.0.1:55851/bench`, { max: 1 });
const dinum = { id: 1, role: "dinum", beneficiaryId: null, contractorId: null } as any;
let captured: any[] = [];
const spy = createDb(`postgres://postgres:pilotage@127.0.0.1:55851/bench`, { max: 1 }).withPlugin({ transformQuery: (a: any) => a.node, transformResult: async (a: any) => a.result } as any);
const orig = (spy as any).getExecutor().executeQuery.bind((spy as any).getExecutor());
(spy as any).getExecutor().executeQuery = async (q: any, id: any) => { captured.push(q); return orig(q, id); };
await listOrders(spy, dinum, {}, "2026-12-01");
for (const q of captured) {
  const { rows } = await sql.raw(`EXPLAIN (ANALYZE) ${q.sql.replace(/\$(\d+)/g, (_: string, n: string) => { const v = q.parameters[Number(n) - 1]; return typeof v === "number" ? String(v) : `'${v}'`; })}`).execute(db);
  console.log(rows.map((r: any) => r["QUERY PLAN"]).filter((l: string) => /Execution|Sort|Limit|Nested|Hash|Scan on/.test(l)).slice(0, 14).join("\n"), "\n---");
}
await db.destroy(); await spy.destroy();
