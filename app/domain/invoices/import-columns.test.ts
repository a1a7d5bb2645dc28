import { describe, expect, it } from "vitest";
import { itMaps } from "../../../tests/helpers/cases";
import { chorusColumnOf, chorusStatus, frenchAmount, frenchDate } from "./import-columns";
import { movesBetween } from "./states";

describe("Chorus Pro import: columns, states, French amounts and dates", () => {
  it("finds a column by its label or an alias, accents and case ignored", () => {
    expect(chorusColumnOf("NUMERO DE FACTURE")?.key).toBe("number");
    expect(chorusColumnOf("N° EJ")?.key).toBe("ejNumber");
    expect(chorusColumnOf("État")?.key).toBe("state");
    expect(chorusColumnOf("Montant")).toBeUndefined();
  });
  itMaps("maps Chorus Pro's state labels and codes to R15's states", chorusStatus, [
    ["Mise à disposition", "deposited"],
    ["MISE_A_DISPOSITION", "deposited"],
    ["Complétée", "deposited"],
    ["suspendue", "suspended"],
    ["Refusée", "rejected"],
    ["Mandatée", "in_payment"],
    ["Payée", "paid"],
    ["Perdue", null],
  ]);
  itMaps("reads amounts the French way, never as floats", frenchAmount, [
    ["1 234,56", "1234.56"],
    ["1\u202f234,5 €", "1234.50"],
    ["1234.56", "1234.56"],
    ["0012", "12.00"],
    ["1234.5599999999999", "1234.56"],
    ["1,234.56", null],
    ["12,345", null],
    ["-5", null],
    ["", null],
  ]);
  itMaps("reads dates as dd/mm/yyyy or ISO, and refuses dates that do not exist", frenchDate, [
    ["03/10/2025", "2025-10-03"],
    ["3/1/2026", "2026-01-03"],
    ["2026-01-08", "2026-01-08"],
    ["08/01/2026 14:32", "2026-01-08"],
    ["31/02/2026", null],
    ["2026-13-01", null],
    ["janvier", null],
  ]);
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
