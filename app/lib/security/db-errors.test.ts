import { describe, expect, it } from "vitest";
import { Refusal } from "../refusal";
import { databaseRefusal, integrityRefusal } from "./db-errors";

describe("database refusals", () => {
  it("turns PostgreSQL integrity and data errors into French messages", () => {
    expect(integrityRefusal({ code: "23503" })).toMatch(/n'existe pas/);
    expect(integrityRefusal({ code: "23514" })).toMatch(/hors des limites/);
    expect(integrityRefusal({ code: "22021" })).toMatch(/caractère invalide/);
  });

  it("answers data errors 400, conflicts 409, and knows the R9 CHECK by name", () => {
    for (const code of ["22003", "22P02", "22001", "22007", "22008", "22012", "22023", "23514", "23502"]) {
      const r = databaseRefusal({ code });
      expect(r, code).toBeInstanceOf(Refusal);
      expect(r!.status, code).toBe(400);
    }
    for (const code of ["23505", "23503", "23P01", "40001", "40P01"]) expect(databaseRefusal({ code })!.status, code).toBe(409);
    const r9 = databaseRefusal({ code: "23514", constraint: "order_line_declared_within_ordered" });
    expect(r9!.status).toBe(409);
    expect(r9!.message).toMatch(/jours commandés/);
    expect(databaseRefusal({ code: "40P01" })!.message).toMatch(/Réessayez/);
  });

  it("leaves anything else alone (a bug must stay a 500 that someone sees)", () => {
    expect(integrityRefusal(new Error("boom"))).toBeNull();
    expect(databaseRefusal({ code: "42703" })).toBeNull(); // undefined column: a bug
    expect(databaseRefusal({ code: "XX000" })).toBeNull();
    expect(integrityRefusal(null)).toBeNull();
  });
});
