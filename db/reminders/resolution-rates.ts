import { sql, type RawBuilder } from 'kysely';
import type { Db } from '../database.js';

/** How many days of submissions a resolution rate looks back over. */
export const RESOLUTION_WINDOW_DAYS = 365;

/** An OPD's resolution rate over the window. */
export interface ResolutionRate {
  /** resolved + closed */
  resolved: number;
  /** every report of the OPD in the window except declined and not_authority */
  considered: number;
  /** resolved / considered, or null when nothing was considered */
  rate: number | null;
}

/**
 * Resolution rates of the given OPDs (every OPD with reports in the window when
 * `opdCodes` is null: one pass that can run alongside the overdue query instead of
 * waiting for its list): (resolved + closed) / all reports except
 * declined and not_authority (those were never the OPD's to resolve), over reports
 * submitted in the `windowDays` before `now`. A rolling year rather than all time so
 * an OPD that improved is seen to have improved, and long enough that a quiet OPD's
 * rate is not decided by two reports.
 */
export async function resolutionRates(
  db: Db,
  opdCodes: readonly string[] | null,
  now: Date,
  windowDays = RESOLUTION_WINDOW_DAYS,
): Promise<Map<string, ResolutionRate>> {
  const rates = new Map<string, ResolutionRate>();
  if (opdCodes?.length === 0) return rates;
  const { rows } = await resolutionRatesQuery(opdCodes, now, windowDays).execute(db);
  for (const row of rows) {
    const resolved = Number(row.resolved);
    const considered = Number(row.considered);
    rates.set(row.opd_code, { resolved, considered, rate: considered > 0 ? resolved / considered : null });
  }
  return rates;
}

/** The statement behind {@link resolutionRates}; exported so the benchmark EXPLAINs it. */
export function resolutionRatesQuery(
  opdCodes: readonly string[] | null,
  now: Date,
  windowDays: number,
): RawBuilder<{ opd_code: string; resolved: string; considered: string }> {
  const since = new Date(now.getTime() - windowDays * 24 * 3600 * 1000);
  return sql<{ opd_code: string; resolved: string; considered: string }>`
    select opd_code,
           count(*) filter (where status in ('resolved','closed')) as resolved,
           count(*) filter (where status not in ('declined','not_authority')) as considered
      from reports
     where submitted_at >= ${since} and submitted_at < ${now}
       and ${opdCodes === null ? sql`opd_code is not null` : sql`opd_code = any(${[...opdCodes]}::text[])`}
     group by opd_code`;
}
