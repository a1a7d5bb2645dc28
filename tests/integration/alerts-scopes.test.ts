// Issue 15: the header badge and the alerts page are kept per scope; a declaration validated in one
// beneficiary's scope must leave another beneficiary's badge and page as they are (they used to be all
// dropped at every declaration's state change, so every scope's pages recounted their alerts).
import { describe, expect, it } from "vitest";
import { sql } from "kysely";
import { useTestDatabase } from "../helpers/db";
import { hiddenMissingMonth } from "../helpers/hidden-changes";
import { buildDeclaration, buildIssuedOrder } from "../../seeds/factories";
import { validateDeclaration } from "../../app/domain/declarations/services.server";
import { alertCount, alertsPage, countAlerts } from "../../app/domain/alerts/alerts.server";

const t = await useTestDatabase();
const TODAY = "2026-11-23";

describe("alerts kept per scope", () => {
  it("a validation in A's scope leaves B's badge and alerts page in memory; a write in B's scope recounts them", async () => {
    const { correspondentA: corrA, correspondentB: corrB } = t.actors;
    const order = await buildIssuedOrder(t.db, { periodStart: "2026-02-01", periodEnd: "2026-12-31", lines: [["PM", "1"]] });
    expect(order.beneficiaryId).toBe(corrA.beneficiaryId);
    const { id } = await buildDeclaration(t.db, order.id, { month: "2026-03-01", status: "submitted", lines: [{ orderLineId: order.lines[0].id, days: "2" }] });

    const badge = await alertCount(t.db, corrB, TODAY);
    const page = await alertsPage(t.db, corrB, 100, TODAY);
    // a change of B's alerts that moves no data version (triggers off, as the scale generator loads):
    // whoever recounts B's alerts sees one more missing month
    await hiddenMissingMonth(t.db, corrB.beneficiaryId!, TODAY);
    expect(await countAlerts(t.db, corrB, TODAY)).toBe(badge + 1);

    // A's correspondent validates A's declaration through the use case: B's are served from memory
    await validateDeclaration(t.db, corrA, id);
    expect(await alertCount(t.db, corrB, TODAY)).toBe(badge);
    expect(await alertsPage(t.db, corrB, 100, TODAY)).toBe(page);

    // a write in B's scope (its product renamed to itself) moves B's version: recounted
    await t.db
      .updateTable("product")
      .set({ name: sql`name` })
      .where("beneficiary_id", "=", corrB.beneficiaryId!)
      .execute();
    expect(await alertCount(t.db, corrB, TODAY)).toBe(badge + 1);
    const after = await alertsPage(t.db, corrB, 100, TODAY);
    expect(after.total).toBe(badge + 1);
    expect(after.byKind.missing_declaration.total).toBe(page.byKind.missing_declaration.total + 1);
  });
});
