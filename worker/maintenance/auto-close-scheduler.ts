import type { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Kysely } from 'kysely';
import type { Logger } from '../../core/logger.js';
import type { Database } from '../../db/database.js';
import { closeOverdueAnswered } from '../../db/lifecycle/auto-close.js';
import { queueLifecycleNotices } from '../lifecycle-notices.js';
import { startPeriodicJob, type PeriodicJob } from '../periodic-job.js';
import { notificationsQueue, openQueue } from '../queues.js';
import { autoCloseQueue } from './auto-close-queue.js';

/** How often overdue answered reports are closed, by default. The clock is in days; minutes of lag are fine. */
export const DEFAULT_AUTO_CLOSE_EVERY_MS = 15 * 60_000;
/** The job scheduler's id: one per deployment, so every process may upsert it. */
export const AUTO_CLOSE_SCHEDULER_ID = 'auto-close';
/** Reports closed per batch; a run takes batches until one comes back short. */
export const AUTO_CLOSE_BATCH = 500;
// A backlog larger than this waits for the next run rather than holding the worker.
const MAX_BATCHES_PER_RUN = 20;

/** What {@link startAutoCloseScheduler} needs. */
export interface AutoCloseSchedulerDeps {
  db: Kysely<Database>;
  /** A Redis client made by core/redis.ts createRedis (BullMQ workers need maxRetriesPerRequest null). */
  redis: Redis;
  redisPrefix: string;
  logger: Logger;
  /** @defaultValue {@link DEFAULT_AUTO_CLOSE_EVERY_MS} */
  everyMs?: number | undefined;
  /** Only this OPD's reports (tests sharing a database; a deployment leaves it unset). */
  opdCode?: string | undefined;
  /** @defaultValue {@link AUTO_CLOSE_BATCH} */
  batchSize?: number | undefined;
}

/** A running auto-close schedule and its worker. */
export type AutoCloseScheduler = PeriodicJob;

/** What one run did. */
export interface AutoCloseRun {
  closed: string[];
}

/**
 * Closes every answered report whose close clock ran out by `now` and queues each
 * citizen's "selesai" notice. Safe when two workers run at once: each report is
 * closed in its own transaction under its row lock, and a report already closed is
 * refused (not returned), so only the worker that closed it queues its notices —
 * and those are keyed by the close event's id, so a re-queue is a no-op.
 */
export async function runAutoClose(
  deps: { db: Kysely<Database>; notifications: Queue; logger: Logger },
  now: Date,
  options: { opdCode?: string | undefined; batchSize?: number | undefined } = {},
): Promise<AutoCloseRun> {
  const limit = options.batchSize ?? AUTO_CLOSE_BATCH;
  const closed: string[] = [];
  for (let batch = 0; batch < MAX_BATCHES_PER_RUN; batch++) {
    const results = await closeOverdueAnswered(deps.db, now, { limit, ...(options.opdCode ? { opdCode: options.opdCode } : {}) });
    for (const result of results) {
      // Queued right after each close (the fast path). A crash in between does not lose
      // the notice: it is stored with the close event and the notice sweep re-queues it.
      await queueLifecycleNotices(deps.notifications, result);
      closed.push(result.report.ticket);
    }
    if (results.length < limit) break;
  }
  if (closed.length > 0) deps.logger.info({ closed: closed.length }, 'answered reports closed automatically');
  return { closed };
}

/**
 * Registers the auto-close as a BullMQ job scheduler (every `everyMs`; upserting it
 * again from another process keeps one schedule) and starts its worker, one run at a
 * time per process.
 */
export async function startAutoCloseScheduler(deps: AutoCloseSchedulerDeps): Promise<AutoCloseScheduler> {
  const notifications = openQueue(notificationsQueue, deps.redis, deps.redisPrefix);
  return startPeriodicJob({
    spec: autoCloseQueue,
    schedulerId: AUTO_CLOSE_SCHEDULER_ID,
    everyMs: deps.everyMs ?? DEFAULT_AUTO_CLOSE_EVERY_MS,
    data: deps.opdCode ? { opdCode: deps.opdCode } : {},
    run: async (data) => {
      const run = await runAutoClose(
        { db: deps.db, notifications, logger: deps.logger },
        data.now ? new Date(data.now) : new Date(),
        { opdCode: data.opdCode, batchSize: deps.batchSize },
      );
      return { closed: run.closed.length };
    },
    redis: deps.redis,
    redisPrefix: deps.redisPrefix,
    logger: deps.logger,
    label: 'auto-close',
    owns: [notifications],
  });
}
