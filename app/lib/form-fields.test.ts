import { describe, expect, it } from "vitest";
import { priceScheduleSchema } from "../domain/price-schedules/schemas";
import { WORK_UNIT_CODES } from "../domain/work-units/codes";
import { createUserSchema } from "../domain/users/schemas";
import { price } from "./form-fields";

describe("reference form fields", () => {
  it("reads a French price, with spaces and a comma, exactly", () => {
    expect(price("le prix").parse("12 345,67")).toBe("12345.67");
    expect(price("le prix").parse("9\u202f100")).toBe("9100");
    expect(price("le prix").safeParse("12,345").success).toBe(false);
    expect(price("le prix").safeParse("0,00").error?.issues[0].message).toBe("Le prix doit être supérieur à zéro.");
    expect(price("le prix").safeParse("").error?.issues[0].message).toBe("Saisissez le prix.");
  });

  it("a price schedule form needs every price and a validity that ends after it starts", () => {
    const form: Record<string, string> = { contractId: "1", contractorId: "2", validFrom: "2027-01-01", validTo: "2026-12-31", note: "" };
    const r = priceScheduleSchema.safeParse({ ...form, prices: Object.fromEntries(WORK_UNIT_CODES.map((c) => [c, ""])) });
    expect(r.success).toBe(false);
    const paths = r.error!.issues.map((i) => i.path.join("."));
    expect(paths).toContain("prices.PM");
    expect(paths).toContain("validTo");
  });

  it("a user's role comes with its organisation, and only that one", () => {
    const r = createUserSchema.parse({ name: "A", email: "A@Exemple.gouv.fr", role: "dinum", beneficiaryId: "3", contractorId: "" });
    expect(r).toMatchObject({ email: "a@exemple.gouv.fr", beneficiaryId: null, contractorId: null });
    expect(createUserSchema.safeParse({ name: "A", email: "a@b.fr", role: "contractor" }).error?.issues[0].message).toBe("Choisissez l'entreprise titulaire.");
    expect(createUserSchema.safeParse({ name: "A", email: "a@b.fr", role: "dinum", password: "court" }).error?.issues[0].message).toMatch(/12 caractères/);
  });
});
