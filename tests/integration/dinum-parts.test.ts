// Issue 15: DINUM's header badge (on every one of its pages), its home, its alerts page and its order list's totals are summed from per-beneficiary
// parts, each kept until a write in its beneficiary's scope (app/lib/versioned-cache.server.ts
// beneficiaryParts). They must equal countAlerts and computeHome recomputed from scratch after any mix of
// writes, and a write in one beneficiary's scope must recompute that beneficiary's part only.
import { describe, expect, it } from "vitest";
import { sql } from "kysely";
import { useTestDatabase } from "../helpers/db";
import { hiddenMissingMonth } from "../helpers/hidden-changes";
import { buildCorrection, buildDeclaration, buildIssuedOrder } from "../../seeds/factories";
import { rejectDeclaration, validateDeclaration } from "../../app/domain/declarations/services.server";
import { setEnvelope } from "../../app/domain/envelopes/services.server";
import { alertCount, alertGroups, alertsPage, countAlerts, countAlertsByBeneficiary } from "../../app/domain/alerts/alerts.server";
import { demoAccounts } from "../../seeds/accounts";
import { computeHome, homeData } from "../../app/domain/dashboard/dashboard.server";
import { listOrders, orderListPage, type OrderFilters } from "../../app/domain/orders/queries.server";
import type { Db } from "../../db/client";
import type { SessionUser } from "../../app/auth/user";

const t = await useTestDatabase();
const TODAY = "2026-11-23";

/** countAlertsByBeneficiary as alertCount runs it: in a repeatable-read snapshot. */
const byParts = (db: Db, user: SessionUser, day: string) =>
  db
    .transaction()
    .setIsolationLevel("repeatable read")
    .execute((trx) => countAlertsByBeneficiary(trx, user, day));

/** DINUM's alerts page as alertsPage serves it (from the parts), and as alertGroups computes it over the whole contract. */
async function alertPages(db: Db, user: SessionUser, shown: number, day: string) {
  const kept = await alertsPage(db, user, shown, day);
  const direct = await alertGroups(db, user, shown, day);
  return { kept: JSON.parse(JSON.stringify(kept)), direct: JSON.parse(JSON.stringify(direct)) };
}

/** DINUM's order list as orderListPage serves it (its totals from the parts), and as listOrders computes it, for each of its filters on one column. */
async function orderLists(db: Db, user: SessionUser, day: string) {
  const some = await db.selectFrom("purchase_order").select(["contractor_id", "contract_id", "product_id"]).orderBy("id", "desc").executeTakeFirstOrThrow();
  const filters: OrderFilters[] = [
    { page: 1 },
    { page: 2, sort: "number", dir: "asc" },
    { status: "issued" },
    { status: "cancelled" },
    { contractorId: some.contractor_id },
    { contractId: some.contract_id },
    { productId: some.product_id },
    { productId: 2147483647 },
    { status: "issued", contractorId: some.contractor_id },
  ];
  const kept = [];
  const direct = [];
  for (const f of filters) {
    kept.push((await orderListPage(db, user, f, day)).orders);
    direct.push(await listOrders(db, user, f, day));
  }
  return { kept: JSON.parse(JSON.stringify(kept)), direct: JSON.parse(JSON.stringify(direct)) };
}

/** DINUM's home as homeData serves it, and as computed directly over the whole contract. */
async function homes(db: Db, user: SessionUser, day: string) {
  const kept = await homeData(db, user, 1, day);
  const direct = await db
    .transaction()
    .setIsolationLevel("repeatable read")
    .execute((trx) => computeHome(trx, user, 1, day));
  return { kept: JSON.parse(JSON.stringify(kept)), direct: JSON.parse(JSON.stringify(direct)) };
}

describe("DINUM's badge and home from its beneficiaries' parts", () => {
  it("equals countAlerts after a random mix of submissions, validations, rejections and corrections in several scopes", async () => {
    const { dinum, correspondentA: corrA } = t.actors;
    for (const day of [TODAY, "2026-10-04", "2027-02-10"])
      expect({ day, n: await byParts(t.db, dinum, day) }).toEqual({ day, n: await countAlerts(t.db, dinum, day) });

    // a fixed pseudo-random sequence of writes through the use cases, in A's and B's scopes
    let seed = 15;
    const rand = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const orders = [
      await buildIssuedOrder(t.db, { periodStart: "2026-02-01", periodEnd: "2026-12-31", lines: [["PM", "2"]] }),
      await buildIssuedOrder(t.db, { as: demoAccounts.correspondentB, periodStart: "2026-03-01", periodEnd: "2026-12-15", lines: [["PM", "2"]] }),
      await buildIssuedOrder(t.db, { as: demoAccounts.correspondentB, periodStart: "2026-06-01", periodEnd: "2026-12-10", lines: [["PM", "1"]] }),
    ];
    expect(orders[0].beneficiaryId).toBe(corrA.beneficiaryId);
    expect(orders[1].beneficiaryId).not.toBe(corrA.beneficiaryId);
    // R17: envelopes of 2026, A's exceeded (DINUM's home lists it), B's not
    await setEnvelope(t.db, corrA, { year: 2026, aeTtc: "1.00" });
    await setEnvelope(t.db, t.actors.correspondentB, { year: 2026, aeTtc: "900000000.00" });
    await alertCount(t.db, dinum, TODAY); // parts kept from here on
    expect((await homeData(t.db, dinum, 1, TODAY)).dashboard.envelopes.map((e) => e.beneficiaryId)).toEqual([corrA.beneficiaryId]);
    const months = ["2026-06-01", "2026-07-01", "2026-08-01", "2026-09-01", "2026-10-01"];
    for (let i = 0; i < 10; i++) {
      const order = orders[Math.floor(rand() * orders.length)];
      const month = months[Math.floor(rand() * months.length)];
      const taken = await t.db.selectFrom("declaration").select("id").where("order_id", "=", order.id).where("month", "=", month).executeTakeFirst();
      if (taken) {
        const d = await t.db
          .selectFrom("declaration")
          .select(["id", "status"])
          .where("order_id", "=", order.id)
          .where("month", "=", month)
          .orderBy("id", "desc")
          .executeTakeFirstOrThrow();
        const issuer = order.beneficiaryId === corrA.beneficiaryId ? corrA : t.actors.correspondentB;
        if (d.status === "submitted") await (rand() < 0.5 ? validateDeclaration(t.db, issuer, d.id) : rejectDeclaration(t.db, issuer, d.id, "Jours à revoir"));
        else if (d.status === "validated") await buildCorrection(t.db, d.id, { status: rand() < 0.5 ? "submitted" : "validated" });
      } else {
        const status = (["submitted", "validated", "rejected"] as const)[Math.floor(rand() * 3)];
        await buildDeclaration(t.db, order.id, { month, status, lines: [{ orderLineId: order.lines[0].id, days: "1" }] });
      }
      for (const day of [TODAY, "2027-02-10"]) {
        expect({ i, day, n: await alertCount(t.db, dinum, day) }).toEqual({ i, day, n: await countAlerts(t.db, dinum, day) });
        // the alerts page: the counts and the first 3 of each kind, put together from the parts' first 3
        const page = await alertPages(t.db, dinum, 3, day);
        expect({ i, day, page: page.kept }).toEqual({ i, day, page: page.direct });
      }
      if (i % 3 === 2) {
        const lists = await orderLists(t.db, dinum, TODAY);
        expect({ i, lists: lists.kept }).toEqual({ i, lists: lists.direct });
      }
    }
    // the lists were cut: the merge picked among several beneficiaries' firsts
    const page = await alertsPage(t.db, dinum, 3, TODAY);
    expect(page.byKind.missing_declaration.total).toBeGreaterThan(3);
    expect(new Set(page.byKind.missing_declaration.items.map((a) => a.orderId)).size).toBeGreaterThan(1);
  });

  it("a write in A's scope recounts A's part and serves B's from memory", async () => {
    const { dinum, correspondentA: corrA } = t.actors;
    const order = await buildIssuedOrder(t.db, { periodStart: "2026-02-01", periodEnd: "2026-12-31", lines: [["PM", "1"]] });
    const { id } = await buildDeclaration(t.db, order.id, { month: "2026-03-01", status: "submitted", lines: [{ orderLineId: order.lines[0].id, days: "2" }] });
    const before = await alertCount(t.db, dinum, TODAY);
    expect(before).toBe(await countAlerts(t.db, dinum, TODAY));
    const home = await homes(t.db, dinum, TODAY);
    expect(home.kept).toEqual(home.direct);
    const alerts = await alertPages(t.db, dinum, 100, TODAY);
    expect(alerts.kept).toEqual(alerts.direct);
    const list = await orderListPage(t.db, dinum, { page: 1 }, TODAY);
    expect(list.orders).toEqual(await listOrders(t.db, dinum, { page: 1 }, TODAY));

    // a change in B's rows that moves no data version (triggers off, as the scale generator loads): one more
    // missing month for whoever counts B's alerts again
    await hiddenMissingMonth(t.db, t.actors.correspondentB.beneficiaryId!, TODAY, async (trx, id) => {
      // and one more consumed day in the sums kept for that order (what the home's figures read)
      await sql`UPDATE order_totals SET consumed_days = consumed_days + 1 WHERE order_id = (SELECT order_id FROM declaration WHERE id = ${id})`.execute(trx);
    });
    expect(await countAlerts(t.db, dinum, TODAY)).toBe(before + 1);
    const ofB = (h: typeof home.kept) => h.dashboard.beneficiaries.find((g: { id: number }) => g.id === t.actors.correspondentB.beneficiaryId);
    const bBefore = ofB(home.kept);

    // A's correspondent validates A's declaration: DINUM's badge is counted again (one declaration less to
    // validate), and its home, with B's parts from memory (its hidden change not seen)
    await validateDeclaration(t.db, corrA, id);
    expect(await alertCount(t.db, dinum, TODAY)).toBe(before - 1);
    const afterA = await homes(t.db, dinum, TODAY);
    expect(ofB(afterA.kept)).toEqual(bBefore);
    expect(ofB(afterA.direct)).not.toEqual(bBefore);
    expect(afterA.kept.totals.figures.consumedDays).not.toBe(home.kept.totals.figures.consumedDays); // A's validation counted
    // the alerts page likewise: A's declaration no longer to validate, B's hidden missing month not seen
    const alertsAfterA = await alertPages(t.db, dinum, 100, TODAY);
    const n = (p: typeof alerts.kept, kind: string) => p.byKind[kind].total;
    expect(n(alertsAfterA.kept, "pending_validation")).toBe(n(alerts.kept, "pending_validation") - 1);
    expect(n(alertsAfterA.kept, "missing_declaration")).toBe(n(alerts.kept, "missing_declaration"));
    expect(n(alertsAfterA.direct, "missing_declaration")).toBe(n(alerts.kept, "missing_declaration") + 1);
    // and the order list's totals: A's validated days counted, B's hidden day not
    const listAfterA = (await orderListPage(t.db, dinum, { page: 1 }, TODAY)).orders.totals.figures;
    const listDirect = (await listOrders(t.db, dinum, { page: 1 }, TODAY)).totals.figures;
    expect(Number(listAfterA.consumedDays)).toBe(Number(list.orders.totals.figures.consumedDays) + 2);
    expect(Number(listDirect.consumedDays)).toBe(Number(listAfterA.consumedDays) + 1);

    // a write in B's scope (its product renamed to itself) moves B's version: B's part is counted again
    await t.db
      .updateTable("product")
      .set({ name: sql`name` })
      .where("beneficiary_id", "=", t.actors.correspondentB.beneficiaryId!)
      .execute();
    expect(await alertCount(t.db, dinum, TODAY)).toBe(before);
    expect(await alertCount(t.db, dinum, TODAY)).toBe(await countAlerts(t.db, dinum, TODAY));
    const afterB = await homes(t.db, dinum, TODAY);
    expect(afterB.kept).toEqual(afterB.direct);
    const alertsAfterB = await alertPages(t.db, dinum, 100, TODAY);
    expect(alertsAfterB.kept).toEqual(alertsAfterB.direct);
    const listsAfterB = await orderLists(t.db, dinum, TODAY);
    expect(listsAfterB.kept).toEqual(listsAfterB.direct);
  });
});
