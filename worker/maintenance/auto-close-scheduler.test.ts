import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { waitFor } from '../../bot/delivery/test-support/wait-for.js';
import { createLogger } from '../../core/logger.js';
import { createRedis } from '../../core/redis.js';
import type { DatabaseHandle } from '../../db/connect.js';
import { eventTypes } from '../../db/lifecycle/test-support.js';
import { createScene, insertTestReport, type Scene } from '../../db/officers/test-fixtures.js';
import { openTestDatabase, uniquePrefix } from '../../test/support.js';
import { notificationsQueue, openQueue } from '../queues.js';
import { autoCloseQueue } from './auto-close-queue.js';
import { AUTO_CLOSE_SCHEDULER_ID, runAutoClose, startAutoCloseScheduler } from './auto-close-scheduler.js';

let handle: DatabaseHandle;
let redis: Redis;
let scene: Scene;
const logger = createLogger({ level: 'silent' });
const DAY = 86_400_000;

beforeAll(async () => {
  handle = await openTestDatabase();
  redis = createRedis(inject('redisUrl'));
  scene = await createScene(handle.db);
});

afterAll(async () => {
  await redis.quit();
  await handle.close();
});

describe('startAutoCloseScheduler', () => {
  it('closes an answered report past its close date once, even when two workers run it, and queues the citizen notice', async () => {
    const now = Date.now();
    const overdue = await insertTestReport(handle.db, {
      regionCode: scene.city,
      opdCode: scene.pupr,
      coordinatorOpdCode: scene.cityAdminOpd,
      status: 'answered',
      closeDueAt: new Date(now - DAY),
    });
    const notYet = await insertTestReport(handle.db, {
      regionCode: scene.city,
      opdCode: scene.pupr,
      coordinatorOpdCode: scene.cityAdminOpd,
      status: 'answered',
      closeDueAt: new Date(now + DAY),
    });
    const redisPrefix = uniquePrefix('auto-close');
    // Two processes: both upsert the schedule and both run a worker. The first run
    // happens at once (BullMQ runs an `every` schedule immediately).
    const a = await startAutoCloseScheduler({ db: handle.db, redis, redisPrefix, logger, opdCode: scene.pupr, everyMs: 60_000 });
    const b = await startAutoCloseScheduler({ db: handle.db, redis, redisPrefix, logger, opdCode: scene.pupr, everyMs: 60_000 });
    const notifications = openQueue(notificationsQueue, redis, redisPrefix);
    try {
      expect((await a.queue.getJobSchedulers()).map((s) => [s.key, s.every])).toEqual([[AUTO_CLOSE_SCHEDULER_ID, 60_000]]);
      // And a run by hand on top, processed by whichever worker is free.
      const manual = await a.queue.add(autoCloseQueue.job, { opdCode: scene.pupr });
      await waitFor(async () => (await manual.getState()) === 'completed', 10_000, 'manual run');
      await waitFor(async () => (await a.queue.getCompletedCount()) >= 2, 10_000, 'scheduled run');

      const rows = await handle.db.selectFrom('reports').select(['ticket', 'status']).where('ticket', 'in', [overdue.ticket, notYet.ticket]).execute();
      expect(Object.fromEntries(rows.map((r) => [r.ticket, r.status]))).toEqual({ [overdue.ticket]: 'closed', [notYet.ticket]: 'answered' });
      expect((await eventTypes(handle.db, overdue.ticket)).filter((t) => t === 'closed')).toHaveLength(1);

      const jobs = await notifications.getJobs(['waiting', 'delayed', 'active', 'completed', 'failed']);
      const notices = jobs.filter((j) => j.data.ticket === overdue.ticket);
      expect(notices).toHaveLength(1);
      expect(notices[0]!.data).toMatchObject({
        type: 'status_changed',
        status: 'closed',
        channel: 'telegram',
        chatRef: overdue.chat_ref,
        language: 'id',
      });
      expect(jobs.some((j) => j.data.ticket === notYet.ticket)).toBe(false);
    } finally {
      await Promise.all([a.close(), b.close(), notifications.close()]);
    }
  });

  it('closes once when two runs race over the same report', async () => {
    const report = await insertTestReport(handle.db, {
      regionCode: scene.city,
      opdCode: scene.dinkes,
      coordinatorOpdCode: scene.cityAdminOpd,
      status: 'answered',
      closeDueAt: new Date(Date.now() - DAY),
    });
    const notifications = openQueue(notificationsQueue, redis, uniquePrefix('auto-close-race'));
    try {
      const deps = { db: handle.db, notifications, logger };
      const runs = await Promise.all([1, 2, 3].map(() => runAutoClose(deps, new Date(), { opdCode: scene.dinkes })));
      expect(runs.flatMap((r) => r.closed)).toEqual([report.ticket]);
      expect(await notifications.getJobCounts('waiting')).toMatchObject({ waiting: 1 });
    } finally {
      await notifications.close();
    }
  });

  it('refuses a schedule shorter than a second', async () => {
    await expect(
      startAutoCloseScheduler({ db: handle.db, redis, redisPrefix: uniquePrefix('auto-close-bad'), logger, everyMs: 10 }),
    ).rejects.toThrow(RangeError);
  });
});
