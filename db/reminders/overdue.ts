import { sql, type RawBuilder } from 'kysely';
import type { Db } from '../database.js';

/**
 * Which reports are overdue, and whose they are. Three disjoint kinds:
 * - `verification`: status submitted/postponed with `verification_due_at` passed. The
 *   coordinating admin's (`coordinator_opd_code`, else `opd_code`): only it can verify.
 * - `followup`: status disposed/in_progress, never answered (`answered_at` null), with
 *   `followup_due_at` passed. The handling OPD's (`opd_code`).
 * - `response`: status in_progress although the OPD had answered (`answered_at` set):
 *   the citizen responded to the answer (or reopened it) and the OPD owes a new reply.
 *   Its clock is `followup_due_at`, which the lifecycle sets again when a citizen's
 *   response puts the report back in progress. `answered` reports past `close_due_at`
 *   are not an OPD's lag (they close themselves), so they are not counted.
 */
export type OverdueKind = 'verification' | 'followup' | 'response';

/** One of an OPD's oldest overdue reports. */
export interface OverdueReport {
  ticket: string;
  kind: OverdueKind;
  dueAt: Date;
}

/** An OPD with overdue reports: counts by kind and its oldest ones (earliest due first). */
export interface OverdueOpd {
  opdCode: string;
  opdName: string;
  regionCode: string;
  isCoordinator: boolean;
  total: number;
  byKind: Record<OverdueKind, number>;
  oldest: OverdueReport[];
}

/** How many of an OPD's oldest overdue reports a reminder lists. */
export const DEFAULT_OLDEST_LIMIT = 5;

/** A row of {@link overdueQuery}: one OPD, its oldest reports as JSON. */
export interface OverdueRow {
  owner: string;
  name: string;
  region_code: string;
  is_coordinator: boolean;
  total: string;
  verification: string;
  followup: string;
  response: string;
  /** ticket, kind, due date (ISO), oldest first */
  oldest: { t: string; k: OverdueKind; d: string }[];
}

/**
 * Every OPD with reports overdue at `now`, most overdue first, each with its `limit`
 * oldest. One set-based statement: the two partial indexes of migration 0006 give the
 * open reports past due, a window ranks them per owner, and only the top rows leave
 * the server, so the cost follows the number of overdue reports, not of all reports.
 */
export async function findOverdueOpds(db: Db, now: Date, limit = DEFAULT_OLDEST_LIMIT): Promise<OverdueOpd[]> {
  const { rows } = await overdueQuery(now, limit).execute(db);

  return rows.map((row) => ({
    opdCode: row.owner,
    opdName: row.name,
    regionCode: row.region_code,
    isCoordinator: row.is_coordinator,
    total: Number(row.total),
    byKind: { verification: Number(row.verification), followup: Number(row.followup), response: Number(row.response) },
    oldest: row.oldest.map((r) => ({ ticket: r.t, kind: r.k, dueAt: new Date(r.d) })),
  }));
}

/**
 * The statement behind {@link findOverdueOpds}, one row per OPD; exported so
 * the benchmark EXPLAINs exactly what runs.
 */
export function overdueQuery(now: Date, limit: number): RawBuilder<OverdueRow> {
  return sql<OverdueRow>`
    with overdue as (
      select coalesce(coordinator_opd_code, opd_code) as owner, 'verification' as kind,
             verification_due_at as due_at, ticket
        from reports
       where status in ('submitted','postponed') and verification_due_at < ${now}
      union all
      select opd_code, case when status = 'in_progress' and answered_at is not null then 'response' else 'followup' end,
             followup_due_at, ticket
        from reports
       where status in ('disposed','in_progress') and followup_due_at < ${now}
    ), ranked as (
      select owner, kind, due_at, ticket,
             row_number() over w as rn,
             count(*) over p as total,
             count(*) filter (where kind = 'verification') over p as verification,
             count(*) filter (where kind = 'followup') over p as followup,
             count(*) filter (where kind = 'response') over p as response
        from overdue
       where owner is not null
      window p as (partition by owner), w as (partition by owner order by due_at, ticket)
    )
    -- One row per OPD with its oldest as JSON: a tenth of the rows to send and parse.
    select r.owner, o.name, o.region_code, o.is_coordinator, r.total, r.verification, r.followup, r.response,
           json_agg(json_build_object('t', r.ticket, 'k', r.kind, 'd', r.due_at) order by r.rn) as oldest
      from ranked r join opd o on o.code = r.owner
     where r.rn <= ${limit}
     group by r.owner, o.name, o.region_code, o.is_coordinator, r.total, r.verification, r.followup, r.response
     order by r.total desc, r.owner`;
}
