// R14 End of an order, on the demo data: Mano (ended 30/09/2026 with 14,5 days left), SignalConso
// (ended 30/11/2026) and demarches-simplifiees.fr (ended 31/01/2026) are "échu avec reste" on 01/12/2026:
// on the order list and its filter, in the alerts of their correspondents and DINUM, without exhaustion
// forecast; no month after the end can be declared; closing releases the rest and ends all of it; an
// order whose last days are validated closes itself.
import { Refusal } from "../../app/lib/refusal";
import { beforeAll, describe, expect, it } from "vitest";
import { pdftotext } from "../helpers/pdf";
import { sql } from "kysely";
import { useTestDatabase, sessionUser } from "../helpers/db";
import type { SessionUser } from "../../app/auth/user";
import { listOrders, orderListPage } from "../../app/domain/orders/queries.server";
import { endedWithRemainingSql } from "../../app/domain/orders/ending.server";
import { closeOrder } from "../../app/domain/orders/services.server";
import { alertCount, listAlerts } from "../../app/domain/alerts/alerts.server";
import { orderForecasts } from "../../app/domain/dashboard/queries.server";
import { dataVersion } from "../../app/lib/versioned-cache.server";
import { homeData, loadDashboard } from "../../app/domain/dashboard/dashboard.server";
import { createCorrection, saveDraft, submitDeclaration, validateDeclaration } from "../../app/domain/declarations/services.server";
import { listToDeclare } from "../../app/domain/declarations/queries.server";
import { makeOrder, line } from "./declarations-fixtures";
import { dec } from "../../app/lib/decimal";
import { formatEuros } from "../../app/lib/format";
import { resolveFilters } from "../../reports/consolidated/filters";
import { consolidatedCsv, exporterOf, writeConsolidatedWorkbook } from "../../reports/consolidated/workbook.server";
import { orderLinesTable } from "../../reports/consolidated/tables";
import { orderFollowUpTable } from "../../reports/follow-up/tables";
import { renderFollowUpPdf, writeFollowUpWorkbook } from "../../reports/follow-up/report.server";
import { capture, collect, parseCsv, readWorkbook } from "../../reports/spec/testing";
import { otherDemoAccounts } from "../../seeds/accounts";

const t = await useTestDatabase();
const { dinum, correspondentA: corrA, correspondentB: corrB, contractorA } = t.actors;

const TODAY = "2026-12-01";
let contractorAtelier: SessionUser;

beforeAll(async () => {
  contractorAtelier = await sessionUser(t.db, otherDemoAccounts.contractorAtelier);
});

/** The demo's issued order of a product (by name), with its remaining days computed here from its lines. */
async function demoOrder(product: string) {
  const o =
    (await t.db
      .selectFrom("purchase_order as po")
      .innerJoin("product as p", "p.id", "po.product_id")
      .where("p.name", "=", product)
      .where("po.status", "=", "issued")
      .where("po.number", "like", "25_BAM_112-%")
      .select(["po.id", "po.number", "po.period_end"])
      .orderBy("po.id")
      .executeTakeFirst()) ??
    (await t.db
      .selectFrom("purchase_order as po")
      .innerJoin("product as p", "p.id", "po.product_id")
      .where("p.name", "=", product)
      .where("po.status", "=", "issued")
      .select(["po.id", "po.number", "po.period_end"])
      .orderBy("po.id")
      .executeTakeFirstOrThrow());
  const r = await t.db
    .selectFrom("order_line")
    .where("order_id", "=", o.id)
    .select([
      sql<string>`sum(quantity * 20)`.as("ordered"),
      sql<string>`sum(consumed_days)`.as("consumed"),
      sql<string>`sum(amount_ht - consumed_ht)`.as("remaining_ht"),
    ])
    .executeTakeFirstOrThrow();
  return { ...o, remainingDays: dec(r.ordered).minus(r.consumed).toFixed(1), remainingHt: dec(r.remaining_ht).toFixed(2) };
}

/** Every order's R14 state computed independently: status, period end and its lines' sums. */
async function independentEnded(today: string): Promise<Set<number>> {
  const rows = await t.db
    .selectFrom("purchase_order as po")
    .select([
      "po.id",
      "po.status",
      "po.period_end",
      sql<string>`(SELECT sum(ol.quantity * 20) - sum(ol.consumed_days) FROM order_line ol WHERE ol.order_id = po.id)`.as("remaining"),
    ])
    .execute();
  return new Set(rows.filter((r) => r.status === "issued" && r.period_end < today && dec(r.remaining).greaterThan(0)).map((r) => r.id));
}

describe("R14 échu avec reste", () => {
  it("the demo's ended orders with days left are échu avec reste on 01/12/2026, and the SQL twin agrees with the pure function", async () => {
    const mano = await demoOrder("Mano");
    expect([mano.period_end, mano.remainingDays]).toEqual(["2026-09-30", "14.5"]);
    for (const today of ["2026-09-30", "2026-10-01", "2026-11-30", TODAY, "2027-07-01"]) {
      const expected = await independentEnded(today);
      const bySql = await t.db.selectFrom("purchase_order as po").select("po.id").where(endedWithRemainingSql(today)).execute();
      expect(new Set(bySql.map((r) => r.id)), today).toEqual(expected);
      const { items, total } = await listOrders(t.db, dinum, { endedWithRemaining: true }, today);
      expect(total, today).toBe(expected.size);
      expect(items.every((o) => o.endedWithRemaining && expected.has(o.id))).toBe(true);
    }
    const ended = await independentEnded(TODAY);
    for (const product of ["Mano", "SignalConso", "demarches-simplifiees.fr"]) expect(ended.has((await demoOrder(product)).id), product).toBe(true);
    // on the order's last day, not yet
    expect((await independentEnded("2026-09-30")).has(mano.id)).toBe(false);
  });

  it("the order list shows it and filters on it, within the user's scope", async () => {
    const mano = await demoOrder("Mano");
    const all = await listOrders(t.db, corrA, { q: mano.number }, TODAY);
    expect(all.items.map((o) => [o.number, o.endedWithRemaining])).toEqual([[mano.number, true]]);
    expect((await listOrders(t.db, corrA, { q: mano.number }, "2026-09-30")).items[0].endedWithRemaining).toBe(false);
    const mine = await listOrders(t.db, corrA, { endedWithRemaining: true }, TODAY);
    expect(mine.items.map((o) => o.id)).toContain(mano.id);
    const expected = [...(await independentEnded(TODAY))];
    const scoped = await t.db
      .selectFrom("purchase_order")
      .select("id")
      .where("id", "in", expected)
      .where("beneficiary_id", "=", corrA.beneficiaryId!)
      .execute();
    expect(mine.total).toBe(scoped.length);
    expect((await listOrders(t.db, corrB, { endedWithRemaining: true }, TODAY)).items.map((o) => o.id)).not.toContain(mano.id);
    // combined with the other filters: no issued order of the list is échu on its first day
    expect((await listOrders(t.db, corrA, { endedWithRemaining: true, status: "closed" }, TODAY)).total).toBe(0);
  });

  it("raises an alert for its correspondents and DINUM (badge included), not for the contractor, with a link to close it", async () => {
    const mano = await demoOrder("Mano");
    const ofMano = (alerts: Awaited<ReturnType<typeof listAlerts>>) => alerts.filter((a) => a.kind === "ended_with_remaining" && a.orderId === mano.id);
    const [a] = ofMano(await listAlerts(t.db, corrA, TODAY));
    expect(a.title).toBe("Bon de commande échu avec reste : à solder");
    expect(a.detail).toBe(`Période terminée le 30/09/2026 avec 14,5 j non consommés (${formatEuros(mano.remainingHt)} HT) ; le solder libère ce reste.`);
    expect(a.href).toBe(`/commandes/${mano.id}#solder`);
    expect(ofMano(await listAlerts(t.db, dinum, TODAY))).toHaveLength(1);
    expect(ofMano(await listAlerts(t.db, contractorAtelier, TODAY))).toHaveLength(0);
    expect(ofMano(await listAlerts(t.db, corrB, TODAY))).toHaveLength(0);
    // the day before it ended: no such alert
    expect(ofMano(await listAlerts(t.db, corrA, "2026-09-30"))).toHaveLength(0);
    const dinumAlerts = (await listAlerts(t.db, dinum, TODAY)).filter((x) => x.kind === "ended_with_remaining");
    expect(new Set(dinumAlerts.map((x) => x.orderId))).toEqual(await independentEnded(TODAY));
    expect(await alertCount(t.db, dinum, TODAY)).toBe((await listAlerts(t.db, dinum, TODAY)).length);
  });

  it("has no exhaustion forecast past its end: the dashboard shows it échu avec reste", async () => {
    const mano = await demoOrder("Mano");
    const f = (await orderForecasts(t.db, corrA, TODAY)).find((o) => o.id === mano.id)!;
    expect(f.forecast.exhaustionDate).toBeNull();
    expect(f.forecast.overRun).toBe(false);
    expect(f.forecast.underConsumption).toBe(false);
    expect(f.forecast.endedWithRemaining).toBe(true);
    for (const o of await orderForecasts(t.db, dinum, TODAY)) {
      if (o.periodEnd < TODAY) expect(o.forecast.exhaustionDate, o.number).toBeNull();
    }
    // DINUM's table of flagged orders lists it
    const dashboard = await loadDashboard(t.db, dinum, TODAY);
    expect(dashboard.forecasts.some((o) => o.id === mano.id && o.forecast.endedWithRemaining)).toBe(true);
  });

  it("no declaration for a month after its end (the last month still can be)", async () => {
    const mano = await demoOrder("Mano");
    const lines = await t.db.selectFrom("order_line").select("id").where("order_id", "=", mano.id).orderBy("line_no").execute();
    const before = await t.db
      .selectFrom("declaration")
      .select(sql<string>`count(*)`.as("n"))
      .executeTakeFirstOrThrow();
    const error = await saveDraft(t.db, contractorAtelier, { orderId: mano.id, month: "2026-10-01", lines: [line(lines[0].id, "1")] }, TODAY).then(
      () => null,
      (e) => e,
    );
    expect(error).toBeInstanceOf(Refusal);
    expect(error.message).toBe("Octobre 2026 est hors de la période d'exécution du bon de commande (du 01/04/2026 au 30/09/2026).");
    expect(
      (
        await t.db
          .selectFrom("declaration")
          .select(sql<string>`count(*)`.as("n"))
          .executeTakeFirstOrThrow()
      ).n,
    ).toBe(before.n);
    // nor does the "to declare" list offer it
    const toDeclare = await listToDeclare(t.db, contractorAtelier, { orderId: mano.id, today: TODAY });
    expect(toDeclare.filter((m) => m.month > "2026-09-01")).toEqual([]);
  });

  it("cached pages show it the day it happens, with no write in between (the day is in their keys)", async () => {
    const mano = await demoOrder("Mano");
    const v0 = await dataVersion(t.db);
    const lastDay = await orderListPage(t.db, corrA, { q: mano.number }, "2026-09-30");
    const nextDay = await orderListPage(t.db, corrA, { q: mano.number }, "2026-10-01");
    expect(lastDay.orders.items[0].endedWithRemaining).toBe(false);
    expect(nextDay.orders.items[0].endedWithRemaining).toBe(true);
    const filtered = await orderListPage(t.db, corrA, { endedWithRemaining: true }, "2026-09-30");
    expect(filtered.orders.items.some((o) => o.id === mano.id)).toBe(false);
    expect((await orderListPage(t.db, corrA, { endedWithRemaining: true }, "2026-10-01")).orders.items.some((o) => o.id === mano.id)).toBe(true);
    const home = async (today: string) => (await homeData(t.db, corrA, 1, today)).dashboard.forecasts.find((o) => o.id === mano.id)!.forecast;
    expect((await home("2026-09-30")).endedWithRemaining).toBe(false);
    expect((await home("2026-10-01")).endedWithRemaining).toBe(true);
    // the data did not move: only the day did
    expect(await dataVersion(t.db)).toBe(v0);
  });

  it("the contractor's months to declare, still declarable after the end, flag the ended order", async () => {
    const o = await makeOrder(t.db, { periodStart: "2026-08-01", periodEnd: "2026-09-30" });
    const months = async (today: string) => (await listToDeclare(t.db, contractorA, { orderId: o.id, today })).map((r) => [r.month, r.endedWithRemaining]);
    expect(await months("2026-09-30")).toEqual([
      ["2026-08-01", false],
      ["2026-09-01", false],
    ]);
    expect(await months(TODAY)).toEqual([
      ["2026-08-01", true],
      ["2026-09-01", true],
    ]);
  });

  it("closing releases what is left, audited, and the order is no longer échu nor alerted", async () => {
    const mano = await demoOrder("Mano");
    const { released } = await closeOrder(t.db, corrA, mano.id, { reason: "Fin de la période : reliquat libéré" });
    expect(released).toEqual({ days: "14.5", ht: mano.remainingHt });
    const audit = await t.db
      .selectFrom("audit_event")
      .select(["action", "after", "actor_user_id"])
      .where("entity_type", "=", "purchase_order")
      .where("entity_id", "=", String(mano.id))
      .orderBy("id", "desc")
      .executeTakeFirstOrThrow();
    expect(audit.action).toBe("close");
    expect(audit.actor_user_id).toBe(corrA.id);
    expect(audit.after).toMatchObject({ status: "closed", released_days: "14.5", released_ht: mano.remainingHt });
    expect((await listAlerts(t.db, corrA, TODAY)).some((a) => a.orderId === mano.id)).toBe(false);
    expect((await listOrders(t.db, corrA, { endedWithRemaining: true }, TODAY)).items.some((o) => o.id === mano.id)).toBe(false);
  });
});

describe("R14 closing by the exhausting validation", () => {
  const status = async (id: number) =>
    await t.db.selectFrom("purchase_order").select(["status", "closed_reason"]).where("id", "=", id).executeTakeFirstOrThrow();
  const declare = async (orderId: number, month: string, lines: ReturnType<typeof line>[]) => {
    const d = await saveDraft(t.db, contractorA, { orderId, month, lines }, "2026-11-23");
    await submitDeclaration(t.db, contractorA, d.id, "2026-11-23");
    return d.id;
  };

  it("an order whose lines are all fully consumed is closed in the validating transaction, with its audit event; a validation that does not exhaust it does not", async () => {
    const o = await makeOrder(t.db, {
      periodStart: "2026-08-01",
      periodEnd: "2026-12-31",
      lines: [
        ["DEVOPS_CONFIRME", "0.25", "12000.00"],
        ["PM", "0.5", "13000.00"],
      ],
    });
    const aug = await declare(o.id, "2026-08-01", [line(o.lines[0].id, "5"), line(o.lines[1].id, "6")]);
    const sep = await declare(o.id, "2026-09-01", [line(o.lines[1].id, "4")]);
    // line 1 is exhausted, line 2 is not: still issued
    expect((await validateDeclaration(t.db, corrA, aug)).closed).toBe(false);
    expect((await status(o.id)).status).toBe("issued");
    // the last days of line 2: closed
    expect((await validateDeclaration(t.db, corrA, sep)).closed).toBe(true);
    const after = await status(o.id);
    expect(after).toEqual({
      status: "closed",
      closed_reason: "Soldé automatiquement : toutes les lignes sont entièrement consommées (service fait de septembre 2026).",
    });
    const events = await t.db
      .selectFrom("audit_event")
      .select(["action", "after", "actor_user_id", "beneficiary_id", "contractor_id"])
      .where("entity_type", "=", "purchase_order")
      .where("entity_id", "=", String(o.id))
      .where("action", "in", ["auto_close", "close"])
      .execute();
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ action: "auto_close", actor_user_id: corrA.id, beneficiary_id: o.beneficiaryId, contractor_id: o.contractorId });
    expect(events[0].after).toMatchObject({ status: "closed", released_days: "0.0", released_ht: "0.00", consumed_days: "15.0", consumed_ht: "9500.00" });
    // closed: no alert, nothing more to declare
    expect((await listAlerts(t.db, corrA, "2026-11-23")).some((a) => a.orderId === o.id)).toBe(false);
    const refused = await saveDraft(t.db, contractorA, { orderId: o.id, month: "2026-10-01", lines: [line(o.lines[0].id, "0")] }, "2026-11-23").then(
      () => null,
      (e) => e,
    );
    expect(refused).toBeInstanceOf(Refusal);
  });

  it("not while a correction of the order waits for validation (it may still lower the days)", async () => {
    const o = await makeOrder(t.db, { periodStart: "2026-08-01", periodEnd: "2026-12-31", lines: [["DEVOPS_CONFIRME", "0.5", "12000.00"]] });
    const aug = await declare(o.id, "2026-08-01", [line(o.lines[0].id, "6")]);
    await validateDeclaration(t.db, corrA, aug);
    // a correction lowering August to 4 is submitted, then September's 4 days: 10 of 10 once September is validated
    const correction = await createCorrection(t.db, contractorA, aug, "Deux jours comptés par erreur");
    await saveDraft(t.db, contractorA, { declarationId: correction.id, orderId: o.id, month: "2026-08-01", lines: [line(o.lines[0].id, "4")] }, "2026-11-23");
    await submitDeclaration(t.db, contractorA, correction.id, "2026-11-23");
    const sep = await declare(o.id, "2026-09-01", [line(o.lines[0].id, "4")]);
    expect((await validateDeclaration(t.db, corrA, sep)).closed).toBe(false);
    expect((await status(o.id)).status).toBe("issued");
    // the correction validated: 8 of 10, still issued
    expect((await validateDeclaration(t.db, corrA, correction.id)).closed).toBe(false);
    expect((await status(o.id)).status).toBe("issued");
  });
});

describe("R14 in the exports, as of the export's day", () => {
  // SignalConso's order ends on 30/11/2026: issued that day, échu avec reste the next
  const lastDay = new Date("2026-11-30T12:00:00Z");
  const nextDay = new Date("2026-12-01T08:00:00Z");

  it('the consolidated workbook\'s order lines and their CSV say "Émis, échu avec reste"', async () => {
    const order = await demoOrder("SignalConso");
    expect(order.period_end).toBe("2026-11-30");
    const exporter = exporterOf(dinum);
    const csvStatuses = async (now: Date) => {
      const rows = parseCsv((await collect(consolidatedCsv(t.db, exporter, resolveFilters({}), orderLinesTable.id, now))).toString("utf8"));
      const [head] = rows;
      return new Set(rows.filter((r) => r[head.indexOf("N° de bon de commande")] === order.number).map((r) => r[head.indexOf("Statut")]));
    };
    expect(await csvStatuses(lastDay)).toEqual(new Set(["Émis"]));
    expect(await csvStatuses(nextDay)).toEqual(new Set(["Émis, échu avec reste"]));
    const wb = await readWorkbook(await capture((out) => writeConsolidatedWorkbook(t.db, exporter, resolveFilters({}), out, nextDay)));
    const ws = wb.getWorksheet(orderLinesTable.sheet)!;
    const head = (ws.getRow(1).values as unknown[]).map(String);
    const statuses = new Map<string, Set<string>>();
    ws.eachRow((row, r) => {
      if (r === 1) return;
      const number = String(row.getCell(head.indexOf("N° de bon de commande")).value ?? "");
      statuses.set(number, (statuses.get(number) ?? new Set()).add(String(row.getCell(head.indexOf("Statut")).value)));
    });
    expect(statuses.get(order.number!)).toEqual(new Set(["Émis, échu avec reste"]));
    // exactly the orders the rule gives on that day
    const ended = await independentEnded("2026-12-01");
    const numbers = await t.db.selectFrom("purchase_order").select("number").where("status", "in", ["issued", "closed"]).execute();
    for (const { number } of numbers) {
      if (!number || !statuses.has(number)) continue;
      const id = (await t.db.selectFrom("purchase_order").select("id").where("number", "=", number).executeTakeFirstOrThrow()).id;
      expect(statuses.get(number)!.has("Émis, échu avec reste"), number).toBe(ended.has(id));
    }
  });

  it("the follow-up, Excel and PDF, say so too", async () => {
    const order = await demoOrder("SignalConso");
    const exporter = exporterOf(corrB);
    const followUpStatus = async (now: Date) => {
      const wb = await readWorkbook(await capture((out) => writeFollowUpWorkbook(t.db, exporter, resolveFilters({}), out, now)));
      const ws = wb.getWorksheet(orderFollowUpTable.sheet)!;
      const head = (ws.getRow(1).values as unknown[]).map(String);
      let status: string | null = null;
      ws.eachRow((row) => {
        if (String(row.getCell(head.indexOf("N° de bon de commande")).value) === order.number) status = String(row.getCell(head.indexOf("Statut")).value);
      });
      return status;
    };
    expect(await followUpStatus(lastDay)).toBe("Émis");
    expect(await followUpStatus(nextDay)).toBe("Émis, échu avec reste");
    const pdf = async (now: Date) => pdftotext(await renderFollowUpPdf(t.db, exporter, resolveFilters({}), now));
    expect(await pdf(nextDay)).toContain("(émis, échu avec reste)");
    expect(await pdf(lastDay)).not.toContain("échu avec reste");
  });
});
