import { Worker, type Job, type Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import type { z } from 'zod';
import type { Logger } from '../core/logger.js';
import { bullPrefix, openQueue, parseJobData, type QueueSpec } from './queues.js';

/** What {@link startPeriodicJob} needs. */
export interface PeriodicJobOptions<S extends z.ZodType> {
  /** The job's own queue: its worker takes every job of it. */
  spec: QueueSpec<S>;
  /** One per deployment, so every process may upsert it and one schedule remains. */
  schedulerId: string;
  everyMs: number;
  /** The scheduled jobs' payload (validated by the worker on receipt). */
  data: z.input<S>;
  /** One run, given the job's parsed payload; its result is the job's return value. */
  run: (data: z.output<S>) => Promise<unknown>;
  /** A Redis client made by core/redis.ts createRedis (BullMQ workers need maxRetriesPerRequest null). */
  redis: Redis;
  redisPrefix: string;
  logger: Logger;
  /** Names the job in the logs: `<label> scheduled`, `<label> failed`. */
  label: string;
  /** What `run` uses and this job owns (e.g. the notifications queue): closed after the worker, or if starting fails. */
  owns?: ReadonlyArray<{ close(): Promise<unknown> }>;
}

/** A running schedule and its worker. */
export interface PeriodicJob {
  queue: Queue;
  worker: Worker;
  /** Stops the worker (finishing a run in hand) and closes the queue; the schedule stays in Redis. */
  close(): Promise<void>;
}

/**
 * Registers a BullMQ job scheduler that adds one job every `everyMs` (upserting it
 * again from another process keeps one schedule) and starts its worker, one run at a
 * time per process. A run of the maintenance kind must be safe to repeat: two
 * processes may each take a job, and a failed run is retried.
 *
 * @example await startPeriodicJob({ spec: autoCloseQueue, schedulerId: 'auto-close', everyMs: 900_000, data: {}, run, redis, redisPrefix, logger, label: 'auto-close' })
 */
export async function startPeriodicJob<S extends z.ZodType>(options: PeriodicJobOptions<S>): Promise<PeriodicJob> {
  const { spec, everyMs, logger, label } = options;
  const closeOwned = () => Promise.all((options.owns ?? []).map((o) => o.close()));
  if (!Number.isInteger(everyMs) || everyMs < 1000) {
    await closeOwned();
    throw new RangeError(`everyMs must be a whole number of ms >= 1000, got ${everyMs}`);
  }
  const queue = openQueue(spec, options.redis, options.redisPrefix);
  try {
    await queue.upsertJobScheduler(options.schedulerId, { every: everyMs }, { name: spec.job, data: options.data, opts: spec.jobOptions });
  } catch (err) {
    await Promise.all([queue.close(), closeOwned()]);
    throw err;
  }
  const worker = new Worker(spec.name, async (job: Job) => options.run(parseJobData(spec, job)), {
    connection: options.redis,
    prefix: bullPrefix(options.redisPrefix),
    concurrency: 1,
  });
  worker.on('failed', (job, err) => logger.error({ err: err.message, jobId: job?.id }, `${label} failed`));
  logger.info({ everyMs }, `${label} scheduled`);
  return {
    queue,
    worker,
    async close() {
      await worker.close();
      await Promise.all([queue.close(), closeOwned()]);
    },
  };
}
