import { sql } from 'kysely';
import { jakartaDate, workingDaysOverdue } from '../../core/working-days.js';
import type { Db } from '../database.js';
import { isoWeek } from './iso-week.js';
import { DEFAULT_OLDEST_LIMIT, findOverdueOpds, type OverdueOpd, type OverdueReport } from './overdue.js';
import { RESOLUTION_WINDOW_DAYS, resolutionRates, type ResolutionRate } from './resolution-rates.js';

/** An overdue report with how late it is. */
export interface LateReport extends OverdueReport {
  /** Working days (Asia/Jakarta, national holidays off) since the due date's day. */
  workingDaysOverdue: number;
}

/** What one OPD's officers are told. */
export interface OpdReminder extends Omit<OverdueOpd, 'oldest'> {
  oldest: LateReport[];
}

/** One line of a coordinating admin's ranking. */
export interface RankedOpd {
  opdCode: string;
  opdName: string;
  overdue: number;
  resolution: ResolutionRate;
}

/** What a coordinating admin is told: the lagging OPDs of its jurisdiction, worst first. */
export interface JurisdictionSummary {
  coordinatorCode: string;
  coordinatorName: string;
  /** The coordinator's region_code: every OPD whose region is it or lies under it. */
  regionCode: string;
  ranking: RankedOpd[];
}

/** A week's reminders, computed, not yet sent. */
export interface WeeklyReminders {
  /** ISO week of `now` in Jakarta, e.g. `2026-W48`. */
  week: string;
  now: Date;
  opds: OpdReminder[];
  summaries: JurisdictionSummary[];
}

/** Options of {@link computeWeeklyReminders}. */
export interface ComputeOptions {
  /** Oldest reports listed per OPD. @defaultValue 5 */
  oldestLimit?: number;
  /** Days of submissions behind a resolution rate. @defaultValue 365 */
  resolutionWindowDays?: number;
}

/** `21.71.07` → `['21', '21.71', '21.71.07']`: the regions whose coordinators oversee it. */
function ancestors(regionCode: string): string[] {
  const parts = regionCode.split('.');
  return parts.map((_, i) => parts.slice(0, i + 1).join('.'));
}

/**
 * Computes the week's reminders at `now`: every OPD with overdue reports (see
 * {@link findOverdueOpds}), its oldest with working days overdue, and for every active
 * coordinating admin the OPDs of its jurisdiction that have overdue reports, ranked by
 * overdue count (then by lower resolution rate), with their resolution rate.
 */
export async function computeWeeklyReminders(db: Db, now: Date, options: ComputeOptions = {}): Promise<WeeklyReminders> {
  // Three independent statements, run side by side: with most OPDs lagging, waiting
  // for the overdue list before asking for its rates would add the two durations.
  const [overdue, rates, coordinators] = await Promise.all([
    findOverdueOpds(db, now, options.oldestLimit ?? DEFAULT_OLDEST_LIMIT),
    resolutionRates(db, null, now, options.resolutionWindowDays ?? RESOLUTION_WINDOW_DAYS),
    sql<{ code: string; name: string; region_code: string }>`
      select code, name, region_code from opd where is_coordinator and active`.execute(db),
  ]);

  // Many reports share a due day; counting working days once per day keeps this cheap
  // with 10,000 OPDs.
  const lateness = new Map<string, number>();
  const daysLate = (due: Date): number => {
    const key = jakartaDate(due);
    let days = lateness.get(key);
    if (days === undefined) lateness.set(key, (days = workingDaysOverdue(due, now)));
    return days;
  };
  const opds: OpdReminder[] = overdue.map((o) => ({
    ...o,
    oldest: o.oldest.map((r) => ({ ...r, workingDaysOverdue: daysLate(r.dueAt) })),
  }));

  const byRegion = new Map(coordinators.rows.map((c) => [c.region_code, c]));
  const rankings = new Map<string, RankedOpd[]>();
  for (const o of opds) {
    const resolution = rates.get(o.opdCode) ?? { resolved: 0, considered: 0, rate: null };
    for (const region of ancestors(o.regionCode)) {
      const coordinator = byRegion.get(region);
      if (!coordinator) continue;
      const list = rankings.get(coordinator.code) ?? [];
      list.push({ opdCode: o.opdCode, opdName: o.opdName, overdue: o.total, resolution });
      rankings.set(coordinator.code, list);
    }
  }
  const summaries: JurisdictionSummary[] = [];
  for (const c of coordinators.rows) {
    const ranking = rankings.get(c.code);
    if (!ranking) continue;
    ranking.sort(
      (a, b) =>
        b.overdue - a.overdue || (a.resolution.rate ?? 0) - (b.resolution.rate ?? 0) || a.opdCode.localeCompare(b.opdCode),
    );
    summaries.push({ coordinatorCode: c.code, coordinatorName: c.name, regionCode: c.region_code, ranking });
  }
  summaries.sort((a, b) => a.coordinatorCode.localeCompare(b.coordinatorCode));
  return { week: isoWeek(now), now, opds, summaries };
}
