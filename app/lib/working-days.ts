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

/** Whether `day` ('YYYY-MM-DD') is a working day: Monday to Friday, not a French public holiday. */
export function isWorkingDay(day: string): boolean {
  const weekday = new Date(`${day}T00:00:00Z`).getUTCDay();
  return weekday !== 0 && weekday !== 6 && !publicHolidays(Number(day.slice(0, 4))).has(day);
}

function shiftDay(day: string, by: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + by * 86_400_000).toISOString().slice(0, 10);
}

/** The n-th working day (1-based) of the month of `month` ('YYYY-MM-…'). */
export function nthWorkingDayOfMonth(month: string, n: number): string {
  let day = `${month.slice(0, 7)}-01`;
  let seen = isWorkingDay(day) ? 1 : 0;
  while (seen < n) {
    day = shiftDay(day, 1);
    if (isWorkingDay(day)) seen++;
  }
  return day;
}

/** The day `n` working days before `day` (which need not be a working day itself). */
export function workingDaysBefore(day: string, n: number): string {
  let current = day;
  for (let left = n; left > 0;) {
    current = shiftDay(current, -1);
    if (isWorkingDay(current)) left--;
  }
  return current;
}
