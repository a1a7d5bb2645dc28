import { describe, expect, it } from "vitest";
import { auditValueText } from "./labels";

describe("journal values", () => {
  it("shows statuses in French for the entity they belong to, dates and months the French way", () => {
    expect(auditValueText("declaration", "status", "validated")).toBe("Validée (service fait)");
    expect(auditValueText("purchase_order", "status", "draft")).toBe("Brouillon");
    expect(auditValueText("price_schedule", "status", "approved")).toBe("Approuvé");
    expect(auditValueText("declaration", "month", "2026-09-01")).toBe("septembre 2026");
    expect(auditValueText("purchase_order", "period_end", "2027-03-31")).toBe("31/03/2027");
    expect(auditValueText("user", "active", false)).toBe("non");
    expect(auditValueText("purchase_order", "number", null)).toBe("vide");
    expect(auditValueText("purchase_order", "total_ht", "1234.50")).toBe("1234.50");
    expect(auditValueText("product", "status", "inconnu")).toBe("inconnu");
  });
});
