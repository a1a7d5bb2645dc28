import { describe, expect, it } from "vitest";
import { useTestDatabase } from "../helpers/db";
import { makeOrder, line } from "./declarations-fixtures";
import { saveDraft, submitDeclaration, validateDeclaration } from "../../app/domain/declarations/services.server";
import { alertCount, lastOverdueMonth, listAlerts } from "../../app/domain/alerts/alerts.server";

const t = await useTestDatabase();
const { contractorA, contractorB, correspondentA: corrA, correspondentB: corrB } = t.actors;

describe("alerts", () => {
  it("a declaration is missing once the 5th of the following month has passed", () => {
    expect(lastOverdueMonth("2026-11-05")).toBe("2026-09-01");
    expect(lastOverdueMonth("2026-11-06")).toBe("2026-10-01");
    expect(lastOverdueMonth("2026-01-10")).toBe("2025-12-01");
  });

  it("lists missing declarations, pending validations, 80 % / 100 % consumed and orders ending soon, per role", async () => {
    const o = await makeOrder(t.db, { periodStart: "2026-08-01", periodEnd: "2026-12-10", lines: [["DEVOPS_CONFIRME", "0.5", "12000.00"]] });
    const mine = (alerts: Awaited<ReturnType<typeof listAlerts>>) => alerts.filter((a) => a.orderId === o.id);
    let a = mine(await listAlerts(t.db, contractorA, "2026-11-05"));
    expect(a.filter((x) => x.kind === "missing_declaration").map((x) => x.month)).toEqual(["2026-08-01", "2026-09-01"]);
    a = mine(await listAlerts(t.db, contractorA, "2026-11-23"));
    expect(a.filter((x) => x.kind === "missing_declaration").map((x) => x.month)).toEqual(["2026-08-01", "2026-09-01", "2026-10-01"]);
    const ending = a.find((x) => x.kind === "ending_soon")!;
    expect(ending.daysLeft).toBe(17);
    expect(ending.detail).toContain("10 j non consommés");
    expect(mine(await listAlerts(t.db, contractorB, "2026-11-23"))).toEqual([]);
    expect(mine(await listAlerts(t.db, corrB, "2026-11-23"))).toEqual([]);

    const d1 = await saveDraft(t.db, contractorA, { orderId: o.id, month: "2026-08-01", lines: [line(o.lines[0].id, "8")] }, "2026-11-23");
    await submitDeclaration(t.db, contractorA, d1.id, "2026-11-23");
    a = mine(await listAlerts(t.db, corrA, "2026-11-23"));
    expect(a.find((x) => x.kind === "pending_validation")?.title).toBe("Déclaration d'août 2026 à valider");
    expect(a.filter((x) => x.kind === "missing_declaration").map((x) => x.month)).toEqual(["2026-09-01", "2026-10-01"]);
    await validateDeclaration(t.db, corrA, d1.id);
    a = mine(await listAlerts(t.db, corrA, "2026-11-23"));
    expect(a.find((x) => x.kind === "consumed_80")?.title).toBe("Bon de commande consommé à 80\u00a0%");
    const d2 = await saveDraft(t.db, contractorA, { orderId: o.id, month: "2026-09-01", lines: [line(o.lines[0].id, "2")] }, "2026-11-23");
    await submitDeclaration(t.db, contractorA, d2.id, "2026-11-23");
    await validateDeclaration(t.db, corrA, d2.id);
    // fully consumed: the validation closed the order (R14), so nothing is alerted about it any more
    // (neither "consumed at 100 %", nor "ending with days left")
    expect((await t.db.selectFrom("purchase_order").select("status").where("id", "=", o.id).executeTakeFirstOrThrow()).status).toBe("closed");
    a = mine(await listAlerts(t.db, corrA, "2026-11-23"));
    expect(a.filter((x) => x.kind !== "missing_declaration")).toEqual([]);
    // an issued order already fully consumed (closed by hand before R14) still says so
    await t.db.updateTable("purchase_order").set({ status: "issued" }).where("id", "=", o.id).execute();
    a = mine(await listAlerts(t.db, corrA, "2026-11-23"));
    expect(a.some((x) => x.kind === "consumed_100")).toBe(true);
    expect(a.some((x) => x.kind === "consumed_80")).toBe(false);
    expect(a.some((x) => x.kind === "ending_soon")).toBe(false);
    expect(await alertCount(t.db, corrA, "2026-11-23")).toBe((await listAlerts(t.db, corrA, "2026-11-23")).length);
  });
});
