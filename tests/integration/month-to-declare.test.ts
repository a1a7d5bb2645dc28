// Issue 15: `month_to_declare` (migration 2026_12_20_00), the months each issued order still has to declare,
// kept by triggers in the writing transaction, must equal a recomputation from the orders and their initial
// declarations after any mix of writes through the use cases (submit, validate, reject, withdraw, correct,
// amend, close, cancel, issue), and the pages' months to declare (listToDeclare, countToDeclare) read from it
// must be what the orders' periods and declarations say, for each role.
import { describe, expect, it } from "vitest";
import { sql } from "kysely";
import { useTestDatabase, sessionUser } from "../helpers/db";
import { buildAmendment, buildCancellation, buildClosing, buildCorrection, buildDeclaration, buildDraftOrder, buildIssuedOrder } from "../../seeds/factories";
import { rejectDeclaration, validateDeclaration, withdrawDeclaration } from "../../app/domain/declarations/services.server";
import { issueOrder } from "../../app/domain/orders/services.server";
import { countToDeclare, listToDeclare } from "../../app/domain/declarations/queries.server";
import { Refusal } from "../../app/lib/refusal";
import { demoAccounts } from "../../seeds/accounts";
import type { SessionUser } from "../../app/auth/user";

const t = await useTestDatabase();
const TODAY = "2026-11-23";

/** The rows of month_to_declare that a recomputation does not give, and those it gives that the table lacks. */
async function drift() {
  const { rows } = await sql<{ side: string; order_id: number; month: string }>`
    WITH expected AS (
      SELECT po.id AS order_id, m::date AS month
      FROM purchase_order po, generate_series(date_trunc('month', po.period_start), po.period_end, interval '1 month') AS m
      WHERE po.status = 'issued'
      EXCEPT
      SELECT d.order_id, d.month FROM declaration d WHERE d.kind = 'initial' AND d.status IN ('submitted', 'validated'))
    (SELECT 'missing' AS side, order_id, month FROM expected EXCEPT SELECT 'missing', order_id, month FROM month_to_declare)
    UNION ALL
    (SELECT 'extra', order_id, month FROM month_to_declare EXCEPT SELECT 'extra', order_id, month FROM expected)
    ORDER BY 1, 2, 3`.execute(t.db);
  return rows;
}

/** The months to declare of `user` up to `before`, recomputed from the periods and declarations, oldest first (as listToDeclare). */
async function expectedList(user: SessionUser, before: string) {
  const { rows } = await sql<{ orderId: number; month: string; declarationStatus: string | null }>`
    SELECT po.id AS "orderId", to_char(m, 'YYYY-MM-DD') AS month, d.status AS "declarationStatus"
    FROM purchase_order po
    CROSS JOIN generate_series(date_trunc('month', po.period_start), least(po.period_end, ${before}::date), interval '1 month') AS m
    LEFT JOIN declaration d ON d.order_id = po.id AND d.month = m::date AND d.kind = 'initial'
      AND (d.status <> 'draft' OR ${user.role === "contractor"})
    WHERE po.status = 'issued' AND (d.id IS NULL OR d.status IN ('draft', 'rejected'))
      AND (${user.beneficiaryId}::int IS NULL OR po.beneficiary_id = ${user.beneficiaryId})
      AND (${user.contractorId}::int IS NULL OR po.contractor_id = ${user.contractorId})
    ORDER BY m, po.number`.execute(t.db);
  return rows;
}

describe("month_to_declare", () => {
  it("equals a recomputation after a random mix of writes through the use cases, and the pages' months to declare read it", async () => {
    expect(await drift()).toEqual([]); // the demo data, as migrated and seeded
    const { correspondentA: corrA, correspondentB: corrB, contractorA: ctrA, dinum } = t.actors;
    const periods = [
      ["2026-02-10", "2026-12-31", demoAccounts.correspondentA],
      ["2026-05-01", "2026-11-15", demoAccounts.correspondentB],
      ["2026-07-01", "2027-03-31", demoAccounts.correspondentA],
      ["2026-08-01", "2026-10-31", demoAccounts.correspondentB],
    ] as const;
    const orders = [];
    for (const [periodStart, periodEnd, as] of periods)
      orders.push({ ...(await buildIssuedOrder(t.db, { as, periodStart, periodEnd, lines: [["PM", "3"]] })), periodStart, periodEnd });
    const draft = await buildDraftOrder(t.db, { periodStart: "2026-06-01", periodEnd: "2026-12-31", lines: [["PM", "1"]] });
    // closed later with one month validated and nothing pending
    const toClose = await buildIssuedOrder(t.db, { periodStart: "2026-09-01", periodEnd: "2026-12-31", lines: [["PM", "1"]] });
    await buildDeclaration(t.db, toClose.id, { month: "2026-09-01", status: "validated", lines: [{ orderLineId: toClose.lines[0].id, days: "2" }] });
    expect(await drift()).toEqual([]);
    const issuerOf = (o: { beneficiaryId: number }) => (o.beneficiaryId === corrA.beneficiaryId ? corrA : corrB);
    const contractorOf = async (o: { contractorId: number }) =>
      sessionUser(
        t.db,
        (
          await t.db
            .selectFrom("app_user")
            .select("email")
            .where("contractor_id", "=", o.contractorId)
            .where("role", "=", "contractor")
            .orderBy("id")
            .executeTakeFirstOrThrow()
        ).email,
      );

    // a fixed pseudo-random sequence of writes through the use cases
    let seed = 2026;
    const rand = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)];
    const months = ["2026-05-01", "2026-07-01", "2026-08-01", "2026-09-01", "2026-10-01", "2026-11-01"];
    const done: string[] = [];
    for (let i = 0; i < 36; i++) {
      const order = pick(orders);
      const month = pick(months.filter((m) => m >= `${order.periodStart.slice(0, 8)}01` && m <= order.periodEnd));
      const step = async (): Promise<string> => {
        if (i === 12) return (await issueOrder(t.db, corrA, draft.id), "issue");
        if (i === 20) return (await buildAmendment(t.db, order.id, { lines: [["PM", "4"]] }), "amend");
        if (i === 28) return (await buildClosing(t.db, toClose.id), "close");
        if (i === 32) return (await buildCancellation(t.db, draft.id), "cancel");
        const d = await t.db
          .selectFrom("declaration")
          .select(["id", "status", "kind"])
          .where("order_id", "=", order.id)
          .where("month", "=", month)
          .orderBy("id", "desc")
          .executeTakeFirst();
        if (!d) {
          const status = pick(["draft", "submitted", "validated", "rejected"] as const);
          await buildDeclaration(t.db, order.id, { month, status, lines: [{ orderLineId: order.lines[0].id, days: "1" }] });
          return `declare ${status}`;
        }
        if (d.status === "submitted") {
          const r = rand();
          if (r < 0.4) return (await validateDeclaration(t.db, issuerOf(order), d.id), "validate");
          if (r < 0.7) return (await rejectDeclaration(t.db, issuerOf(order), d.id, "Jours à revoir"), "reject");
          return (await withdrawDeclaration(t.db, await contractorOf(order), d.id), "withdraw");
        }
        if (d.status === "validated") return (await buildCorrection(t.db, d.id, { status: pick(["draft", "submitted", "validated"] as const) }), "correct");
        // a draft or a rejected month declared again, and submitted
        await buildDeclaration(t.db, order.id, {
          month,
          status: pick(["submitted", "validated"] as const),
          lines: [{ orderLineId: order.lines[0].id, days: "1" }],
        });
        return "declare again";
      };
      try {
        done.push(await step());
      } catch (e) {
        if (!(e instanceof Refusal)) throw e;
        done.push(`refused: ${e.message.slice(0, 40)}`);
      }
      expect({ i, drift: await drift() }).toEqual({ i, drift: [] });
    }
    // the mix did what it says: every kind of write happened
    for (const kind of ["declare submitted", "validate", "declare rejected", "withdraw", "correct", "issue", "amend", "close", "cancel"])
      expect(done).toContain(kind);
    expect(await t.db.selectFrom("month_to_declare").select("order_id").where("order_id", "in", [toClose.id, draft.id]).execute()).toEqual([]);

    // what the pages show, for each role, day and bound, against the periods and declarations
    for (const user of [dinum, corrA, corrB, ctrA]) {
      for (const before of ["2026-09-01", "2026-11-01", "2027-02-01"]) {
        const expected = await expectedList(user, before);
        const listed = await listToDeclare(t.db, user, { before, today: TODAY, limit: 10_000 });
        expect(listed.map((m) => ({ orderId: m.orderId, month: m.month, declarationStatus: m.declarationStatus }))).toEqual(expected);
        expect(await countToDeclare(t.db, user, { before, today: TODAY })).toBe(expected.length);
      }
    }
  });
});
