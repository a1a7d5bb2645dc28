import { createDb } from "../../db/client";
import { listOrders } from "../../app/domain/orders/queries.server";
import { figuresBy, orderForecasts, workUnitMix } from "../../app/domain/dashboard/queries.server";
import { scopeTotals } from "../../app/domain/orders/queries.server";
import { budgetPerYear } from "../../app/domain/dashboard/dashboard.server";
import { listAlerts } from "../../app/domain/alerts/alerts.server";
const db = createDb(`postgres://postgres:pilotage@127.0.0.1:55851/bench`, { max: 1 });
const dinum = { id: 1, role: "dinum", beneficiaryId: null, contractorId: null } as any;
const T = "2026-12-01";
for (const [n, f] of Object.entries({ list: () => listOrders(db, dinum, {}, T), totals: () => scopeTotals(db, dinum), fc: () => orderForecasts(db, dinum, T, { openOnly: true }),
  byContract: () => figuresBy(db, dinum, "contract"), byBenef: () => figuresBy(db, dinum, "beneficiary"), mix: () => workUnitMix(db, dinum), budget: () => budgetPerYear(db, dinum), alerts: () => listAlerts(db, dinum, T) })) {
  const t0 = performance.now(); await f(); console.log("==", n, (performance.now() - t0).toFixed(0));
}
await db.destroy();
