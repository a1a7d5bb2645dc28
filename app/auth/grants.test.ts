import { describe, expect, it } from "vitest";
import { can, grants, type Permission } from "./grants";
import { scopePins } from "./user";

const roles = ["dinum", "correspondent", "contractor"] as const;
/** The roles holding a permission, from the table. */
const holders = (permission: Permission) => roles.filter((role) => can({ role }, permission));

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
  it("drafts stay with their side: a draft order with its buyers, a draft declaration with its contractor", () => {
    expect(holders("order:see-drafts")).toEqual(["dinum", "correspondent"]);
    expect(holders("declaration:see-drafts")).toEqual(["contractor"]);
  });
  it("DINUM alone works on every beneficiary's products and sees the contract-wide figures; buyers see the budget", () => {
    expect(holders("product:any-beneficiary")).toEqual(["dinum"]);
    expect(holders("product:write")).toEqual(["dinum", "correspondent"]);
    expect(holders("report:consolidated")).toEqual(["dinum"]);
    expect(holders("budget:read")).toEqual(["dinum", "correspondent"]);
  });
  it("R15: the contractor records invoices, the buyer's side processes and imports them, DINUM keeps the ECB rates", () => {
    expect(holders("invoice:read")).toEqual(["dinum", "correspondent", "contractor"]);
    expect(holders("invoice:record")).toEqual(["contractor"]);
    expect(holders("invoice:process")).toEqual(["dinum", "correspondent"]);
    expect(holders("invoice:import")).toEqual(["dinum", "correspondent"]);
    expect(holders("invoice:any-beneficiary")).toEqual(["dinum"]);
    expect(holders("ecb-rate:write")).toEqual(["dinum"]);
  });
  it("nobody signed out can do anything", () => {
    expect(can(null, "order:read")).toBe(false);
    expect(can(undefined, "declaration:see-drafts")).toBe(false);
    expect(Object.keys(grants).sort()).toEqual(["contractor", "correspondent", "dinum"]);
  });
  it("no role lists a permission twice", () => {
    for (const role of roles) expect(new Set(grants[role]).size).toBe(grants[role].length);
  });
});

describe("scopePins", () => {
  it("pins a correspondent's reports to its beneficiary, a contractor's to its company, DINUM's to nothing", () => {
    expect(scopePins({ role: "dinum", beneficiaryId: null, contractorId: null })).toEqual({});
    expect(scopePins({ role: "correspondent", beneficiaryId: 7, contractorId: null })).toEqual({ beneficiaryId: 7 });
    expect(scopePins({ role: "contractor", beneficiaryId: null, contractorId: 3 })).toEqual({ contractorId: 3 });
  });
});
