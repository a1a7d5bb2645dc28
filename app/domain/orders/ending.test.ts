import { describe, expect, it } from "vitest";
import { isEnded, isEndedWithRemaining, orderStateLabel } from "./ending";
import { closeSchema } from "./schemas";

describe("R14 end of an order", () => {
  const mano = { status: "issued" as const, periodEnd: "2026-09-30", remainingDays: "14.5" };
  it("an issued order is échu the day after its period's end, not on its last day", () => {
    expect(isEnded(mano, "2026-09-30")).toBe(false);
    expect(isEnded(mano, "2026-10-01")).toBe(true);
    expect(isEndedWithRemaining(mano, "2026-09-30")).toBe(false);
    expect(isEndedWithRemaining(mano, "2026-10-01")).toBe(true);
    expect(isEndedWithRemaining(mano, "2026-12-01")).toBe(true);
  });
  it("only while days are left, and only while it is issued", () => {
    expect(isEndedWithRemaining({ ...mano, remainingDays: "0.0" }, "2026-12-01")).toBe(false);
    expect(isEndedWithRemaining({ ...mano, remainingDays: "0.5" }, "2026-12-01")).toBe(true);
    for (const status of ["draft", "closed", "cancelled"] as const) {
      expect(isEnded({ ...mano, status }, "2026-12-01")).toBe(false);
      expect(isEndedWithRemaining({ ...mano, status }, "2026-12-01")).toBe(false);
    }
  });
  it("is labelled in French", () => {
    expect(orderStateLabel("issued", true)).toBe("Émis, échu avec reste");
    expect(orderStateLabel("issued", false)).toBe("Émis");
    expect(orderStateLabel("closed", false)).toBe("Soldé");
  });
});

describe("closing asks for a confirmation (R6, R14)", () => {
  it("refuses a close whose box is not ticked, in French", () => {
    const refused = closeSchema.safeParse({ reason: "Fin de la période" });
    expect(refused.success).toBe(false);
    expect(refused.error?.issues.map((i) => [i.path.join("."), i.message])).toEqual([
      ["confirm", "Cochez la case pour confirmer le solde : le reste est libéré définitivement."],
    ]);
    expect(closeSchema.safeParse({ reason: "Fin de la période", confirm: "on" })).toEqual({ success: true, data: { reason: "Fin de la période" } });
    expect(closeSchema.safeParse({ reason: "x", confirm: "on" }).success).toBe(false);
  });
});
