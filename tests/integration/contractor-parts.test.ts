// Issue 15: a contractor's home, header badge, alerts page and declarations page (its counts) are put together from one part per beneficiary
// (app/lib/versioned-cache.server.ts beneficiaryParts): the national contractor has orders in most beneficiaries,
// so nearly every write anywhere moved its counter and made them sum and forecast its 1,800 orders again. They
// must equal computeHome, countAlerts, alertGroups and computeDeclarationsPage recomputed from scratch after any mix of writes, with few
// open orders (all shown) and with more than OPEN_ORDERS_SHOWN (the flagged first, then the others by end date).
import { describe, expect, it } from "vitest";
import { useTestDatabase } from "../helpers/db";
import { buildContract, buildCorrection, buildDeclaration, buildIssuedOrder, type BuiltOrder } from "../../seeds/factories";
import { rejectDeclaration, validateDeclaration } from "../../app/domain/declarations/services.server";
import { alertCount, alertGroups, alertsPage, countAlerts } from "../../app/domain/alerts/alerts.server";
import { computeHome, homeData, OPEN_ORDERS_SHOWN } from "../../app/domain/dashboard/dashboard.server";
import { computeDeclarationsPage, declarationsPage } from "../../app/domain/declarations/queries.server";
import { demoAccounts } from "../../seeds/accounts";
import type { Db } from "../../db/client";
import type { SessionUser } from "../../app/auth/user";

const t = await useTestDatabase();
const TODAY = "2026-11-23";

/** What a contractor's pages show, as served (from the parts) and as computed directly over its whole scope. */
async function pages(db: Db, user: SessionUser, day: string) {
  const direct = await db
    .transaction()
    .setIsolationLevel("repeatable read")
    .execute((trx) => computeHome(trx, user, 1, day));
  const json = (x: unknown) => JSON.parse(JSON.stringify(x));
  const declarations = { declare: 1, validate: 1, recent: 1, size: 5 };
  return {
    kept: json({
      home: await homeData(db, user, 1, day),
      badge: await alertCount(db, user, day),
      alerts: await alertsPage(db, user, 3, day),
      declarations: await declarationsPage(db, user, {}, null, declarations, day),
    }),
    direct: json({
      home: direct,
      badge: await countAlerts(db, user, day),
      alerts: await alertGroups(db, user, 3, day),
      declarations: await computeDeclarationsPage(db, user, {}, null, declarations, day),
    }),
  };
}

describe("a contractor's home, badge, alerts and declarations from one part per beneficiary", () => {
  it("equal the whole computation after a random mix of writes in several beneficiaries, with few and with many open orders", async () => {
    const { contractorB, correspondentA: corrA, correspondentB: corrB } = t.actors;
    const k = await buildContract(t.db, { holders: [{ contractor: contractorB.contractorId!, prices: {} }] });
    const ends = ["2026-12-31", "2026-12-10", "2027-03-31", "2026-12-20", "2027-01-15"];
    const orders: BuiltOrder[] = [];
    const order = async (i: number) =>
      orders.push(
        await buildIssuedOrder(t.db, {
          as: i % 2 === 0 ? demoAccounts.correspondentA : demoAccounts.correspondentB,
          contract: k.id,
          contractor: contractorB.contractorId!,
          // a third starting in December: not under-consumed yet, so not flagged (the others are shown after the flagged)
          periodStart: ["2026-02-01", "2026-06-01", "2026-12-01"][i % 3],
          periodEnd: ends[i % ends.length],
          lines: [["PM", i % 4 === 0 ? "1" : "2"]],
        }),
      );
    for (let i = 0; i < 6; i++) await order(i);
    expect(new Set(orders.map((o) => o.beneficiaryId)).size).toBe(2);

    let seed = 15;
    const rand = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const months = ["2026-06-01", "2026-07-01", "2026-08-01", "2026-09-01", "2026-10-01"];
    const writes = async (n: number) => {
      for (let i = 0; i < n; i++) {
        const declarable = orders.filter((_, i) => i % 3 !== 2); // those whose period holds June to October
        const o = declarable[Math.floor(rand() * declarable.length)];
        const month = months[Math.floor(rand() * months.length)];
        const d = await t.db
          .selectFrom("declaration")
          .select(["id", "status"])
          .where("order_id", "=", o.id)
          .where("month", "=", month)
          .orderBy("id", "desc")
          .executeTakeFirst();
        const issuer = o.beneficiaryId === corrA.beneficiaryId ? corrA : corrB;
        if (!d) {
          const status = (["submitted", "validated", "rejected"] as const)[Math.floor(rand() * 3)];
          await buildDeclaration(t.db, o.id, { month, status, lines: [{ orderLineId: o.lines[0].id, days: rand() < 0.5 ? "1" : "4" }] });
        } else if (d.status === "submitted")
          await (rand() < 0.5 ? validateDeclaration(t.db, issuer, d.id) : rejectDeclaration(t.db, issuer, d.id, "Jours à revoir"));
        else if (d.status === "validated") await buildCorrection(t.db, d.id, { status: rand() < 0.5 ? "submitted" : "validated" });
      }
    };

    // few open orders: all of them shown
    for (let round = 0; round < 2; round++) {
      await writes(4);
      for (const day of [TODAY, "2027-02-10"]) {
        const p = await pages(t.db, contractorB, day);
        expect({ round, day, p: p.kept }).toEqual({ round, day, p: p.direct });
      }
    }
    // more open orders than shown: the flagged first, then the others, picked among both beneficiaries' parts
    for (let i = 6; i < OPEN_ORDERS_SHOWN + 8; i++) await order(i);
    for (let round = 0; round < 2; round++) {
      await writes(4);
      const p = await pages(t.db, contractorB, TODAY);
      expect({ round, p: p.kept }).toEqual({ round, p: p.direct });
      expect(p.kept.home.dashboard.openCount).toBeGreaterThan(OPEN_ORDERS_SHOWN);
      expect(p.kept.home.dashboard.forecasts).toHaveLength(OPEN_ORDERS_SHOWN);
      expect(p.kept.home.dashboard.flaggedCount).toBeGreaterThan(0);
      expect(p.kept.home.dashboard.flaggedCount).toBeLessThan(OPEN_ORDERS_SHOWN);
    }
  });
});
