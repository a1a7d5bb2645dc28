// Issue 15: what migration 2026_12_03_2000 keeps in the writing transaction. (1) `order_totals`,
// the sums of each order's lines, must equal a recomputation
// from the order lines and the declaration lines after any mix of writes through the use cases. (2) Data
// versions per scope: a write in one beneficiary's scope leaves the other beneficiaries' (and uninvolved
// contractors') cached pages warm, moves its own and DINUM's, and a write to reference data moves everyone's.
import { describe, expect, it } from "vitest";
import { sql } from "kysely";
import { useTestDatabase, accounts, sessionUser } from "../helpers/db";
import {
  buildAmendment,
  buildCancellation,
  buildClosing,
  buildCorrection,
  buildDeclaration,
  buildDraftOrder,
  buildInvoice,
  buildInvoiceMove,
  buildIssuedOrder,
} from "../../seeds/factories";
import { deleteDraft } from "../../app/domain/orders/services.server";
import { dataVersion } from "../../app/lib/versioned-cache.server";
import { dataScope } from "../../app/auth/scope.server";
import { homeData } from "../../app/domain/dashboard/dashboard.server";
import { orderListPage, orderPage } from "../../app/domain/orders/queries.server";
import { countAlerts, listAlerts } from "../../app/domain/alerts/alerts.server";
import { figuresBy, figuresByEach } from "../../app/domain/dashboard/queries.server";

const t = await useTestDatabase();
const TODAY = "2026-11-23";

/** Orders whose kept sums differ from the sums recomputed from their lines and declaration lines. */
async function offTotals() {
  const { rows } = await sql<{ id: number }>`
    WITH lines AS (SELECT order_id, sum(quantity * 20) AS od, sum(amount_ht) AS oh FROM order_line GROUP BY order_id),
      declared AS (
        SELECT dl.order_id,
          sum(dl.delta_days) FILTER (WHERE d.status = 'validated') AS cd,
          sum(dl.consumed_amount) FILTER (WHERE d.status = 'validated') AS ch,
          sum(dl.delta_days) FILTER (WHERE d.status = 'submitted') AS pd
        FROM declaration_line dl JOIN declaration d ON d.id = dl.declaration_id GROUP BY dl.order_id)
    SELECT po.id FROM purchase_order po
      LEFT JOIN lines l ON l.order_id = po.id
      LEFT JOIN declared x ON x.order_id = po.id
      LEFT JOIN order_totals t ON t.order_id = po.id
    WHERE t.order_id IS NULL
      OR (t.ordered_days, t.amount_ht, t.consumed_days, t.consumed_ht, t.pending_days) IS DISTINCT FROM
         (coalesce(l.od, 0), coalesce(l.oh, 0), coalesce(x.cd, 0), coalesce(x.ch, 0), coalesce(x.pd, 0))
    UNION ALL SELECT order_id FROM order_totals WHERE order_id NOT IN (SELECT id FROM purchase_order)`.execute(t.db);
  return rows.map((r) => r.id);
}

const totalsOf = (id: number) => t.db.selectFrom("order_totals").selectAll().where("order_id", "=", id).executeTakeFirstOrThrow();
const people = (days: string) => [{ name: "Ada Lovelace", days }];

describe("order_totals", () => {
  it("equal the sums recomputed from the order and declaration lines after submissions, validations, rejections, corrections, amendments, cancellations and closings", async () => {
    expect(await offTotals()).toEqual([]); // the demo data, as migrated and seeded
    const period = { periodStart: "2026-02-01", periodEnd: "2026-12-31" };
    const a = await buildIssuedOrder(t.db, {
      ...period,
      lines: [
        ["DEVOPS_SENIOR", "2"],
        ["PM", "1"],
      ],
    });
    const b = await buildIssuedOrder(t.db, { ...period, lines: [["DEVOPS_SENIOR", "1"]] });
    const c = await buildIssuedOrder(t.db, { ...period, lines: [["PM", "1"]] });
    const draft = await buildDraftOrder(t.db, { ...period, lines: [["PM", "3"]] });

    const jan = await buildDeclaration(t.db, a.id, {
      month: "2026-02-01",
      status: "validated",
      lines: [
        { orderLineId: a.lines[0].id, days: "10", people: people("10") },
        { orderLineId: a.lines[1].id, days: "5" },
      ],
    });
    await buildDeclaration(t.db, a.id, { month: "2026-03-01", status: "submitted", lines: [{ orderLineId: a.lines[0].id, days: "4" }] });
    await buildCorrection(t.db, jan.id, {
      lines: [
        { orderLineId: a.lines[0].id, days: "8", people: people("8") },
        { orderLineId: a.lines[1].id, days: "5" },
      ],
    });
    await buildDeclaration(t.db, b.id, { month: "2026-02-01", status: "rejected", lines: [{ orderLineId: b.lines[0].id, days: "6" }] });
    await buildDeclaration(t.db, b.id, { month: "2026-03-01", status: "validated", lines: [{ orderLineId: b.lines[0].id, days: "7.5" }] });
    await buildAmendment(t.db, b.id, {
      lines: [
        ["DEVOPS_SENIOR", "2"],
        ["DESIGN_JUNIOR", "1"],
      ],
    });
    await buildClosing(t.db, b.id);
    await buildCancellation(t.db, c.id);
    await deleteDraft(t.db, await sessionUser(t.db, accounts.correspondentA), draft.id);

    expect(await offTotals()).toEqual([]);
    // and what they hold is what happened: a's February lowered from 10 to 8 days, March pending
    const ta = await totalsOf(a.id);
    expect([ta.ordered_days, ta.consumed_days, ta.pending_days].map(Number)).toEqual([60, 13, 4]);
    const tb = await totalsOf(b.id);
    expect([tb.ordered_days, tb.consumed_days, tb.pending_days].map(Number)).toEqual([60, 7.5, 0]);
    expect(await t.db.selectFrom("order_totals").select("order_id").where("order_id", "=", draft.id).execute()).toEqual([]);
  });
});

describe("data versions per scope", () => {
  it("a declaration validated in one beneficiary's scope leaves the other beneficiaries' cached pages warm", async () => {
    const [dinum, corrA, corrB, ctrA, ctrB] = await Promise.all(
      [accounts.dinum, accounts.correspondentA, accounts.correspondentB, accounts.contractorA, accounts.contractorB].map((e) => sessionUser(t.db, e)),
    );
    // an order of beneficiary A with contractor A, with one month submitted
    const order = await buildIssuedOrder(t.db, { periodStart: "2026-02-01", periodEnd: "2026-12-31", lines: [["PM", "1"]] });
    expect([order.beneficiaryId, order.contractorId]).toEqual([corrA.beneficiaryId, ctrA.contractorId]);
    const { id } = await buildDeclaration(t.db, order.id, { month: "2026-03-01", status: "submitted", lines: [{ orderLineId: order.lines[0].id, days: "3" }] });

    const before = {
      dinum: await homeData(t.db, dinum, 1, TODAY),
      a: await orderListPage(t.db, corrA, {}, TODAY),
      aOrder: await orderPage(t.db, corrA, order.id, TODAY),
      b: await orderListPage(t.db, corrB, {}, TODAY),
      bHome: await homeData(t.db, corrB, 1, TODAY),
      ctrA: await homeData(t.db, ctrA, 1, TODAY),
      ctrB: await orderListPage(t.db, ctrB, {}, TODAY),
    };
    const versions = async () => Promise.all([dinum, corrA, corrB, ctrA, ctrB].map((u) => dataVersion(t.db, dataScope(u))));
    const v0 = await versions();

    // the correspondent of A validates it (service fait): A's, contractor A's and DINUM's figures move
    await buildDeclaration(t.db, order.id, { month: "2026-04-01", status: "validated", lines: [{ orderLineId: order.lines[0].id, days: "2" }] });
    void id;
    const v1 = await versions();
    expect(v1.map((v, i) => v > v0[i])).toEqual([true, true, false, true, false]);

    // B's pages and contractor B's (not on that order) are served from memory: the same objects
    expect(await orderListPage(t.db, corrB, {}, TODAY)).toBe(before.b);
    expect(await homeData(t.db, corrB, 1, TODAY)).toBe(before.bHome);
    expect(await orderListPage(t.db, ctrB, {}, TODAY)).toBe(before.ctrB);
    // A's, contractor A's and DINUM's are computed again, and show the new consumption
    const a = await orderListPage(t.db, corrA, {}, TODAY);
    expect(a).not.toBe(before.a);
    expect(Number(a.orders.totals.figures.consumedDays) - Number(before.a.orders.totals.figures.consumedDays)).toBe(2);
    const aOrder = await orderPage(t.db, corrA, order.id, TODAY);
    expect(aOrder).not.toBe(before.aOrder);
    expect(await homeData(t.db, ctrA, 1, TODAY)).not.toBe(before.ctrA);
    const home = await homeData(t.db, dinum, 1, TODAY);
    expect(home).not.toBe(before.dinum);
    expect(Number(home.totals.figures.consumedDays) - Number(before.dinum.totals.figures.consumedDays)).toBe(2);

    // a write to reference data (a work unit's label, shown on every order page) moves every scope
    await t.db
      .updateTable("work_unit_type")
      .set({ label: sql`label || ' '` })
      .where("code", "=", "PM")
      .execute();
    const v2 = await versions();
    expect(v2.map((v, i) => v > v1[i])).toEqual([true, true, true, true, true]);
    expect(await orderListPage(t.db, corrB, {}, TODAY)).not.toBe(before.b);
  });

  it("an invoice recorded, moved or imported moves its order's beneficiary and contractor only (issue 17: it moved every scope)", async () => {
    const [dinum, corrA, corrB, ctrA, ctrB] = await Promise.all(
      [accounts.dinum, accounts.correspondentA, accounts.correspondentB, accounts.contractorA, accounts.contractorB].map((e) => sessionUser(t.db, e)),
    );
    const order = await buildIssuedOrder(t.db, {
      periodStart: "2026-02-01",
      periodEnd: "2026-12-31",
      lines: [["PM", "1"]],
      ejNumber: "EJ-SCOPE-1",
      at: "2026-02-02T09:00:00+01:00",
    });
    await buildDeclaration(t.db, order.id, {
      month: "2026-03-01",
      status: "validated",
      lines: [{ orderLineId: order.lines[0].id, days: "2" }],
      at: "2026-04-01T09:00:00+02:00",
      decideAt: "2026-04-01T15:00:00+02:00",
    });
    const versions = async () => Promise.all([dinum, corrA, corrB, ctrA, ctrB].map((u) => dataVersion(t.db, dataScope(u))));
    const bHome = await homeData(t.db, corrB, 1, TODAY);
    const v0 = await versions();
    const { id } = await buildInvoice(t.db, order.id, {
      amountHt: "100.00",
      receivedOn: "2026-04-02",
      ejNumber: "EJ-SCOPE-1",
      at: "2026-04-02T12:00:00+02:00",
    });
    const v1 = await versions();
    expect(v1.map((v, i) => v > v0[i])).toEqual([true, true, false, true, false]);
    await buildInvoiceMove(t.db, id, { move: "in_payment" });
    const v2 = await versions();
    expect(v2.map((v, i) => v > v1[i])).toEqual([true, true, false, true, false]);
    expect(await homeData(t.db, corrB, 1, TODAY)).toBe(bHome);
  });

  it("a rolled-back write moves no scope, and a write is counted at commit only", async () => {
    const corrA = await sessionUser(t.db, accounts.correspondentA);
    const v0 = await dataVersion(t.db, dataScope(corrA));
    await t.db
      .transaction()
      .execute(async (trx) => {
        await trx
          .updateTable("product")
          .set({ name: sql`name` })
          .where("beneficiary_id", "=", corrA.beneficiaryId!)
          .execute();
        expect(await dataVersion(t.db, dataScope(corrA))).toBe(v0);
        throw new Error("rollback");
      })
      .catch(() => {});
    expect(await dataVersion(t.db, dataScope(corrA))).toBe(v0);
    await t.db
      .updateTable("product")
      .set({ name: sql`name` })
      .where("beneficiary_id", "=", corrA.beneficiaryId!)
      .execute();
    expect(await dataVersion(t.db, dataScope(corrA))).toBeGreaterThan(v0);
  });
});

describe("cheaper computations, same results", () => {
  it("the header badge's count (countAlerts) is the number of alerts listed, for every role", async () => {
    for (const email of Object.values(accounts)) {
      const user = await sessionUser(t.db, email);
      for (const day of [TODAY, "2026-10-04", "2027-02-10"]) {
        const listed = await listAlerts(t.db, user, day);
        expect({ email, day, n: await countAlerts(t.db, user, day) }).toEqual({ email, day, n: listed.length });
      }
    }
  });

  it("figuresByEach gives figuresBy's rows, in its order, for each grouping at once", async () => {
    for (const email of [accounts.dinum, accounts.correspondentA, accounts.contractorB]) {
      const user = await sessionUser(t.db, email);
      const each = await figuresByEach(t.db, user, ["contract", "beneficiary", "contractor", "product"]);
      for (const by of ["contract", "beneficiary", "contractor", "product"] as const) {
        const one = await figuresBy(t.db, user, by);
        expect(one.length).toBeGreaterThan(0);
        expect(each[by]).toEqual(one);
      }
    }
  });
});
