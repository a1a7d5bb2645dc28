import { describe, expect, it } from "vitest";
import { de, le } from "./french";

describe("French elision before a name", () => {
  it("elides before a vowel, accented or capital, and nowhere else", () => {
    expect(de("Octopus Numérique SAS")).toBe("d'Octopus Numérique SAS");
    expect(de("octobre 2026")).toBe("d'octobre 2026");
    expect(de("Économie")).toBe("d'Économie");
    expect(de("avril 2026")).toBe("d'avril 2026");
    expect(de("Ministères sociaux")).toBe("de Ministères sociaux");
    expect(de("Hauts-de-Seine")).toBe("de Hauts-de-Seine");
    expect(de("mars 2026")).toBe("de mars 2026");
    expect(le("Atelier Numérique Public")).toBe("l'Atelier Numérique Public");
    expect(le("bon de commande")).toBe("le bon de commande");
  });
});
