// Pure pieces of the order rules, shared by services and forms.
import { addDays } from "../../lib/dates";

/** R2: the last day of a one-month period starting on `start` (15/06 → 14/07, 01/06 → 30/06, 31/01 → 27/02 or 28/02). */
export function oneMonthEnd(start: string): string {
  const [y, m, d] = start.split("-").map(Number);
  const index = y * 12 + (m - 1) + 1;
  const ny = Math.floor(index / 12);
  const nm = (index % 12) + 1;
  const last = new Date(Date.UTC(ny, nm, 0)).getUTCDate();
  const day = Math.min(d, last);
  return addDays(`${ny}-${String(nm).padStart(2, "0")}-${String(day).padStart(2, "0")}`, -1);
}

/** R6: the number of an issued order, `<contract reference>-<year>-<seq on 4 digits>`. */
export function orderNumber(contractReference: string, year: number, seq: number): string {
  return `${contractReference}-${year}-${String(seq).padStart(4, "0")}`;
}
