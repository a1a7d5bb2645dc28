// The dashboard's forecast tables read only the burn window's months and the totals kept on order lines
// (issue 8); they must give exactly the forecast computed from every month of every order.
import { describe, expect, it } from "vitest";
import { useTestDatabase, accounts, sessionUser } from "../helpers/db";
import { monthlyDays, orderForecasts } from "../../app/domain/dashboard/queries.server";
import { loadDashboard, OPEN_ORDERS_SHOWN } from "../../app/domain/dashboard/dashboard.server";
import { buildContract, buildDeclaration, buildIssuedOrder } from "../../seeds/factories";
import { forecast } from "../../app/domain/forecast/forecast";

const t = await useTestDatabase();

describe("forecast tables", () => {
  it.each(["2026-11-23", "2026-06-02", "2026-01-15", "2027-03-10"])("equal the full computation for every order on %s", async (today) => {
    const dinum = await sessionUser(t.db, accounts.dinum);
    const tables = await orderForecasts(t.db, dinum, today);
    expect(tables.length).toBeGreaterThan(5);
    const all = await monthlyDays(
      t.db,
      tables.map((o) => o.id),
    );
    for (const o of tables) {
      const { series, ...full } = forecast({
        orderedDays: o.orderedDays,
        periodStart: o.periodStart,
        periodEnd: o.periodEnd,
        today,
        months: all.get(o.id) ?? [],
        open: o.status === "issued",
        withSeries: false,
      });
      void series;
      expect(o.forecast, `order ${o.number}`).toEqual(full);
    }
  });

  it("follow a new declaration (each order's forecast is kept with its inputs, never past them)", async () => {
    const dinum = await sessionUser(t.db, accounts.dinum);
    const today = "2026-11-23";
    const order = await buildIssuedOrder(t.db, { periodStart: "2026-06-01", periodEnd: "2026-12-31", lines: [["PM", "2"]] });
    const before = (await orderForecasts(t.db, dinum, today)).find((o) => o.id === order.id)!;
    await buildDeclaration(t.db, order.id, { month: "2026-10-01", status: "validated", lines: [{ orderLineId: order.lines[0].id, days: "12" }] });
    const after = (await orderForecasts(t.db, dinum, today)).find((o) => o.id === order.id)!;
    expect(after.forecast.consumedDays).toBe("12.0");
    expect(after.forecast.burnRate).not.toBe(before.forecast.burnRate);
  });

  it("a home with many open orders shows the flagged first, then the others by end date, OPEN_ORDERS_SHOWN of them", async () => {
    const contractor = await sessionUser(t.db, accounts.contractorB);
    const k = await buildContract(t.db, { holders: [{ contractor: contractor.contractorId!, prices: {} }] });
    for (let i = 0; i < OPEN_ORDERS_SHOWN; i++)
      await buildIssuedOrder(t.db, {
        contract: k.id,
        contractor: contractor.contractorId!,
        periodStart: "2026-01-01",
        periodEnd: "2026-12-31",
        lines: [["PM", "1"]],
      });
    const today = "2026-11-23";
    const all = await orderForecasts(t.db, contractor, today, { openOnly: true });
    expect(all.length).toBeGreaterThan(OPEN_ORDERS_SHOWN);
    const home = await loadDashboard(t.db, contractor, today);
    expect(home.openCount).toBe(all.length);
    expect(home.forecasts).toHaveLength(OPEN_ORDERS_SHOWN);
    const isFlagged = (f: (typeof all)[number]) => f.forecast.overRun || f.forecast.underConsumption || f.forecast.endedWithRemaining;
    const flagged = all.filter(isFlagged).length;
    expect(flagged).toBeGreaterThan(0); // 50 orders with nothing declared by November: under-consumption
    expect(home.forecasts.slice(0, Math.min(flagged, OPEN_ORDERS_SHOWN)).every(isFlagged)).toBe(true);
  });
});
