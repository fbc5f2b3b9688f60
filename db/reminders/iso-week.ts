import { jakartaDate } from '../../core/working-days.js';

/**
 * The ISO week of an instant's Jakarta date, as `YYYY-Www` (e.g. `2026-W48`): the key
 * that makes a week's reminders happen once, whatever hour of the week the job runs.
 */
export function isoWeek(at: Date): string {
  const day = new Date(`${jakartaDate(at)}T00:00:00Z`);
  // ISO weeks belong to the year of their Thursday.
  const weekday = day.getUTCDay() || 7;
  day.setUTCDate(day.getUTCDate() + 4 - weekday);
  const yearStart = Date.UTC(day.getUTCFullYear(), 0, 1);
  const week = Math.ceil(((day.getTime() - yearStart) / 86_400_000 + 1) / 7);
  return `${day.getUTCFullYear()}-W${String(week).padStart(2, '0')}`;
}
