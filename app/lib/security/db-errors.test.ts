import { describe, expect, it } from "vitest";
import { integrityRefusal } from "./db-errors";

describe("integrityRefusal", () => {
  it("turns PostgreSQL integrity and data errors into French messages", () => {
    expect(integrityRefusal({ code: "23503" })).toMatch(/n'existe pas/);
    expect(integrityRefusal({ code: "23514" })).toMatch(/hors des limites/);
    expect(integrityRefusal({ code: "22021" })).toMatch(/caractère invalide/);
  });
  it("leaves anything else alone (a bug must stay a 500 that someone sees)", () => {
    expect(integrityRefusal(new Error("boom"))).toBeNull();
    expect(integrityRefusal({ code: "40001" })).toBeNull();
    expect(integrityRefusal(null)).toBeNull();
  });
});
