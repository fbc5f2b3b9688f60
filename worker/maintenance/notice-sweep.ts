import type { Queue } from 'bullmq';
import { sql, type Kysely } from 'kysely';
import type { Logger } from '../../core/logger.js';
import type { Database } from '../../db/database.js';
import { lifecycleNoticeJobs } from '../lifecycle-notices.js';
import { notificationSchema, notificationsQueue } from '../queues.js';

/**
 * How far back a sweep looks, by default. Far inside the notifications queue's 24 h
 * removeOnComplete age, so a notice done long ago is still a known job id (a no-op)
 * rather than a new one; two hours cover a Redis outage of that length.
 */
export const DEFAULT_SWEEP_LOOKBACK_MS = 2 * 3600_000;
/** Events younger than this are left to the caller's fast path (it queues right after the commit). */
export const DEFAULT_SWEEP_GRACE_MS = 30_000;
/** Events read (and jobs added in one addBulk) per batch. */
export const NOTICE_SWEEP_BATCH = 500;

// A backlog larger than this (a million notices in two hours) waits for the next sweep.
const MAX_BATCHES_PER_SWEEP = 2_000;

/** Where and how far one sweep looks. */
export interface NoticeSweepOptions {
  /** @defaultValue {@link DEFAULT_SWEEP_LOOKBACK_MS} */
  lookbackMs?: number | undefined;
  /** @defaultValue {@link DEFAULT_SWEEP_GRACE_MS} */
  graceMs?: number | undefined;
  /** @defaultValue {@link NOTICE_SWEEP_BATCH} */
  batchSize?: number | undefined;
  /** Only events of this OPD's reports (tests sharing a database; a deployment leaves it unset). */
  opdCode?: string | undefined;
}

/** What one sweep did. */
export interface NoticeSweepRun {
  /** Events with notices in the window. */
  events: number;
  /** Notices offered to the queue (most are no-ops: already queued or done). */
  offered: number;
  /** Stored notices that no longer match the queue's schema: skipped and logged by id. */
  invalid: number;
}

/**
 * Re-adds the stored notices of every event created in `[now − lookback, now − grace)`
 * to the notifications queue under the fast path's job ids (`event-<id>-citizen`,
 * `event-<id>-opd`). BullMQ ignores an add whose job id it holds (waiting, active,
 * completed within 24 h, failed), and the notification worker derives delivery ids
 * from the job id (recorded once in outbound_messages), so repeating a sweep, or
 * sweeping what the fast path queued, tells nobody twice.
 */
export async function sweepLifecycleNotices(
  deps: { db: Kysely<Database>; notifications: Queue; logger: Logger },
  now: Date,
  options: NoticeSweepOptions = {},
): Promise<NoticeSweepRun> {
  const from = new Date(now.getTime() - (options.lookbackMs ?? DEFAULT_SWEEP_LOOKBACK_MS));
  const to = new Date(now.getTime() - (options.graceMs ?? DEFAULT_SWEEP_GRACE_MS));
  const limit = options.batchSize ?? NOTICE_SWEEP_BATCH;
  const run: NoticeSweepRun = { events: 0, offered: 0, invalid: 0 };
  // Keyset over (created_at, id), the partial index's order: each batch is one range
  // scan. The cursor's time is kept as PostgreSQL's text (microseconds), not a JS Date
  // (milliseconds), so a row is never read twice nor skipped.
  let after: { createdAt: string; id: string } | null = null;
  for (let batch = 0; batch < MAX_BATCHES_PER_SWEEP; batch++) {
    const page = after;
    let query = deps.db
      .selectFrom('report_events as e')
      .select(['e.id', 'e.notices', sql<string>`e.created_at::text`.as('cursor')])
      .where('e.notices', 'is not', null)
      .where('e.created_at', '>=', from)
      .where('e.created_at', '<', to)
      .orderBy('e.created_at')
      .orderBy('e.id')
      .limit(limit);
    if (page) {
      query = query.where(sql<boolean>`(e.created_at, e.id) > (${page.createdAt}::timestamptz, ${page.id}::bigint)`);
    }
    if (options.opdCode) {
      const opdCode = options.opdCode;
      query = query.where((eb) =>
        eb.exists(eb.selectFrom('reports as r').select('r.id').whereRef('r.id', '=', 'e.report_id').where('r.opd_code', '=', opdCode)),
      );
    }
    const rows = await query.execute();
    const jobs = [];
    for (const row of rows) {
      for (const job of lifecycleNoticeJobs(row.id, row.notices ?? {})) {
        const parsed = notificationSchema.safeParse(job.data);
        if (!parsed.success) {
          // Only the ids: the payload holds the citizen's chat ref (a phone number on SMS).
          deps.logger.error({ eventId: row.id, jobId: job.jobId }, 'stored lifecycle notice is not a valid notification; skipped');
          run.invalid++;
          continue;
        }
        jobs.push({ name: notificationsQueue.job, data: parsed.data, opts: { jobId: job.jobId } });
      }
    }
    if (jobs.length > 0) await deps.notifications.addBulk(jobs);
    run.events += rows.length;
    run.offered += jobs.length;
    if (rows.length < limit) {
      after = null;
      break;
    }
    const last = rows[rows.length - 1]!;
    after = { createdAt: last.cursor, id: last.id };
  }
  if (after) deps.logger.warn({ events: run.events }, 'lifecycle notice sweep stopped at its batch limit; the rest waits');
  if (run.events > 0) deps.logger.debug({ ...run }, 'lifecycle notices swept');
  return run;
}
