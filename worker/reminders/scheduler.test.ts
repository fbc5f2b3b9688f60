import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { createLogger } from '../../core/logger.js';
import { createRedis } from '../../core/redis.js';
import type { DatabaseHandle } from '../../db/connect.js';
import { openTestDatabase, uniquePrefix } from '../../test/support.js';
import { remindersQueue } from '../queues.js';
import { REMINDER_SCHEDULER_ID, startReminderScheduler } from './scheduler.js';

let handle: DatabaseHandle;
let redis: Redis;

beforeAll(async () => {
  handle = await openTestDatabase();
  redis = createRedis(inject('redisUrl'));
});

afterAll(async () => {
  await redis.quit();
  await handle.close();
});

const logger = createLogger({ level: 'silent' });

describe('startReminderScheduler', () => {
  it('registers one weekly cron, Monday 08:00 Asia/Jakarta by default, and a custom REMINDER_CRON replaces it', async () => {
    const redisPrefix = uniquePrefix('reminder-scheduler');
    const first = await startReminderScheduler({ db: handle.db, redis, redisPrefix, logger });
    try {
      const schedulers = await first.queue.getJobSchedulers();
      expect(schedulers).toHaveLength(1);
      expect(schedulers[0]).toMatchObject({ key: REMINDER_SCHEDULER_ID, pattern: '0 8 * * 1', tz: 'Asia/Jakarta', name: remindersQueue.job });
      // The next run is a Monday at 08:00 in Jakarta, i.e. 01:00 UTC.
      const next = new Date(schedulers[0]!.next!);
      expect([next.getUTCDay(), next.getUTCHours(), next.getUTCMinutes()]).toEqual([1, 1, 0]);
    } finally {
      await first.close();
    }
    const second = await startReminderScheduler({ db: handle.db, redis, redisPrefix, logger, cron: '30 7 * * 2' });
    try {
      const schedulers = await second.queue.getJobSchedulers();
      expect(schedulers.map((s) => [s.key, s.pattern, s.tz])).toEqual([[REMINDER_SCHEDULER_ID, '30 7 * * 2', 'Asia/Jakarta']]);
    } finally {
      await second.close();
    }
  });

  it('runs a week when a job arrives', async () => {
    const redisPrefix = uniquePrefix('reminder-run');
    const scheduler = await startReminderScheduler({ db: handle.db, redis, redisPrefix, logger, cron: '0 8 1 1 *' });
    try {
      const job = await scheduler.queue.add(remindersQueue.job, { now: '2027-06-07T08:00:00+07:00' });
      let state = await job.getState();
      for (let i = 0; i < 100 && state !== 'completed' && state !== 'failed'; i++) {
        await new Promise((r) => setTimeout(r, 100));
        state = await job.getState();
      }
      expect(state).toBe('completed');
      const done = await scheduler.queue.getJob(job.id!);
      expect(done!.returnvalue).toMatchObject({ week: '2027-W23' });
    } finally {
      await scheduler.close();
    }
  });
});
