// Issue 18 on a database that already holds the demo from before the ceilings: seeding again (each start)
// adds the demo's periods, maxima and closing dates, once.
import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import { ceilingStatuses } from "../../app/domain/ceilings/queries.server";
import { seedAll } from "../../seeds/index";
import { useTestDatabase } from "../helpers/db";

const t = await useTestDatabase();

const counts = async () =>
  (
    await sql<{ periods: string; lots: string; years: string }>`
      SELECT (SELECT count(*) FROM execution_period) AS periods, (SELECT count(*) FROM lot_ceiling) AS lots, (SELECT count(*) FROM budget_year) AS years`.execute(
      t.db,
    )
  ).rows[0];

describe("the demo's ceilings on an existing database", () => {
  it("are added when missing, with one lot near its maximum, and only once", async () => {
    const seeded = await counts();
    expect(Number(seeded.periods)).toBeGreaterThan(0);
    // a database seeded before issue 18: the demo is there (app_meta), its ceilings are not
    await sql`DELETE FROM lot_ceiling; DELETE FROM execution_period; DELETE FROM budget_year`.execute(t.db);
    expect(await counts()).toEqual({ periods: "0", lots: "0", years: "0" });
    expect(await seedAll(t.db)).toEqual({ demoLoaded: false });
    expect(await counts()).toEqual(seeded);
    const near = (await ceilingStatuses(t.db, "2026-11-23")).filter((c) => c.lotNumber === 2 && c.contractReference === "25_BAM_112");
    expect(near).toHaveLength(1);
    expect(Number(near[0].rate)).toBeGreaterThanOrEqual(0.8);
    await seedAll(t.db);
    expect(await counts()).toEqual(seeded);
  });
});
