import { describe, expect, it } from "vitest";
import { can, grants } from "./grants";

describe("grants", () => {
  it("only correspondents write orders and validate declarations", () => {
    expect(can({ role: "correspondent" }, "order:write")).toBe(true);
    expect(can({ role: "dinum" }, "order:write")).toBe(false);
    expect(can({ role: "contractor" }, "order:write")).toBe(false);
    expect(can({ role: "correspondent" }, "declaration:validate")).toBe(true);
    expect(can({ role: "contractor" }, "declaration:validate")).toBe(false);
  });
  it("only contractors declare, only DINUM administers reference data and users", () => {
    expect(can({ role: "contractor" }, "declaration:write")).toBe(true);
    expect(can({ role: "correspondent" }, "declaration:write")).toBe(false);
    for (const role of ["correspondent", "contractor"] as const) {
      expect(can({ role }, "reference:write")).toBe(false);
      expect(can({ role }, "user:admin")).toBe(false);
      expect(can({ role }, "report:consolidated")).toBe(false);
    }
    expect(can({ role: "dinum" }, "user:admin")).toBe(true);
  });
  it("nobody signed out can do anything", () => {
    expect(can(null, "order:read")).toBe(false);
    expect(Object.keys(grants).sort()).toEqual(["contractor", "correspondent", "dinum"]);
  });
});
