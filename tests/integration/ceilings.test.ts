// R17: a period's maximum HT (the contract's, a lot's) caps what issues and amendments may order, even
// under concurrency; cancellations and closings give back what they release (R13's counted figures); an
// order belongs to the period of its issue date.
import { describe, expect, it } from "vitest";
import { useTestDatabase } from "../helpers/db";
import { Refusal } from "../../app/lib/refusal";
import { dec, sum } from "../../app/lib/decimal";
import { amendOrder, issueOrder } from "../../app/domain/orders/services.server";
import { periodOrderedHt } from "../../app/domain/ceilings/services.server";
import { ceilingStatuses } from "../../app/domain/ceilings/queries.server";
import { listAlerts } from "../../app/domain/alerts/alerts.server";
import { loadDashboard } from "../../app/domain/dashboard/dashboard.server";
import {
  buildAmendment,
  buildCancellation,
  buildClosing,
  buildContract,
  buildDeclaration,
  buildDraftOrder,
  buildExecutionPeriod,
  buildIssuedOrder,
  type BuiltOrder,
} from "../../seeds/factories";

const t = await useTestDatabase();
const OCTOPUS = "Octopus Numérique SAS";

/** A contract of 2026-2027 whose one UO of DEVOPS_CONFIRME costs 10 000,00 € HT (lots 1 and 2). */
async function contract() {
  return buildContract(t.db, {
    startDate: "2026-01-01",
    endDate: "2027-12-31",
    lots: [
      { number: 1, title: "Lot 1" },
      { number: 2, title: "Lot 2" },
    ],
    holders: [
      { contractor: OCTOPUS, lot: 1, prices: { DEVOPS_CONFIRME: "10000.00" } },
      { contractor: OCTOPUS, lot: 2 },
    ],
    at: "2026-01-02T09:00:00Z",
  });
}

const order = (contractId: number, quantity: string, extra: { lot?: number; at?: string; periodStart?: string; periodEnd?: string } = {}) => ({
  contract: contractId,
  contractor: OCTOPUS,
  lot: extra.lot ?? 1,
  lines: [["DEVOPS_CONFIRME", quantity]] as [["DEVOPS_CONFIRME", string]],
  at: extra.at ?? "2026-03-02T09:00:00Z",
  periodStart: extra.periodStart,
  periodEnd: extra.periodEnd,
});

async function statusOf(id: number) {
  return (await t.db.selectFrom("purchase_order").select(["status", "number", "total_ht"]).where("id", "=", id).executeTakeFirstOrThrow()).status;
}

describe("the cap (R17)", () => {
  it("refuses, with what is left, the worked example of domain.md; a cancellation makes room", async () => {
    const k = await contract();
    await buildExecutionPeriod(t.db, { contract: k.id, startDate: "2026-01-01", endDate: "2026-12-31", maxHt: "1000000.00", lots: { 1: "100000.00" } });
    const big = await buildIssuedOrder(t.db, order(k.id, "9.1"));
    const small = await buildIssuedOrder(t.db, order(k.id, "0.3"));
    // lot 2 does not count against lot 1's maximum
    await buildIssuedOrder(t.db, order(k.id, "0.5", { lot: 2 }));
    const draft = await buildDraftOrder(t.db, order(k.id, "0.7"));
    const a = t.actors.correspondentA;
    const refused = await issueOrder(t.db, a, draft.id, {}, "2026-03-03").catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(Refusal);
    expect((refused as Refusal).status).toBe(409);
    expect((refused as Refusal).message).toContain("il reste 6\u202f000,00\u00a0€ HT sur le montant maximum de la période pour le lot 1");
    expect(await statusOf(draft.id)).toBe("draft");
    await buildCancellation(t.db, small.id, { at: "2026-03-03T10:00:00Z" });
    await issueOrder(t.db, a, draft.id, {}, "2026-03-03");
    expect(await statusOf(draft.id)).toBe("issued");
    expect(big.number).not.toBe("");
    const period = await t.db.selectFrom("execution_period").selectAll().where("contract_id", "=", k.id).executeTakeFirstOrThrow();
    expect(await periodOrderedHt(t.db, period, big.lotId, null)).toEqual({ contract: "103000.00", lot: "98000.00" });
  });

  it("a closed order gives back what it did not consume", async () => {
    const k = await contract();
    await buildExecutionPeriod(t.db, { contract: k.id, startDate: "2026-01-01", endDate: "2026-12-31", maxHt: "30000.00" });
    const first = await buildIssuedOrder(t.db, order(k.id, "2"));
    const draft = await buildDraftOrder(t.db, order(k.id, "1.5"));
    const refused = await issueOrder(t.db, t.actors.correspondentA, draft.id, {}, "2026-04-03").catch((e: unknown) => e);
    expect((refused as Refusal).message).toContain("il reste 10\u202f000,00\u00a0€ HT sur le montant maximum de la période de l'accord-cadre");
    // 5 days of 1 UO = 20 days at 10 000 € → 2 500,00 € consumed, then closed: 17 500,00 € released
    await buildDeclaration(t.db, first.id, {
      month: "2026-03-01",
      lines: [{ orderLineId: first.lines[0].id, days: "5" }],
      status: "validated",
      at: "2026-04-02T09:00:00Z",
    });
    await buildClosing(t.db, first.id, { at: "2026-04-03T09:00:00Z" });
    await issueOrder(t.db, t.actors.correspondentA, draft.id, {}, "2026-04-03");
    const period = await t.db.selectFrom("execution_period").selectAll().where("contract_id", "=", k.id).executeTakeFirstOrThrow();
    expect((await periodOrderedHt(t.db, period, first.lotId, null)).contract).toBe("17500.00");
  });

  it("20 concurrent issues against a maximum with room for 5: exactly 5 pass", async () => {
    const k = await contract();
    await buildExecutionPeriod(t.db, { contract: k.id, startDate: "2026-01-01", endDate: "2026-12-31", maxHt: "50000.00" });
    const drafts: BuiltOrder[] = [];
    for (let i = 0; i < 20; i++) drafts.push(await buildDraftOrder(t.db, order(k.id, "1")));
    const pool = t.pool(10);
    const results = await Promise.allSettled(drafts.map((d) => issueOrder(pool, t.actors.correspondentA, d.id, {}, "2026-03-02")));
    const refused = results.filter((r) => r.status === "rejected").map((r) => (r as PromiseRejectedResult).reason);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(5);
    expect(refused).toHaveLength(15);
    for (const e of refused) {
      expect(e).toBeInstanceOf(Refusal);
      expect((e as Refusal).message).toContain("il reste 0,00\u00a0€ HT sur le montant maximum de la période");
    }
    const issued = await t.db
      .selectFrom("purchase_order")
      .select(["total_ht", "number_seq"])
      .where("contract_id", "=", k.id)
      .where("status", "=", "issued")
      .execute();
    expect(sum(issued.map((o) => o.total_ht)).toFixed(2)).toBe("50000.00");
    // the refused issues gave their numbers back (R6): 1 to 5
    expect(issued.map((o) => o.number_seq).sort()).toEqual([1, 2, 3, 4, 5]);
  });

  it("amendments: refused beyond the maximum, a lowering always passes, concurrent raises queue on the period", async () => {
    const k = await contract();
    await buildExecutionPeriod(t.db, { contract: k.id, startDate: "2026-01-01", endDate: "2026-12-31", maxHt: "100000.00" });
    const orders: BuiltOrder[] = [];
    for (let i = 0; i < 5; i++) orders.push(await buildIssuedOrder(t.db, order(k.id, "1")));
    const a = t.actors.correspondentA;
    const raise = (o: (typeof orders)[number], quantity: string, db = t.db) =>
      amendOrder(
        db,
        a,
        o.id,
        { reason: "Extension du périmètre", lines: [{ lineId: o.lines[0].id, workUnitCode: "DEVOPS_CONFIRME", quantity }] },
        "2026-05-04",
      );
    const refused = await raise(orders[0], "7").catch((e: unknown) => e);
    expect((refused as Refusal).message).toContain("il reste 50\u202f000,00\u00a0€ HT sur le montant maximum de la période");
    expect((refused as Refusal).message).toContain("Cette modification en ajoute 60\u202f000,00\u00a0€ HT");
    // 5 × 10 000 ordered: room for 50 000; five raises of +20 000 at once → exactly two pass
    const pool = t.pool(5);
    const results = await Promise.allSettled(orders.map((o) => raise(o, "3", pool)));
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(2);
    for (const r of results) if (r.status === "rejected") expect(r.reason).toBeInstanceOf(Refusal);
    const totals = await t.db.selectFrom("purchase_order").select("total_ht").where("contract_id", "=", k.id).execute();
    expect(sum(totals.map((o) => o.total_ht)).toFixed(2)).toBe("90000.00");
    // over the maximum already (DINUM lowered it): lowering an order is still allowed
    await buildExecutionPeriod(t.db, { contract: k.id, startDate: "2026-01-01", endDate: "2026-12-31", maxHt: "40000.00" });
    const raised = await t.db
      .selectFrom("purchase_order")
      .select("id")
      .where("contract_id", "=", k.id)
      .where("total_ht", "=", "30000.00")
      .executeTakeFirstOrThrow();
    const o = orders.find((x) => x.id === raised.id)!;
    await raise(o, "2");
    expect(dec((await t.db.selectFrom("purchase_order").select("total_ht").where("id", "=", o.id).executeTakeFirstOrThrow()).total_ht).toFixed(2)).toBe(
      "20000.00",
    );
  });

  it("renewals: an order stays in the period of its issue date, amended later or not", async () => {
    const k = await contract();
    await buildExecutionPeriod(t.db, { contract: k.id, periodNo: 0, startDate: "2026-01-01", endDate: "2026-12-31", maxHt: "20000.00" });
    await buildExecutionPeriod(t.db, { contract: k.id, periodNo: 1, startDate: "2027-01-01", endDate: "2027-12-31", maxHt: "40000.00" });
    const y2026 = await buildIssuedOrder(t.db, order(k.id, "2", { at: "2026-06-01T09:00:00Z", periodStart: "2026-06-01", periodEnd: "2027-06-30" }));
    // the renewal has its own maximum
    const y2027 = await buildIssuedOrder(t.db, order(k.id, "2", { at: "2027-01-05T09:00:00Z", periodStart: "2027-01-05", periodEnd: "2027-06-30" }));
    expect(y2027.number).toMatch(/2027/);
    // amended in 2027, the 2026 order still counts against the initial period, which is full
    const refused = await buildAmendment(t.db, y2026.id, { lines: [["DEVOPS_CONFIRME", "3"]], at: "2027-02-01T09:00:00Z" }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(Refusal);
    expect((refused as Refusal).message).toContain("il reste 0,00\u00a0€ HT sur le montant maximum de la période de l'accord-cadre (période initiale");
    await buildAmendment(t.db, y2027.id, { lines: [["DEVOPS_CONFIRME", "4"]], at: "2027-02-01T09:00:00Z" });
    // no period covers a date: no maximum (a contract whose ceilings are not recorded yet)
    const k2 = await contract();
    await buildIssuedOrder(t.db, order(k2.id, "50"));
  });
});

describe("ceilings' figures and forecast (R17)", () => {
  it("ordered per period and the forecast date agree with an independent computation; DINUM is warned, a correspondent is not", async () => {
    const k = await contract();
    await buildExecutionPeriod(t.db, { contract: k.id, startDate: "2026-01-01", endDate: "2026-12-31", maxHt: "100000.00", lots: { 2: "50000.00" } });
    await buildExecutionPeriod(t.db, { contract: k.id, periodNo: 1, startDate: "2027-01-01", endDate: "2027-12-31", maxHt: "100000.00" });
    const issued: [string, string, number][] = [
      ["2026-01-10", "3", 1],
      ["2026-04-01", "2", 1],
      ["2026-06-01", "1.5", 1],
      ["2026-09-01", "2", 1],
      ["2026-05-01", "0.5", 2],
    ];
    for (const [day, quantity, lot] of issued) await buildIssuedOrder(t.db, order(k.id, quantity, { lot, at: `${day}T09:00:00Z` }));
    const cancelled = await buildIssuedOrder(t.db, order(k.id, "1", { at: "2026-07-01T09:00:00Z" }));
    await buildCancellation(t.db, cancelled.id, { at: "2026-07-02T09:00:00Z" });
    const today = "2026-09-15";
    const rows = await ceilingStatuses(t.db, today, { contractId: k.id });

    // independently: each order's HT from its lines, by issue date (cancelled: 0), in whole cents
    const orders = await t.db
      .selectFrom("purchase_order as po")
      .innerJoin("order_line as ol", "ol.order_id", "po.id")
      .innerJoin("lot as l", "l.id", "po.lot_id")
      .select(["po.id", "po.status", "po.issued_on", "l.number as lot", "ol.amount_ht"])
      .where("po.contract_id", "=", k.id)
      .execute();
    const cents = (v: string) => BigInt(v.replace(".", ""));
    const day = (d: string) => Date.UTC(Number(d.slice(0, 4)), Number(d.slice(5, 7)) - 1, Number(d.slice(8, 10))) / 86_400_000;
    const expected = (from: string, to: string, max: string, lot: number | null) => {
      const mine = orders.filter((o) => o.status !== "cancelled" && o.issued_on! >= from && o.issued_on! <= to && (lot === null || o.lot === lot));
      const ordered = mine.reduce((s, o) => s + cents(o.amount_ht), 0n);
      // window: 16 March 2026 (six months before 15 September, plus one day) to today, 184 days
      const windowDays = BigInt(day(today) - day("2026-03-16") + 1);
      const inWindow = mine.filter((o) => o.issued_on! >= "2026-03-16").reduce((s, o) => s + cents(o.amount_ht), 0n);
      const left = cents(max) - ordered;
      const days = (left * windowDays + inWindow - 1n) / inWindow; // ceiling of a positive quotient
      const date = new Date((day(today) + Number(days)) * 86_400_000).toISOString().slice(0, 10);
      return { ordered: `${ordered / 100n}.${String(ordered % 100n).padStart(2, "0")}`, date };
    };
    const contractRow = rows.find((r) => r.periodNo === 0 && r.lotNumber === null)!;
    const lotRow = rows.find((r) => r.periodNo === 0 && r.lotNumber === 2)!;
    const e = expected("2026-01-01", "2026-12-31", "100000.00", null);
    expect(contractRow).toMatchObject({ orderedHt: e.ordered, forecastDate: e.date, level: "80", beforeEnd: true, current: true });
    expect(e.ordered).toBe("90000.00");
    const el = expected("2026-01-01", "2026-12-31", "50000.00", 2);
    expect(lotRow).toMatchObject({ orderedHt: el.ordered, forecastDate: el.date, level: "ok", beforeEnd: false });
    expect(rows.find((r) => r.periodNo === 1)).toMatchObject({ orderedHt: "0", current: false, forecastDate: null });

    const dinumAlerts = (await listAlerts(t.db, t.actors.dinum, today)).filter((a) => a.href === `/referentiel/contrats/${k.id}/plafonds`);
    expect(dinumAlerts.map((a) => a.kind)).toEqual(["ceiling_80"]);
    expect(dinumAlerts[0].detail).toContain("il reste 10\u202f000,00\u00a0€ HT");
    const corrAlerts = await listAlerts(t.db, t.actors.correspondentA, today);
    expect(corrAlerts.filter((a) => a.kind.startsWith("ceiling"))).toEqual([]);
    const home = await loadDashboard(t.db, t.actors.dinum, today);
    expect(home.ceilings?.some((c) => c.contractId === k.id && c.lotNumber === null)).toBe(true);
    expect((await loadDashboard(t.db, t.actors.correspondentA, today)).ceilings).toBeNull();
  });
});
