// The dashboard's forecast tables read only the burn window's months and the totals kept on order lines
// (issue 8); they must give exactly the forecast computed from every month of every order.
import { describe, expect, it } from "vitest";
import { useTestDatabase, accounts, sessionUser } from "../helpers/db";
import { monthlyDays, orderForecasts } from "../../app/domain/dashboard/queries.server";
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
});
