import type { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { inject } from 'vitest';
import { createLogger } from '../../core/logger.js';
import { createRedis } from '../../core/redis.js';
import { startIntakeWorker, type IntakeWorker, type IntakeWorkerDeps } from '../intake-worker.js';
import { notificationsQueue, openQueue } from '../queues.js';
import { openIntakeQueue, type IntakeRetryPolicy } from '../submit-report.js';
import type { DatabaseHandle } from '../../db/connect.js';
import { uniquePrefix } from '../../test/support.js';

/** An intake worker, its producer queue and the notifications queue, under a fresh prefix. */
export interface IntakeHarness {
  prefix: string;
  redis: Redis;
  queue: Queue;
  notifications: Queue;
  intake: IntakeWorker;
  close(): Promise<void>;
}

/** Starts the real intake worker against the run's PostgreSQL and Redis. */
export async function startIntakeHarness(
  handle: DatabaseHandle,
  label: string,
  options: { policy?: IntakeRetryPolicy; worker?: Partial<IntakeWorkerDeps>; prefix?: string } = {},
): Promise<IntakeHarness> {
  const prefix = options.prefix ?? uniquePrefix(label);
  const redis = createRedis(inject('redisUrl'));
  const queue = openIntakeQueue(redis, prefix, options.policy);
  const notifications = openQueue(notificationsQueue, redis, prefix);
  const intake = startIntakeWorker({
    db: handle.db,
    connection: redis,
    redisPrefix: prefix,
    logger: createLogger({ level: 'silent' }),
    concurrency: 50,
    ...options.worker,
  });
  await intake.worker.waitUntilReady();
  return {
    prefix,
    redis,
    queue,
    notifications,
    intake,
    async close() {
      await intake.close();
      await queue.obliterate({ force: true });
      await notifications.obliterate({ force: true });
      await queue.close();
      await notifications.close();
      await redis.quit();
    },
  };
}
