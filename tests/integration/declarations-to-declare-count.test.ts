// Issue 15: countToDeclare counts the months to declare without listing them (months of each issued order's
// period less its submitted or validated initial declarations); it must give the list's length for every
// role, day, bound and filter, drafts and rejected months included.
import { describe, expect, it } from "vitest";
import { useTestDatabase, accounts, sessionUser } from "../helpers/db";
import { buildDeclaration, buildIssuedOrder } from "../../seeds/factories";
import { countRecentDeclarations, countToDeclare, declarationsPage, listRecentDeclarations, listToDeclare } from "../../app/domain/declarations/queries.server";
import { lastOverdueMonth } from "../../app/domain/alerts/alerts.server";

const t = await useTestDatabase();

/** A validated, a submitted, a rejected and a draft month (March to June 2026) on the order's line. */
async function declareFourMonths(orderId: number, orderLineId: number) {
  for (const [month, status] of [
    ["2026-03-01", "validated"],
    ["2026-04-01", "submitted"],
    ["2026-05-01", "rejected"],
    ["2026-06-01", "draft"],
  ] as const)
    await buildDeclaration(t.db, orderId, { month, status, lines: [{ orderLineId, days: "1" }] });
}

describe("months to declare, counted", () => {
  it("equal the listed months for every role, day, bound and filter", async () => {
    // an order whose period starts mid-month, with a draft, a rejected, a submitted and a validated month
    const order = await buildIssuedOrder(t.db, { periodStart: "2026-03-16", periodEnd: "2027-01-10", lines: [["PM", "2"]] });
    const line = order.lines[0].id;
    await declareFourMonths(order.id, line);
    const { number } = await t.db.selectFrom("purchase_order").select("number").where("id", "=", order.id).executeTakeFirstOrThrow();
    let checked = 0;
    let nonZero = 0;
    for (const email of Object.values(accounts)) {
      const user = await sessionUser(t.db, email);
      for (const today of ["2026-11-23", "2026-04-03", "2027-02-10"]) {
        for (const filters of [{}, { q: number!.slice(-4) }, { contractorId: order.contractorId }, { beneficiaryId: order.beneficiaryId }]) {
          for (const before of [undefined, lastOverdueMonth(today)]) {
            const listed = await listToDeclare(t.db, user, { today, before, ...filters, limit: 1_000_000 });
            expect(await countToDeclare(t.db, user, { today, before, ...filters }), `${email} ${today} ${before} ${JSON.stringify(filters)}`).toBe(
              listed.length,
            );
            checked++;
            if (listed.length) nonZero++;
          }
        }
      }
    }
    expect(checked).toBe(Object.values(accounts).length * 3 * 4 * 2);
    expect(nonZero).toBeGreaterThan(checked / 3); // the comparisons are not all of empty lists
  });

  it("the declarations page is kept per scope: a contractor's new draft shows on its page at once, another contractor's stays in memory", async () => {
    const { contractorA: a, contractorB: b } = t.actors;
    const pages = { declare: 1, validate: 1, recent: 1, size: 50 };
    const today = "2026-11-23";
    const order = await buildIssuedOrder(t.db, { periodStart: "2026-09-01", periodEnd: "2026-12-31", lines: [["PM", "1"]] });
    expect(order.contractorId).toBe(a.contractorId);
    const { number } = await t.db.selectFrom("purchase_order").select("number").where("id", "=", order.id).executeTakeFirstOrThrow();
    const mine = { q: number };
    const pageA = await declarationsPage(t.db, a, mine, null, pages, today);
    const pageB = await declarationsPage(t.db, b, {}, null, pages, today);
    expect(await declarationsPage(t.db, a, mine, null, pages, today)).toBe(pageA);
    expect(pageA.toDeclareTotal).toBe(await countToDeclare(t.db, a, { today, ...mine }));
    expect(pageA.toDeclare.find((m) => m.month === "2026-09-01")?.declarationId).toBeNull();
    const draft = await buildDeclaration(t.db, order.id, { month: "2026-09-01", status: "draft", lines: [{ orderLineId: order.lines[0].id, days: "1" }] });
    const after = await declarationsPage(t.db, a, mine, null, pages, today);
    expect(after.toDeclare.find((m) => m.month === "2026-09-01")?.declarationId).toBe(draft.id);
    expect(await declarationsPage(t.db, b, {}, null, pages, today)).toBe(pageB);
  });

  it("the recent declarations counted equal those listed, for every role and filter", async () => {
    // issue 15: counted per order of the scope (countRecentDeclarations), listed with their names (listRecentDeclarations)
    const order = await buildIssuedOrder(t.db, { periodStart: "2026-03-01", periodEnd: "2026-12-31", lines: [["PM", "2"]] });
    await declareFourMonths(order.id, order.lines[0].id);
    const { number } = await t.db.selectFrom("purchase_order").select("number").where("id", "=", order.id).executeTakeFirstOrThrow();
    let nonZero = 0;
    for (const email of Object.values(accounts)) {
      const user = await sessionUser(t.db, email);
      for (const filters of [
        {},
        { q: number!.slice(-4) },
        { month: "2026-04-01" },
        { status: "validated" as const },
        { status: "rejected" as const, contractorId: order.contractorId },
        { beneficiaryId: order.beneficiaryId, month: "2026-03-01" },
      ]) {
        const listed = await listRecentDeclarations(t.db, user, { ...filters, limit: 1_000_000 });
        expect(await countRecentDeclarations(t.db, user, filters), `${email} ${JSON.stringify(filters)}`).toBe(listed.length);
        if (listed.length) nonZero++;
      }
    }
    expect(nonZero).toBeGreaterThan(Object.values(accounts).length); // the comparisons are not all of empty lists
  });
});
