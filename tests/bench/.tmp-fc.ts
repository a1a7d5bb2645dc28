import { createDb } from "../../db/client";
import { orderForecasts } from "../../app/domain/dashboard/queries.server";
const db = createDb(`postgres://postgres:pilotage@127.0.0.1:55851/bench`, { max: 4 });
const dinum = { id: 1, role: "dinum", beneficiaryId: null, contractorId: null } as any;
for (let i = 0; i < 3; i++) { const t0 = performance.now(); const r = await orderForecasts(db, dinum, "2026-12-01", { openOnly: true }); console.log("fc", r.length, (performance.now() - t0).toFixed(0)); }
await db.destroy();
