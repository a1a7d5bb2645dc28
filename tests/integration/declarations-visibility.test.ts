// A draft declaration is its contractor's alone until submitted (app/auth/scope.server.ts,
// declaration:see-drafts): not in the correspondent's or DINUM's lists, pages, alerts, exports or journal.
import { describe, expect, it } from "vitest";
import { useTestDatabase } from "../helpers/db";
import { makeOrder, line } from "./declarations-fixtures";
import { createCorrection, rejectDeclaration, saveDraft, submitDeclaration, validateDeclaration } from "../../app/domain/declarations/services.server";
import { getDeclaration, listOrderDeclarations, listToDeclare } from "../../app/domain/declarations/queries.server";
import { listAuditEvents } from "../../app/domain/audit/queries.server";
import { listAlerts } from "../../app/domain/alerts/alerts.server";
import type { SessionUser } from "../../app/auth/user";

const t = await useTestDatabase();
const { contractorA, correspondentA: corrA, dinum } = t.actors;

const TODAY = "2026-11-23";

/** The journal's actions on one declaration, as the user sees them (oldest first). */
async function journal(user: SessionUser, declarationId: number): Promise<string[]> {
  const { items, total } = await listAuditEvents(t.db, user, { entityType: "declaration", entityId: String(declarationId) });
  expect(items.length).toBe(total);
  return items.map((e) => e.action).reverse();
}

describe("the journal never shows a contractor's draft to the correspondent or DINUM", () => {
  it("a first draft: only its contractor sees it being saved; once submitted, everyone sees the submission", async () => {
    const o = await makeOrder(t.db);
    const { id } = await saveDraft(
      t.db,
      contractorA,
      { orderId: o.id, month: "2026-09-01", lines: [line(o.lines[0].id, "4", { activities: "Brouillon confidentiel" })] },
      TODAY,
    );
    await saveDraft(t.db, contractorA, { declarationId: id, orderId: o.id, month: "2026-09-01", lines: [line(o.lines[0].id, "5")] }, TODAY);
    expect(await journal(contractorA, id)).toEqual(["create", "update"]);
    expect(await journal(corrA, id)).toEqual([]);
    expect(await journal(dinum, id)).toEqual([]);
    // the whole journal too, not only the filtered one: no event of this draft in the first page
    const page = await listAuditEvents(t.db, corrA);
    expect(page.items.filter((e) => e.entity_type === "declaration" && e.entity_id === String(id))).toEqual([]);

    await submitDeclaration(t.db, contractorA, id, TODAY);
    expect(await journal(contractorA, id)).toEqual(["create", "update", "submit"]);
    expect(await journal(corrA, id)).toEqual(["submit"]);
    expect(await journal(dinum, id)).toEqual(["submit"]);
  });

  it("a rejected declaration reworked: the rework is the contractor's until submitted again", async () => {
    const o = await makeOrder(t.db);
    const { id } = await saveDraft(t.db, contractorA, { orderId: o.id, month: "2026-08-01", lines: [line(o.lines[0].id, "4")] }, TODAY);
    await submitDeclaration(t.db, contractorA, id, TODAY);
    await rejectDeclaration(t.db, corrA, id, "Activités trop vagues");
    await saveDraft(t.db, contractorA, { declarationId: id, orderId: o.id, month: "2026-08-01", lines: [line(o.lines[0].id, "3")] }, TODAY);
    expect(await journal(contractorA, id)).toEqual(["create", "submit", "reject", "reopen"]);
    expect(await journal(corrA, id)).toEqual(["submit", "reject"]);
    // the same rule on the page: while it is a draft again, others do not see it
    expect(await getDeclaration(t.db, corrA, id)).toBeNull();
    expect(await getDeclaration(t.db, dinum, id)).toBeNull();
    expect((await listOrderDeclarations(t.db, corrA, o.id)).map((d) => d.id)).toEqual([]);
    expect((await listOrderDeclarations(t.db, contractorA, o.id)).map((d) => d.id)).toEqual([id]);
    await submitDeclaration(t.db, contractorA, id, TODAY);
    expect(await journal(corrA, id)).toEqual(["submit", "reject", "submit"]);
    expect((await getDeclaration(t.db, corrA, id))!.declaration.status).toBe("submitted");
  });

  it("a correction being written is not shown, nor in the validated month's history", async () => {
    const o = await makeOrder(t.db);
    const { id } = await saveDraft(t.db, contractorA, { orderId: o.id, month: "2026-07-01", lines: [line(o.lines[0].id, "6")] }, TODAY);
    await submitDeclaration(t.db, contractorA, id, TODAY);
    await validateDeclaration(t.db, corrA, id);
    const c = await createCorrection(t.db, contractorA, id, "Deux jours comptés en trop");
    expect(await journal(contractorA, c.id)).toEqual(["create_correction"]);
    expect(await journal(corrA, c.id)).toEqual([]);
    expect(await journal(dinum, c.id)).toEqual([]);
    expect(await getDeclaration(t.db, corrA, c.id)).toBeNull();
    expect((await getDeclaration(t.db, corrA, id))!.chain.map((x) => x.id)).toEqual([id]);
    expect((await getDeclaration(t.db, contractorA, id))!.chain.map((x) => x.id)).toEqual([id, c.id]);
  });
});

describe("the months to declare and the alerts say nothing of a draft to the others", () => {
  it("a drafted month reads as not declared for the correspondent, as a draft to resume for the contractor", async () => {
    const o = await makeOrder(t.db, { periodStart: "2026-09-01", periodEnd: "2026-12-31" });
    const { id } = await saveDraft(t.db, contractorA, { orderId: o.id, month: "2026-09-01", lines: [line(o.lines[0].id, "2")] }, TODAY);
    const mine = await listToDeclare(t.db, contractorA, { orderId: o.id, today: TODAY });
    expect(mine.find((m) => m.month === "2026-09-01")).toMatchObject({ declarationId: id, declarationStatus: "draft" });
    const theirs = await listToDeclare(t.db, corrA, { orderId: o.id, today: TODAY });
    expect(theirs.map((m) => m.month)).toEqual(mine.map((m) => m.month));
    expect(theirs.find((m) => m.month === "2026-09-01")).toMatchObject({ declarationId: null, declarationStatus: null });

    const missing = (alerts: Awaited<ReturnType<typeof listAlerts>>) =>
      alerts.filter((a) => a.kind === "missing_declaration" && a.orderId === o.id && a.month === "2026-09-01");
    const [forContractor] = missing(await listAlerts(t.db, contractorA, TODAY));
    expect(forContractor.detail).toContain("brouillon non soumis");
    expect(forContractor.href).toBe(`/declarations/${id}/modifier`);
    for (const user of [corrA, dinum]) {
      const [alert] = missing(await listAlerts(t.db, user, TODAY));
      expect(alert.title).toBe("Déclaration de septembre 2026 manquante");
      expect(alert.detail).not.toContain("brouillon");
      expect(alert.href).toBe(`/commandes/${o.id}`);
    }
  });
});
