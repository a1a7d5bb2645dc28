import { describe, expect, it } from "vitest";
import { daysLate, dueDate, halfYearStart, interestPerDay, lateInterest } from "./deadline";

const rates = new Map([
  ["2025-01-01", "3.15"],
  ["2025-07-01", "2.15"],
  ["2026-01-01", "2.15"],
]);

/** An independent computation in integers: cents × basis points × days / (365 × 10 000), half up. */
function interestCents(ttc: string, ratePercent: string, days: number): string {
  const cents = BigInt(ttc.replace(".", ""));
  const bp = BigInt(Math.round(Number(ratePercent) * 100));
  const num = cents * bp * BigInt(days);
  const den = 365n * 10000n;
  const q = num / den;
  const rounded = (num % den) * 2n >= den ? q + 1n : q;
  return `${rounded / 100n}.${String(rounded % 100n).padStart(2, "0")}`;
}

describe("R16 payment deadline", () => {
  it("runs 30 days from the receipt, or from a later service fait", () => {
    expect(dueDate({ receivedOn: "2026-03-03", serviceFaitOn: "2026-02-27", suspendedOn: null, resumedOn: null })).toEqual({
      startOn: "2026-03-03",
      dueOn: "2026-04-02",
    });
    expect(dueDate({ receivedOn: "2026-03-03", serviceFaitOn: "2026-03-10", suspendedOn: null, resumedOn: null }).dueOn).toBe("2026-04-09");
  });

  it("stops while suspended and opens a new full period when the missing items arrive (domain.md's example)", () => {
    const base = { receivedOn: "2026-03-03", serviceFaitOn: "2026-02-27" };
    expect(dueDate({ ...base, suspendedOn: "2026-03-13", resumedOn: null }).dueOn).toBeNull();
    expect(dueDate({ ...base, suspendedOn: "2026-03-13", resumedOn: "2026-03-18" }).dueOn).toBe("2026-04-17");
  });

  it("counts the days late from the due date to the payment", () => {
    expect(daysLate("2026-04-02", "2026-04-22")).toBe(20);
    expect(daysLate("2026-04-02", "2026-04-02")).toBe(0);
    expect(daysLate("2026-04-02", "2026-03-30")).toBe(0);
    expect(daysLate(null, "2026-12-01")).toBe(0);
  });

  it("gives domain.md's worked example: 12 000,00 € TTC, 20 days at 2,15 % + 8 → 66,74 € + 40,00 €", () => {
    const r = lateInterest("12000.00", "2026-04-02", "2026-04-22", rates);
    expect(r).toMatchObject({ late: true, days: 20, halfYear: "2026-01-01", rate: "10.15", interest: "66.74", indemnity: "40.00", total: "106.74" });
  });

  it("across a half-year boundary, uses the rate of the half-year in which the delay began, for every day", () => {
    // due 20 June 2025: the delay begins 21 June (1st half of 2025, 3,15 %) and runs 40 days into July (2,15 %)
    const r = lateInterest("7314.27", "2025-06-20", "2025-07-30", rates);
    expect(r).toMatchObject({ days: 40, halfYear: "2025-01-01", rate: "11.15" });
    if (!r.late || r.rateMissing) throw new Error("expected an interest figure");
    expect(r.interest).toBe(interestCents("7314.27", "11.15", 40));
    expect(r.interest).not.toBe(interestCents("7314.27", "10.15", 40));
    // due on 30 June: the delay begins 1 July, the second half-year's rate applies
    const july = lateInterest("7314.27", "2025-06-30", "2025-07-30", rates);
    expect(july).toMatchObject({ days: 30, halfYear: "2025-07-01", rate: "10.15", interest: interestCents("7314.27", "10.15", 30) });
  });

  it("matches the integer computation on many amounts and delays (rounded once, half up)", () => {
    for (const ttc of ["0.01", "99.99", "1234.56", "50000.05", "987654.32"]) {
      for (const days of [1, 7, 29, 183, 400]) {
        const r = lateInterest(ttc, "2025-02-10", `2025-${"02"}-10`, rates);
        expect(r.late).toBe(false);
        const due = "2025-02-10";
        const paid = new Date(Date.parse(`${due}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
        const late = lateInterest(ttc, due, paid, rates);
        expect(late).toMatchObject({ days, interest: interestCents(ttc, "11.15", days) });
      }
    }
  });

  it("shows a missing rate as missing, never guessed", () => {
    const r = lateInterest("1000.00", "2026-07-10", "2026-08-01", rates);
    expect(r).toMatchObject({ late: true, days: 22, halfYear: "2026-07-01", rateMissing: true, interest: null, total: null, indemnity: "40.00" });
  });

  it("knows its half-years", () => {
    expect(halfYearStart("2026-06-30")).toBe("2026-01-01");
    expect(halfYearStart("2026-07-01")).toBe("2026-07-01");
  });
});

describe("interestPerDay", () => {
  it("is the TTC × (ECB rate of the half-year the delay begins in + 8 points) / 365, to the cent; missing rate → null", () => {
    const h1 = new Map([["2026-01-01", "2.15"]]);
    // domain.md's example: 12 000,00 × 10,15 % / 365 = 3,3369… → 3,34 € a day (66,74 € for 20 days, rounded once)
    expect(interestPerDay("12000.00", "2026-04-02", h1)).toBe("3.34");
    expect(interestPerDay("12000.00", "2026-06-30", h1)).toBeNull();
    expect(interestPerDay("12000.00", null, h1)).toBeNull();
  });
});
