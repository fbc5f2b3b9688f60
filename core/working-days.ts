import Holidays from 'date-holidays';

/** Asia/Jakarta has had no daylight saving since 1964: a fixed +07:00 offset. */
const JAKARTA_OFFSET_MS = 7 * 60 * 60 * 1000;
const DAY_MS = 24 * 60 * 60 * 1000;

const holidays = new Holidays('ID');
const holidayCache = new Map<number, Set<string>>();

/**
 * National public holidays of a year as `YYYY-MM-DD` (Jakarta dates), from the
 * maintained `date-holidays` calendar. Islamic holidays there start at sunset the
 * evening before; the day off is the date itself, which is what we keep.
 */
export function nationalHolidays(year: number): Set<string> {
  let set = holidayCache.get(year);
  if (!set) {
    set = new Set(
      holidays
        .getHolidays(year)
        .filter((h) => h.type === 'public')
        .map((h) => h.date.slice(0, 10)),
    );
    holidayCache.set(year, set);
  }
  return set;
}

/** The calendar date in Jakarta of an instant, as `YYYY-MM-DD`. */
export function jakartaDate(at: Date): string {
  return new Date(at.getTime() + JAKARTA_OFFSET_MS).toISOString().slice(0, 10);
}

/** Monday to Friday and not a national holiday, for a `YYYY-MM-DD` Jakarta date. */
export function isWorkingDay(date: string): boolean {
  const weekday = new Date(`${date}T00:00:00Z`).getUTCDay();
  if (weekday === 0 || weekday === 6) return false;
  return !nationalHolidays(Number(date.slice(0, 4))).has(date);
}

/**
 * The deadline `days` working days after `from`: the end (23:59:59.999 Jakarta time)
 * of the `days`-th working day after the day of `from`. A report sent on Friday
 * afternoon with 3 days is due at the end of Wednesday; one sent on Saturday, too.
 */
export function addWorkingDays(from: Date, days: number): Date {
  let cursor = Date.parse(`${jakartaDate(from)}T00:00:00Z`);
  let counted = 0;
  while (counted < days) {
    cursor += DAY_MS;
    if (isWorkingDay(new Date(cursor).toISOString().slice(0, 10))) counted += 1;
  }
  return new Date(cursor + DAY_MS - 1 - JAKARTA_OFFSET_MS);
}

/**
 * Working days from `due` until `now`, counting each working day after the due
 * date's own day up to and including today (0 when not yet overdue).
 */
export function workingDaysOverdue(due: Date, now: Date): number {
  if (now.getTime() <= due.getTime()) return 0;
  let cursor = Date.parse(`${jakartaDate(due)}T00:00:00Z`);
  const end = Date.parse(`${jakartaDate(now)}T00:00:00Z`);
  let count = 0;
  while (cursor < end) {
    cursor += DAY_MS;
    if (isWorkingDay(new Date(cursor).toISOString().slice(0, 10))) count += 1;
  }
  return count;
}
