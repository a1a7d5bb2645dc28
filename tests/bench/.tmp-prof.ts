import { createDb } from "../../db/client";
import { homeData } from "../../app/domain/dashboard/dashboard.server";
import { orderListPage, orderPage } from "../../app/domain/orders/queries.server";
import { listAlerts } from "../../app/domain/alerts/alerts.server";
import { listToDeclare, countToDeclare, listToValidate, countToValidate, listRecentDeclarations, getDeclaration } from "../../app/domain/declarations/queries.server";
import { listAuditEvents, auditFilterChoices } from "../../app/domain/audit/queries.server";
import { listBeneficiaries } from "../../app/domain/beneficiaries/services.server";
import { listContracts, listContractors } from "../../app/domain/contracts/services.server";
import { sql } from "kysely";
const port = Number(process.argv[2] ?? 55851);
const only = process.argv[3];
const db = createDb(`postgres://postgres:pilotage@127.0.0.1:${port}/bench`, { max: 8 });
const TODAY = "2026-12-01";
async function user(email: string) {
  const u = await db.selectFrom("app_user as u").leftJoin("beneficiary as b", "b.id", "u.beneficiary_id").leftJoin("contractor as c", "c.id", "u.contractor_id")
    .select(["u.id", "u.email", "u.name", "u.role", "u.beneficiary_id", "u.contractor_id", "b.name as bn", "c.name as cn"]).where("u.email", "=", email).executeTakeFirstOrThrow();
  return { id: u.id, email: u.email, name: u.name, role: u.role, beneficiaryId: u.beneficiary_id, contractorId: u.contractor_id, organisation: u.bn ?? u.cn ?? "DINUM" } as any;
}
const dinum = await user("dinum@demo.pilotage-uo.fr");
const corr = await user("correspondant.sociaux@demo.pilotage-uo.fr");
const ctr = await user("titulaire.faiseurs@demo.pilotage-uo.fr");
const order = (await sql<{ id: number }>`SELECT po.id FROM purchase_order po JOIN order_line ol ON ol.order_id=po.id WHERE po.beneficiary_id=${corr.beneficiaryId} AND po.status='issued' GROUP BY po.id ORDER BY count(*) DESC LIMIT 1`.execute(db)).rows[0].id;
const decl = (await sql<{ id: number }>`SELECT d.id FROM declaration d JOIN purchase_order po ON po.id=d.order_id WHERE po.beneficiary_id=${corr.beneficiaryId} AND d.status='submitted' ORDER BY d.id LIMIT 1`.execute(db)).rows[0]?.id;
const bump = () => sql`UPDATE data_version SET n = n + 1 WHERE slot = 0`.execute(db);
const declarations = (u: any) => Promise.all([
  u.role === "contractor" ? listToDeclare(db, u, { month: null, q: null, limit: 50, offset: 0 } as any) : [],
  u.role === "contractor" ? countToDeclare(db, u, { month: null, q: null } as any) : 0,
  listToValidate(db, u, 50, { month: null, q: null, offset: 0 } as any), countToValidate(db, u, { month: null, q: null } as any), listRecentDeclarations(db, u)]);
const pages: [string, () => Promise<unknown>][] = [
  ["dinum home", () => homeData(db, dinum, 1, TODAY)],
  ["corr home", () => homeData(db, corr, 1, TODAY)],
  ["ctr home", () => homeData(db, ctr, 1, TODAY)],
  ["corr list", () => orderListPage(db, corr, {}, TODAY)],
  ["dinum list", () => orderListPage(db, dinum, {}, TODAY)],
  ["corr order", () => orderPage(db, corr, order, TODAY)],
  ["corr decls", () => declarations(corr)],
  ["ctr decls", () => declarations(ctr)],
  ["dinum decls", () => declarations(dinum)],
  ["corr decl", () => getDeclaration(db, corr, decl)],
  ["dinum alerts", () => listAlerts(db, dinum, TODAY)],
  ["corr alerts", () => listAlerts(db, corr, TODAY)],
  ["ctr alerts", () => listAlerts(db, ctr, TODAY)],
  ["dinum journal", () => Promise.all([listAuditEvents(db, dinum, {}), auditFilterChoices(db, dinum)])],
  ["corr journal", () => Promise.all([listAuditEvents(db, corr, {}), auditFilterChoices(db, corr)])],
  ["ref benef", () => listBeneficiaries(db, { q: "" } as any)],
  ["ref contracts", () => listContracts(db, { q: "", active: false, today: TODAY } as any)],
  ["ref contractors", () => listContractors(db)],
];
for (const [name, f] of pages) {
  if (only && !name.includes(only)) continue;
  const ts: number[] = [];
  for (let i = 0; i < 3; i++) { await bump(); const t0 = performance.now(); await f(); ts.push(performance.now() - t0); }
  console.log(name.padEnd(18), ts.map((t) => t.toFixed(0).padStart(6)).join(" "));
}
await db.destroy();
