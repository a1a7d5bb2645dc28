// Jours ouvrés: Monday-Friday less French public holidays (R9), from a maintained holidays package.
import getJoursFeries from "@socialgouv/jours-feries";
import { lastDayOfMonth } from "./dates";

function localDateString(d: Date): string {
  // the package returns local-midnight Dates: read them back in local time
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, "0")}-${String(d.getDate()).padStart(2, "0")}`;
}

const cache = new Map<number, Set<string>>();

export function publicHolidays(year: number): Set<string> {
  let set = cache.get(year);
  if (!set) {
    set = new Set(Object.values(getJoursFeries(year, { alsace: false })).map(localDateString));
    cache.set(year, set);
  }
  return set;
}

/** Number of working days in the month starting at `month` ('YYYY-MM-01'). */
export function workingDaysInMonth(month: string): number {
  const year = Number(month.slice(0, 4));
  const holidays = publicHolidays(year);
  const last = Number(lastDayOfMonth(month).slice(8, 10));
  let count = 0;
  for (let day = 1; day <= last; day++) {
    const iso = `${month.slice(0, 7)}-${String(day).padStart(2, "0")}`;
    const weekday = new Date(`${iso}T00:00:00Z`).getUTCDay();
    if (weekday !== 0 && weekday !== 6 && !holidays.has(iso)) count++;
  }
  return count;
}
