import { describe, expect, it } from "vitest";
import { chorusColumnOf, chorusStatus, frenchAmount, frenchDate } from "./import-columns";
import { movesBetween } from "./states";

describe("Chorus Pro import: columns, states, French amounts and dates", () => {
  it("finds a column by its label or an alias, accents and case ignored", () => {
    expect(chorusColumnOf("NUMERO DE FACTURE")?.key).toBe("number");
    expect(chorusColumnOf("N° EJ")?.key).toBe("ejNumber");
    expect(chorusColumnOf("État")?.key).toBe("state");
    expect(chorusColumnOf("Montant")).toBeUndefined();
  });
  it("maps Chorus Pro's state labels and codes to R15's states", () => {
    expect(chorusStatus("Mise à disposition")).toBe("deposited");
    expect(chorusStatus("MISE_A_DISPOSITION")).toBe("deposited");
    expect(chorusStatus("Complétée")).toBe("deposited");
    expect(chorusStatus("suspendue")).toBe("suspended");
    expect(chorusStatus("Refusée")).toBe("rejected");
    expect(chorusStatus("Mandatée")).toBe("in_payment");
    expect(chorusStatus("Payée")).toBe("paid");
    expect(chorusStatus("Perdue")).toBeNull();
  });
  it("reads amounts the French way, never as floats", () => {
    expect(frenchAmount("1 234,56")).toBe("1234.56");
    expect(frenchAmount("1\u202f234,5 €")).toBe("1234.50");
    expect(frenchAmount("1234.56")).toBe("1234.56");
    expect(frenchAmount("0012")).toBe("12.00");
    expect(frenchAmount("1234.5599999999999")).toBe("1234.56");
    expect(frenchAmount("1,234.56")).toBeNull();
    expect(frenchAmount("12,345")).toBeNull();
    expect(frenchAmount("-5")).toBeNull();
    expect(frenchAmount("")).toBeNull();
  });
  it("reads dates as dd/mm/yyyy or ISO, and refuses dates that do not exist", () => {
    expect(frenchDate("03/10/2025")).toBe("2025-10-03");
    expect(frenchDate("3/1/2026")).toBe("2026-01-03");
    expect(frenchDate("2026-01-08")).toBe("2026-01-08");
    expect(frenchDate("08/01/2026 14:32")).toBe("2026-01-08");
    expect(frenchDate("31/02/2026")).toBeNull();
    expect(frenchDate("2026-13-01")).toBeNull();
    expect(frenchDate("janvier")).toBeNull();
  });
  it("finds the moves from a state to another, none back from paid or rejected, one suspension only", () => {
    expect(movesBetween({ status: "deposited", suspendedOn: null }, "paid")).toEqual(["in_payment", "pay"]);
    expect(movesBetween({ status: "suspended", suspendedOn: "2026-01-15" }, "in_payment")).toEqual(["resume", "in_payment"]);
    expect(movesBetween({ status: "deposited", suspendedOn: null }, "deposited")).toEqual([]);
    expect(movesBetween({ status: "deposited", suspendedOn: "2026-01-15" }, "suspended")).toBeNull();
    expect(movesBetween({ status: "paid", suspendedOn: null }, "deposited")).toBeNull();
    expect(movesBetween({ status: "rejected", suspendedOn: null }, "paid")).toBeNull();
    expect(movesBetween({ status: "in_payment", suspendedOn: null }, "rejected")).toBeNull();
  });
});
