import type { Redis } from 'ioredis';
import type { Kysely } from 'kysely';
import type { Logger } from '../../core/logger.js';
import type { Database } from '../../db/database.js';
import { startPeriodicJob, type PeriodicJob } from '../periodic-job.js';
import { notificationsQueue, openQueue } from '../queues.js';
import { sweepLifecycleNotices, type NoticeSweepOptions } from './notice-sweep.js';
import { noticeSweepQueue } from './notice-sweep-queue.js';

/**
 * How often stored lifecycle notices are swept, by default: the longest a notice
 * waits after a crash between a change and its queueing (plus the 30 s grace).
 */
export const DEFAULT_NOTICE_SWEEP_EVERY_MS = 2 * 60_000;
/** The job scheduler's id: one per deployment, so every worker process may upsert it. */
export const NOTICE_SWEEP_SCHEDULER_ID = 'lifecycle-notice-sweep';

/** What {@link startNoticeSweepScheduler} needs. */
export interface NoticeSweepSchedulerDeps {
  db: Kysely<Database>;
  /** A Redis client made by core/redis.ts createRedis (BullMQ workers need maxRetriesPerRequest null). */
  redis: Redis;
  redisPrefix: string;
  logger: Logger;
  /** @defaultValue {@link DEFAULT_NOTICE_SWEEP_EVERY_MS} */
  everyMs?: number | undefined;
  /** Window and batch of each sweep (tests); a deployment leaves it unset. */
  sweep?: Omit<NoticeSweepOptions, 'opdCode'> | undefined;
  /** Only this OPD's reports (tests sharing a database; a deployment leaves it unset). */
  opdCode?: string | undefined;
}

/** A running notice sweep schedule and its worker. */
export type NoticeSweepScheduler = PeriodicJob;

/**
 * Registers the lifecycle notice sweep as a BullMQ job scheduler (every `everyMs`;
 * upserting it again from another process keeps one schedule) and starts its worker,
 * one sweep at a time per process. Two sweeps at once are harmless (same job ids).
 */
export async function startNoticeSweepScheduler(deps: NoticeSweepSchedulerDeps): Promise<NoticeSweepScheduler> {
  const notifications = openQueue(notificationsQueue, deps.redis, deps.redisPrefix);
  return startPeriodicJob({
    spec: noticeSweepQueue,
    schedulerId: NOTICE_SWEEP_SCHEDULER_ID,
    everyMs: deps.everyMs ?? DEFAULT_NOTICE_SWEEP_EVERY_MS,
    data: deps.opdCode ? { opdCode: deps.opdCode } : {},
    run: async (data) =>
      sweepLifecycleNotices(
        { db: deps.db, notifications, logger: deps.logger },
        data.now ? new Date(data.now) : new Date(),
        { ...deps.sweep, opdCode: data.opdCode },
      ),
    redis: deps.redis,
    redisPrefix: deps.redisPrefix,
    logger: deps.logger,
    label: 'lifecycle notice sweep',
    owns: [notifications],
  });
}
