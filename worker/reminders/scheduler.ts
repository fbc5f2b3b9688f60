import { Worker, type Job, type Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Kysely } from 'kysely';
import { createDeliveryOutbox, type DeliveryOutbox } from '../../bot/delivery/outbox.js';
import type { Logger } from '../../core/logger.js';
import type { Database } from '../../db/database.js';
import { bullPrefix, openQueue, parseJobData, remindersQueue } from '../queues.js';
import { runWeeklyReminders, type RunRemindersResult } from './run-reminders.js';

/** Every Monday at 08:00 (read in {@link REMINDER_TIMEZONE}). Overridden by REMINDER_CRON. */
export const DEFAULT_REMINDER_CRON = '0 8 * * 1';
/** Working days and office hours are Jakarta's. */
export const REMINDER_TIMEZONE = 'Asia/Jakarta';
/** The job scheduler's id: one per deployment, so upserting it again replaces it. */
export const REMINDER_SCHEDULER_ID = 'weekly-reminders';

/** What {@link startReminderScheduler} needs. */
export interface ReminderSchedulerDeps {
  db: Kysely<Database>;
  /** A Redis client made by core/redis.ts createRedis (BullMQ workers need maxRetriesPerRequest null). */
  redis: Redis;
  redisPrefix: string;
  logger: Logger;
  /** Cron pattern. @defaultValue {@link DEFAULT_REMINDER_CRON} (pass `process.env.REMINDER_CRON`) */
  cron?: string | undefined;
  /** @defaultValue {@link REMINDER_TIMEZONE} */
  tz?: string;
  /** The outbox to send through. @defaultValue a new one on `redis` */
  outbox?: DeliveryOutbox;
}

/** A running scheduler and its worker. */
export interface ReminderScheduler {
  queue: Queue;
  worker: Worker;
  /** Stops the worker (finishing a run in hand) and closes what it opened; the schedule stays in Redis. */
  close(): Promise<void>;
}

/**
 * Registers the weekly cron job scheduler (idempotent: every process may call it, the
 * scheduler id keeps one schedule) and starts the worker that runs it, one run at a
 * time. Each run sends the week's reminders once (see runWeeklyReminders).
 */
export async function startReminderScheduler(deps: ReminderSchedulerDeps): Promise<ReminderScheduler> {
  const queue = openQueue(remindersQueue, deps.redis, deps.redisPrefix);
  const pattern = deps.cron?.trim() || DEFAULT_REMINDER_CRON;
  await queue.upsertJobScheduler(
    REMINDER_SCHEDULER_ID,
    { pattern, tz: deps.tz ?? REMINDER_TIMEZONE },
    { name: remindersQueue.job, data: {}, opts: remindersQueue.jobOptions },
  );
  const ownOutbox = deps.outbox ? undefined : createDeliveryOutbox({ db: deps.db, redis: deps.redis, redisPrefix: deps.redisPrefix });
  const outbox = deps.outbox ?? ownOutbox!;
  const worker = new Worker<unknown, Omit<RunRemindersResult, 'planned' | 'enqueued'> & { planned: number; enqueued: number }>(
    remindersQueue.name,
    async (job: Job) => {
      const data = parseJobData(remindersQueue, job);
      const result = await runWeeklyReminders({ db: deps.db, outbox }, { now: data.now ? new Date(data.now) : new Date() });
      deps.logger.info(
        { week: result.week, planned: result.planned.length, enqueued: result.enqueued.length, alreadySent: result.alreadySent },
        'weekly reminders queued',
      );
      return { ...result, planned: result.planned.length, enqueued: result.enqueued.length };
    },
    { connection: deps.redis, prefix: bullPrefix(deps.redisPrefix), concurrency: 1 },
  );
  worker.on('failed', (job, err) => deps.logger.error({ err, jobId: job?.id }, 'weekly reminders failed'));
  deps.logger.info({ pattern, tz: deps.tz ?? REMINDER_TIMEZONE }, 'weekly reminders scheduled');
  return {
    queue,
    worker,
    async close() {
      await worker.close();
      await ownOutbox?.close();
      await queue.close();
    },
  };
}
