import { describe, expect, it } from "vitest";
import { serviceFaitByCompany } from "./allocation";
import { sum, toCents } from "../../lib/decimal";

const lead = { id: 1, name: "Mandataire SAS" };
const co = { id: 2, name: "Cotraitant SARL" };
const sub = { id: 3, name: "Sous-traitant EI" };

describe("R18 service fait by company", () => {
  it("splits each line by the people's days, the last company absorbing the cent, and adds up exactly", () => {
    const shares = serviceFaitByCompany(
      [
        {
          days: "3",
          amountHt: "1000.00",
          people: [
            { company: lead, days: "1" },
            { company: co, days: "1" },
            { company: sub, days: "1" },
          ],
        },
        { days: "2", amountHt: "850.00", people: [] },
      ],
      lead,
    );
    expect(shares).toEqual([
      { companyId: 1, name: "Mandataire SAS", days: "3", amountHt: "1183.33" },
      { companyId: 2, name: "Cotraitant SARL", days: "1", amountHt: "333.33" },
      { companyId: 3, name: "Sous-traitant EI", days: "1", amountHt: "333.34" },
    ]);
    expect(toCents(sum(shares.map((s) => s.amountHt)))).toBe("1850.00");
  });

  it("gathers two people of one company, and counts a line not validated as 0 €", () => {
    const shares = serviceFaitByCompany(
      [
        {
          days: "2.5",
          amountHt: null,
          people: [
            { company: sub, days: "1.5" },
            { company: sub, days: "1" },
          ],
        },
      ],
      lead,
    );
    expect(shares).toEqual([{ companyId: 3, name: "Sous-traitant EI", days: "2.5", amountHt: "0.00" }]);
  });
});
