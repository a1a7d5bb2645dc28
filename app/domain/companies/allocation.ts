// R18: service fait by company. A validated declaration line's consumed amount (R10) is split between the companies
// of the people named on it, in proportion to their days, each share rounded to the cent and the last company (by
// name) absorbing the rounding, so the companies' amounts add up to the line's exactly (allocateVat's rule); a
// line naming nobody is the holder's lead company's. This is the one allocation: the declaration page, the
// service-fait PDF and the tests read it.
import { dec, sum, toCents, type DecimalInput } from "../../lib/decimal";

export interface CompanyRef {
  id: number;
  name: string;
}

export interface AllocationLine {
  days: DecimalInput;
  /** the line's consumed amount (null: not validated, counted as 0) */
  amountHt: DecimalInput | null;
  people: { company: CompanyRef; days: DecimalInput }[];
}

export interface CompanyShare {
  companyId: number;
  name: string;
  days: string;
  amountHt: string;
}

export function serviceFaitByCompany(lines: AllocationLine[], lead: CompanyRef): CompanyShare[] {
  const out = new Map<number, { name: string; days: ReturnType<typeof dec>; amount: ReturnType<typeof dec> }>();
  const add = (c: CompanyRef, days: DecimalInput, amount: DecimalInput) => {
    const row = out.get(c.id) ?? { name: c.name, days: dec(0), amount: dec(0) };
    row.days = row.days.plus(days);
    row.amount = row.amount.plus(amount);
    out.set(c.id, row);
  };
  for (const line of lines) {
    const amount = dec(line.amountHt ?? 0);
    const byCompany = new Map<number, { company: CompanyRef; days: ReturnType<typeof dec> }>();
    for (const p of line.people) {
      const row = byCompany.get(p.company.id) ?? { company: p.company, days: dec(0) };
      row.days = row.days.plus(p.days);
      byCompany.set(p.company.id, row);
    }
    const total = sum([...byCompany.values()].map((r) => r.days));
    if (byCompany.size === 0 || total.isZero()) {
      add(lead, line.days, amount);
      continue;
    }
    const shares = [...byCompany.values()].sort((a, b) => a.company.name.localeCompare(b.company.name, "fr") || a.company.id - b.company.id);
    let given = dec(0);
    shares.forEach((s, i) => {
      const part = i === shares.length - 1 ? amount.minus(given) : dec(toCents(amount.times(s.days).dividedBy(total)));
      given = given.plus(part);
      add(s.company, s.days, part);
    });
  }
  return [...out.entries()]
    .map(([companyId, r]) => ({ companyId, name: r.name, days: r.days.toString(), amountHt: toCents(r.amount) }))
    .sort((a, b) => (a.companyId === lead.id ? -1 : b.companyId === lead.id ? 1 : a.name.localeCompare(b.name, "fr")));
}
