// The scale generator (seeds/scale.ts: `npm run seed:scale`, the benchmark, PILOTAGE_TEST_SCALE) loads in
// replica mode, triggers off, then recomputes what the triggers keep. Run at a small factor on the demo data:
// it must complete (it stopped on a function the invoices merge had dropped) and leave the kept totals equal
// to a recomputation from the lines.
import { describe, expect, it } from "vitest";
import { sql } from "kysely";
import { useTestDatabase } from "../helpers/db";
import { seedScale } from "../../seeds/scale";
import { dataVersion } from "../../app/lib/versioned-cache.server";

const t = await useTestDatabase();

describe("scale generator", () => {
  it("loads a small factor and leaves the running totals and order_totals equal to the recomputation", async () => {
    const before = await dataVersion(t.db);
    const orders = Number((await sql<{ n: string }>`SELECT count(*) AS n FROM purchase_order`.execute(t.db)).rows[0].n);
    const summary = await seedScale(t.db, 0.02);
    expect(summary.orders).toBeGreaterThan(orders);
    expect(await dataVersion(t.db)).toBeGreaterThan(before); // running servers recompute their cached pages
    const { rows } = await sql<{ lines: string; orders: string }>`
      WITH declared AS (
        SELECT dl.order_line_id, coalesce(sum(dl.delta_days) FILTER (WHERE d.status = 'validated'), 0) AS c,
          coalesce(sum(dl.consumed_amount) FILTER (WHERE d.status = 'validated'), 0) AS a,
          coalesce(sum(dl.delta_days) FILTER (WHERE d.status = 'submitted'), 0) AS p
        FROM declaration_line dl JOIN declaration d ON d.id = dl.declaration_id GROUP BY 1),
      lines AS (
        SELECT order_id, sum(ordered_days) AS od, sum(amount_ht) AS oh, sum(consumed_days) AS cd, sum(consumed_ht) AS ch, sum(pending_days) AS pd
        FROM order_line GROUP BY order_id)
      SELECT
        (SELECT count(*) FROM order_line ol LEFT JOIN declared x ON x.order_line_id = ol.id
          WHERE (ol.consumed_days, ol.consumed_ht, ol.pending_days) IS DISTINCT FROM (coalesce(x.c, 0), coalesce(x.a, 0), coalesce(x.p, 0))) AS lines,
        (SELECT count(*) FROM purchase_order po LEFT JOIN order_totals ot ON ot.order_id = po.id LEFT JOIN lines l ON l.order_id = po.id
          WHERE ot.order_id IS NULL OR (ot.ordered_days, ot.amount_ht, ot.consumed_days, ot.consumed_ht, ot.pending_days)
            IS DISTINCT FROM (coalesce(l.od, 0), coalesce(l.oh, 0), coalesce(l.cd, 0), coalesce(l.ch, 0), coalesce(l.pd, 0))) AS orders`.execute(t.db);
    expect(rows[0]).toEqual({ lines: "0", orders: "0" });
  });
});
