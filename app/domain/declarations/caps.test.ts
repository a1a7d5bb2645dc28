import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { committedDays, lineCapError, monthError, ofMonth, peopleTotalError, personCapError } from "./caps";
import { halfDays, parseMonth, parsePeople } from "./schemas";
import { parseFormLines, issuesToFieldErrors } from "./form";
import { dec } from "../../lib/decimal";

describe("R9 caps", () => {
  it("month: within the order's period and not in the future (today in Paris)", () => {
    expect(monthError("2026-11-01", "2026-01-15", "2026-12-31", "2026-11-23")).toBeNull();
    expect(monthError("2026-01-01", "2026-01-15", "2026-12-31", "2026-11-23")).toBeNull();
    expect(monthError("2026-12-01", "2026-01-15", "2026-12-31", "2026-11-23")).toBe(
      "On ne peut pas déclarer décembre 2026 : ce mois n'est pas encore commencé.",
    );
    expect(monthError("2025-12-01", "2026-01-15", "2026-12-31", "2026-11-23")).toBe(
      "Décembre 2025 est hors de la période d'exécution du bon de commande (du 15/01/2026 au 31/12/2026).",
    );
  });

  it("line: validated + submitted never exceed ordered; the message says how many days remain", () => {
    expect(lineCapError({ label: "Ligne 1", orderedDays: "10", used: "7.5", delta: "2.5" })).toBeNull();
    expect(lineCapError({ label: "Ligne 1", orderedDays: "10", used: "7.5", delta: "3" })).toBe(
      "Ligne 1 : il reste 2,5 j à déclarer sur cette ligne (10 j commandés, 7,5 j déjà validés ou soumis) ; cette déclaration en ajoute 3.",
    );
    expect(lineCapError({ label: "L", orderedDays: "10", used: "12", delta: "-1" })).toBeNull();
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 400 }), fc.integer({ min: 0, max: 400 }), fc.integer({ min: 0, max: 400 }), (o, u, d) => {
        const accepted = lineCapError({ label: "L", orderedDays: dec(o).div(2), used: dec(u).div(2), delta: dec(d).div(2) }) === null;
        return accepted === (u + d <= o || d === 0);
      }),
    );
  });

  it("a line's count from its running totals: validated days plus submitted raises, a submitted lowering counting for nothing", () => {
    expect(committedDays({ consumed_days: "10.0", pending_days: "0.0", pending_raise_days: "6.0" })).toEqual({
      consumed: "10.0",
      pending: "6.0",
      lowering: true,
      committed: "16.0",
    });
    expect(committedDays({ consumed_days: "3.5", pending_days: "2.0", pending_raise_days: "2.0" })).toEqual({
      consumed: "3.5",
      pending: "2.0",
      lowering: false,
      committed: "5.5",
    });
  });

  it("person: at most the working days of the month", () => {
    expect(personCapError({ name: "Ada", month: "2026-05-01", other: "10", here: "7", workingDays: 17 })).toBeNull();
    expect(personCapError({ name: "Ada", month: "2026-05-01", other: "10", here: "7.5", workingDays: 17 })).toBe(
      "Ada dépasserait les 17 jours ouvrés de mai 2026 : 17,5 j au total, dont 10 j déjà déclarés sur d'autres bons de commande ; il lui reste 7 j.",
    );
    expect(peopleTotalError("Ligne 2", "3", ["2", "1.5"])).toMatch(/totalisent 3,5 j alors que la ligne déclare 3 j/);
    expect(ofMonth("2026-08-01")).toBe("d'août 2026");
    expect(ofMonth("2026-10-01")).toBe("d'octobre 2026");
    expect(ofMonth("2026-03-01")).toBe("de mars 2026");
  });
});

describe("people of a line", () => {
  it("when people are named, their days add up to exactly the line's days (a 20-day line named 17 days is refused)", () => {
    expect(peopleTotalError("Ligne 1", "20", ["10", "7"])).toBe(
      "Ligne 1 : les intervenants totalisent 17 j alors que la ligne déclare 20 j ; quand des intervenants sont nommés, leurs jours doivent faire exactement le total de la ligne.",
    );
    expect(peopleTotalError("Ligne 1", "20.0", ["12.5", "7.5"])).toBeNull();
    expect(peopleTotalError("Ligne 1", "20", [])).toBeNull(); // nobody named: nothing to add up
  });
});

describe("declaration input", () => {
  it("days are half-days, typed the French way", () => {
    expect(halfDays("Jours").parse("2,5")).toBe("2.5");
    expect(halfDays("Jours").parse(" 3 ")).toBe("3.0");
    expect(halfDays("Jours").parse("0")).toBe("0.0");
    expect(halfDays("Jours").safeParse("2,3").error?.issues[0].message).toBe("Jours : les jours se déclarent par demi-journées (0,5).");
    expect(halfDays("Jours").safeParse("-1").error?.issues[0].message).toBe("Jours : indiquez un nombre de jours positif, par exemple 2 ou 2,5.");
    expect(halfDays("Jours").safeParse("abc").success).toBe(false);
    expect(parseMonth("2026-05")).toBe("2026-05-01");
    expect(parseMonth("2026-13")).toBeNull();
  });

  it("people: a name needs days, days need a name, no one twice", () => {
    expect(
      parsePeople([
        { name: " Ada  Lovelace ", days: "2,5" },
        { name: "", days: "" },
      ]),
    ).toEqual({ ok: true, people: [{ name: "Ada Lovelace", days: "2.5" }] });
    const r = parsePeople([
      { name: "", days: "2" },
      { name: "Bob", days: "" },
      { name: "Ada", days: "1" },
      { name: "ada", days: "1" },
    ]);
    expect(r.ok).toBe(false);
    if (!r.ok)
      expect(r.errors.map((e) => [e.index, e.field])).toEqual([
        [0, "name"],
        [1, "days"],
        [3, "name"],
      ]);
  });

  it("the form keeps every field error next to its field", () => {
    const values = [{ orderLineId: "7", days: "1,3", activities: "", remainingEstimateDays: "x", remainingComment: "", people: [{ name: "Ada", days: "" }] }];
    const r = parseFormLines(values);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(Object.keys(r.errors).sort()).toEqual(["line[0].days", "line[0].person[0].days", "line[0].remainingEstimateDays"]);
    expect(
      issuesToFieldErrors(
        [
          { orderLineId: 7, field: "days", message: "trop" },
          { personName: "Ada", field: "people", message: "plafond" },
        ],
        values,
      ),
    ).toEqual({ "line[0].days": "trop", "line[0].person[0].days": "plafond" });
  });
});

describe("blank form lines", () => {
  it("are not declared, but at least one line is", () => {
    const blank = { orderLineId: "1", days: "", activities: "", remainingEstimateDays: "", remainingComment: "", people: [{ name: "", days: "" }] };
    const r = parseFormLines([blank, { ...blank, orderLineId: "2", days: "0" }]);
    expect(r.ok && r.lines.map((l) => l.orderLineId)).toEqual([2]);
    const none = parseFormLines([blank]);
    expect(!none.ok && none.errors["line[0].days"]).toMatch(/au moins une ligne/);
  });
});
