// Dashboards agree with the database and with the consolidated workbook; forecasts per order; /stats.
import { describe, expect, it } from "vitest";
import { sql } from "kysely";
import { useTestDatabase, sessionUser, accounts } from "../helpers/db";
import { dec, sum } from "../../app/lib/decimal";
import { budgetPerYear, loadDashboard, orderBurnDown, productBurnDown } from "../../app/domain/dashboard/dashboard.server";
import { budgetByYear, summaryByBeneficiary } from "../../reports/consolidated/queries.server";
import { toSummaryRow } from "../../reports/consolidated/model";
import { resolveFilters } from "../../reports/consolidated/filters";
import { publicStats } from "../../app/domain/stats/stats.server";

const t = await useTestDatabase();

const TODAY = "2026-11-23";

describe("DINUM dashboard", () => {
  it("per contract, beneficiary and contractor, totals equal the database", async () => {
    const dinum = await sessionUser(t.db, accounts.dinum);
    const d = await loadDashboard(t.db, dinum, TODAY);
    // R13: an issued order counts what it orders, a closed one what it consumed
    const {
      rows: [db],
    } = await sql<{ ttc: string; days: string; orders: string }>`
      SELECT sum(CASE WHEN po.status = 'closed' THEN c.ht + round(c.ht * po.vat_rate, 2) ELSE po.total_ttc END) AS ttc,
        sum(CASE WHEN po.status = 'closed' THEN c.days ELSE c.ordered END) AS days, count(*) AS orders
      FROM purchase_order po
      CROSS JOIN LATERAL (SELECT sum(ol.consumed_ht) AS ht, sum(ol.consumed_days) AS days, sum(ol.quantity * 20) AS ordered FROM order_line ol WHERE ol.order_id = po.id) c
      WHERE po.status IN ('issued','closed')`.execute(t.db);
    for (const rows of [d.contracts!, d.beneficiaries!]) {
      expect(sum(rows.map((r) => r.figures.orderedTtc)).toFixed(2)).toBe(dec(db.ttc).toFixed(2));
      expect(sum(rows.map((r) => r.figures.orderedDays)).toFixed(1)).toBe(dec(db.days).toFixed(1));
    }
    expect(sum(d.shares!.map((s) => s.orders)).toString()).toBe(db.orders);
    expect(
      sum(d.shares!.map((s) => s.orderShare))
        .toDecimalPlaces(2)
        .toString(),
    ).toBe("1");
    expect(sum(d.mix!.map((s) => s.days)).toFixed(1)).toBe(dec(db.days).toFixed(1));
    // every contract with an issued or closed order, by reference (the demo's two, plus the scale data's third in scale mode)
    const { rows: refs } = await sql<{ reference: string }>`SELECT DISTINCT k.reference FROM purchase_order po JOIN contract k ON k.id = po.contract_id
      WHERE po.status IN ('issued','closed') ORDER BY k.reference`.execute(t.db);
    expect(refs.map((r) => r.reference)).toEqual(expect.arrayContaining(["21_BAM_048", "25_BAM_112"]));
    expect(d.contracts!.map((c) => c.label)).toEqual(refs.map((r) => r.reference));
  });

  it("the dashboard's per-beneficiary figures are the workbook's summary sheet, row by row", async () => {
    const dinum = await sessionUser(t.db, accounts.dinum);
    const screen = (await loadDashboard(t.db, dinum, TODAY)).beneficiaries!;
    const sheet = (await summaryByBeneficiary(t.db, dinum, resolveFilters({}))).map(toSummaryRow);
    expect(sheet.map((r) => r.beneficiary)).toEqual(screen.map((r) => r.label));
    for (const [i, r] of sheet.entries()) {
      expect([r.orders, r.orderedDays, r.orderedTtc, r.consumedDays, r.consumedTtc, r.pendingDays, r.remainingDays, r.remainingTtc, r.consumptionRate]).toEqual(
        [
          screen[i].orders,
          screen[i].figures.orderedDays,
          screen[i].figures.orderedTtc,
          screen[i].figures.consumedDays,
          screen[i].figures.consumedTtc,
          screen[i].figures.pendingDays,
          screen[i].figures.remainingDays,
          screen[i].figures.remainingTtc,
          screen[i].figures.consumptionRate,
        ],
      );
    }
  });

  it("AE/CP per year are the workbook's AE-CP sheet summed per year", async () => {
    const dinum = await sessionUser(t.db, accounts.dinum);
    const perYear = await budgetPerYear(t.db, dinum);
    const sheet = await budgetByYear(t.db, dinum, resolveFilters({}));
    for (const y of perYear) {
      const rows = sheet.filter((r) => r.year === y.year);
      expect(y.cp).toBe(sum(rows.map((r) => r.cp)).toFixed(2));
    }
    // AE of each year recomputed (R11): issues (revision 0) + amendments (difference with the previous
    // revision, year of effect) − cancellations − releases by closing. In the demo data: 2025 is four issues; 2026 adds the Nata
    // amendment and takes back the cancelled SignalConso order.
    const aeOf = async (year: number) =>
      (
        await sql<{ s: string }>`
      SELECT (SELECT coalesce(sum(r.total_ttc), 0) FROM order_revision r JOIN purchase_order po ON po.id = r.order_id WHERE r.revision_no = 0 AND extract(year FROM po.issued_on) = ${year})
        + (SELECT coalesce(sum(r1.total_ttc - r0.total_ttc), 0) FROM order_revision r1 JOIN order_revision r0 ON r0.order_id = r1.order_id AND r0.revision_no = r1.revision_no - 1 WHERE extract(year FROM r1.effective_on) = ${year})
        - (SELECT coalesce(sum(total_ttc), 0) FROM purchase_order WHERE status = 'cancelled' AND extract(year FROM cancelled_at AT TIME ZONE 'Europe/Paris') = ${year})
        -- R11/R13: a closing releases its order's TTC minus the TTC of what it consumed, in the year it happens
        - (SELECT coalesce(sum(po.total_ttc - (c.ht + round(c.ht * po.vat_rate, 2))), 0) FROM purchase_order po
            CROSS JOIN LATERAL (SELECT sum(ol.consumed_ht) AS ht FROM order_line ol WHERE ol.order_id = po.id) c
            WHERE po.status = 'closed' AND extract(year FROM po.closed_at AT TIME ZONE 'Europe/Paris') = ${year}) AS s`.execute(t.db)
      ).rows[0].s;
    expect(perYear.map((y) => y.year)).toEqual(expect.arrayContaining([2025, 2026]));
    for (const y of perYear) expect(y.ae, `AE ${y.year}`).toBe(dec(await aeOf(y.year)).toFixed(2));
  });
});

describe("correspondent and contractor dashboards", () => {
  it("a correspondent sees its products and its open orders with forecasts", async () => {
    const a = await sessionUser(t.db, accounts.correspondentA);
    const d = await loadDashboard(t.db, a, TODAY);
    expect(d.contracts).toBeNull();
    expect(d.products!.length).toBeGreaterThan(0);
    const productIds = d.products!.map((p) => p.id!);
    const owners = await t.db.selectFrom("product").select("beneficiary_id").where("id", "in", productIds).execute();
    expect(new Set(owners.map((o) => o.beneficiary_id))).toEqual(new Set([a.beneficiaryId]));
    expect(d.forecasts.every((f) => f.status === "issued")).toBe(true);
    expect(d.forecasts.length).toBeGreaterThan(0);
  });

  it("a contractor gets only its own orders' forecasts, and burn-downs of others are out of scope", async () => {
    const c = await sessionUser(t.db, accounts.contractorA);
    const d = await loadDashboard(t.db, c, TODAY);
    const ids = d.forecasts.map((f) => f.id);
    const rows = await t.db.selectFrom("purchase_order").select("contractor_id").where("id", "in", ids).execute();
    expect(new Set(rows.map((r) => r.contractor_id))).toEqual(new Set([c.contractorId]));
    const other = await t.db
      .selectFrom("purchase_order")
      .select("id")
      .where("contractor_id", "<>", c.contractorId!)
      .where("status", "=", "issued")
      .executeTakeFirstOrThrow();
    expect(await orderBurnDown(t.db, c, other.id, TODAY)).toBeNull();
    expect(await orderBurnDown(t.db, c, ids[0], TODAY)).not.toBeNull();
  });

  it("an order's burn-down ends at its consumed days; a product's sums its orders", async () => {
    const dinum = await sessionUser(t.db, accounts.dinum);
    // the demo's Nata order (EJ 1300480412); in scale mode the product has generated orders too
    const nata = await t.db
      .selectFrom("purchase_order as po")
      .innerJoin("product as p", "p.id", "po.product_id")
      .where("p.name", "=", "Nata")
      .where("po.ej_number", "=", "1300480412")
      .select(["po.id", "p.id as pid"])
      .executeTakeFirstOrThrow();
    const b = (await orderBurnDown(t.db, dinum, nata.id, TODAY))!;
    const {
      rows: [c],
    } = await sql<{
      d: string;
    }>`SELECT sum(dl.delta_days) AS d FROM declaration_line dl JOIN declaration d ON d.id = dl.declaration_id WHERE dl.order_id = ${nata.id} AND d.status = 'validated' AND d.month <= ${TODAY}::date`.execute(
      t.db,
    );
    const lastConsumed = b.forecast.series.filter((p) => p.consumed !== null).at(-1)!;
    expect(lastConsumed.consumed).toBe(dec(c.d).toFixed(1));
    expect(b.forecast.burnRate).not.toBeNull();
    const {
      rows: [all],
    } = await sql<{ d: string }>`SELECT coalesce(sum(dl.delta_days), 0) AS d FROM declaration_line dl JOIN declaration d ON d.id = dl.declaration_id
      JOIN purchase_order po ON po.id = dl.order_id WHERE po.product_id = ${nata.pid} AND po.status IN ('issued','closed') AND d.status = 'validated'`.execute(
      t.db,
    );
    const p = (await productBurnDown(t.db, dinum, nata.pid, TODAY))!;
    expect(p.burnDown!.forecast.consumedDays).toBe(dec(all.d).toFixed(1));
  });
});

describe("/stats", () => {
  it("aggregates only, no names", async () => {
    const s = await publicStats(t.db);
    const {
      rows: [k],
    } = await sql<{ n: string }>`SELECT count(*) AS n FROM contract`.execute(t.db);
    expect(s.contracts).toBe(Number(k.n));
    expect(s.contracts).toBeGreaterThanOrEqual(2);
    expect(s.products).toBeGreaterThan(10);
    expect(s.phases.reduce((n, p) => n + p.products, 0)).toBe(s.products);
    expect(s.validatedDeclarations).toBeGreaterThan(0);
    const ordered = s.years.reduce((acc, y) => acc.plus(y.orderedDays), dec(0));
    expect(s.workUnits.reduce((acc, w) => acc.plus(w.days), dec(0)).toFixed(1)).toBe(ordered.toFixed(1));
    expect(JSON.stringify(s)).not.toMatch(/Octopus|Faiseurs|@/);
  });
});
