import { describe, expect, it } from "vitest";
import { luhnValid, siretError } from "./siret";

describe("R18 SIRET", () => {
  it("accepts a SIRET whose SIREN and whole number pass the Luhn key, spaces allowed", () => {
    expect(siretError("732 829 320 00074")).toBeNull();
    expect(siretError("91234567500017")).toBeNull();
  });

  it("refuses a wrong length, a wrong SIREN key and a wrong SIRET key, in French", () => {
    expect(siretError("1234")).toBe("Le SIRET compte 14 chiffres.");
    expect(siretError("7328293200007A")).toBe("Le SIRET compte 14 chiffres.");
    expect(siretError("91234567800017")).toContain("SIREN");
    expect(siretError("73282932000075")).toContain("clé de contrôle");
  });

  it("checks La Poste's establishments by the sum of their digits (its SIREN 356 000 000)", () => {
    expect(luhnValid("35600000049837")).toBe(false);
    expect(siretError("35600000049837")).toBeNull(); // digits add up to 45
    expect(siretError("35600000000048")).toBeNull(); // the head office passes Luhn
    expect(siretError("35600000012344")).toContain("La Poste"); // 28, and not Luhn
  });
});
