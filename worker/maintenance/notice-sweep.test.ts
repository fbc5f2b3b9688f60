import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { Worker, type Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { waitFor } from '../../bot/delivery/test-support/wait-for.js';
import { createLogger } from '../../core/logger.js';
import { createRedis } from '../../core/redis.js';
import type { DatabaseHandle } from '../../db/connect.js';
import { getReportForOfficer, listOpenReportsForOfficer, replyToCitizen, verifyAndDispose, type Transitioned } from '../../db/lifecycle/index.js';
import { createScene, enrolTestOfficer, insertTestReport, type Scene } from '../../db/officers/test-fixtures.js';
import { computeRecap } from '../../db/recap/recap.js';
import type { Officer } from '../../db/tables/officers.table.js';
import { openTestDatabase, uniquePrefix } from '../../test/support.js';
import { queueLifecycleNotices } from '../lifecycle-notices.js';
import { notificationsQueue, openQueue } from '../queues.js';
import { sweepLifecycleNotices } from './notice-sweep.js';
import { NOTICE_SWEEP_SCHEDULER_ID, startNoticeSweepScheduler } from './notice-sweep-scheduler.js';

const childScript = fileURLToPath(new URL('../test-support/lifecycle-kill-child.ts', import.meta.url));
const logger = createLogger({ level: 'silent' });
const MINUTE = 60_000;

let handle: DatabaseHandle;
let redis: Redis;
let scene: Scene;
let admin: Officer;
let liaison: Officer;
const queues: Queue[] = [];

beforeAll(async () => {
  handle = await openTestDatabase();
  redis = createRedis(inject('redisUrl'));
  scene = await createScene(handle.db);
  admin = await enrolTestOfficer(handle.db, scene.cityAdminOpd, 'admin');
  liaison = await enrolTestOfficer(handle.db, scene.pupr, 'liaison');
});

afterAll(async () => {
  await Promise.all(queues.map((q) => q.close()));
  await redis.quit();
  await handle.close();
});

function notifications(label: string): Queue {
  const queue = openQueue(notificationsQueue, redis, uniquePrefix(label));
  queues.push(queue);
  return queue;
}

/** A report awaiting verification in the scene's city. */
function submittedReport() {
  return insertTestReport(handle.db, { regionCode: scene.city, opdCode: null, coordinatorOpdCode: scene.cityAdminOpd });
}

/** Disposes a fresh report to `opdCode` at `at`, WITHOUT queueing (a crash right after the COMMIT). */
async function disposeUnqueued(opdCode: string, at: Date): Promise<Transitioned> {
  const report = await submittedReport();
  const result = await verifyAndDispose(handle.db, { kind: 'officer', officerId: admin.id }, { ticket: report.ticket, targetOpdCode: opdCode }, at);
  if (!result.ok) throw new Error(`dispose refused: ${result.reason}`);
  return result;
}

async function jobIds(queue: Queue): Promise<string[]> {
  const jobs = await queue.getJobs(['waiting', 'delayed', 'active', 'completed', 'failed']);
  return jobs.map((j) => j.id!).sort();
}

describe('sweepLifecycleNotices', () => {
  it('stores a transition\'s notices with its event and queues them once after a crash before the queueing', async () => {
    const queue = notifications('sweep-crash');
    const done = await disposeUnqueued(scene.pupr, new Date(Date.now() - MINUTE));
    const stored = await handle.db.selectFrom('report_events').select('notices').where('id', '=', done.event.id).executeTakeFirstOrThrow();
    expect(stored.notices).toEqual({ citizen: done.notifyCitizen, opd: done.notifyOpd });
    expect(await queue.getJobCounts('waiting')).toMatchObject({ waiting: 0 });

    const deps = { db: handle.db, notifications: queue, logger };
    const run = await sweepLifecycleNotices(deps, new Date(), { opdCode: scene.pupr });
    expect(run).toEqual({ events: 1, offered: 2, invalid: 0 });
    const citizen = await queue.getJob(`event-${done.event.id}-citizen`);
    const opd = await queue.getJob(`event-${done.event.id}-opd`);
    expect(citizen?.data).toEqual({
      type: 'status_changed',
      ticket: done.report.ticket,
      channel: 'telegram',
      chatRef: done.report.chat_ref,
      language: 'id',
      status: 'disposed',
      reason: null,
      message: null,
      opdName: expect.any(String),
    });
    expect(citizen?.data).toEqual(done.notifyCitizen);
    expect(opd?.data).toEqual({ type: 'new_report_for_opd', ticket: done.report.ticket, opdCode: scene.pupr, role: 'handler' });
    expect(citizen?.name).toBe(notificationsQueue.job);

    // A second sweep: same ids, nothing new.
    const before = await queue.getJobCounts();
    await sweepLifecycleNotices(deps, new Date(), { opdCode: scene.pupr });
    expect(await queue.getJobCounts()).toEqual(before);
    expect(await jobIds(queue)).toEqual([`event-${done.event.id}-citizen`, `event-${done.event.id}-opd`]);
  });

  it('adds nothing after the fast path queued, nor once the notices were delivered (completed jobs)', async () => {
    const queue = notifications('sweep-fast');
    const report = await insertTestReport(handle.db, { regionCode: scene.city, opdCode: scene.dinkes, coordinatorOpdCode: scene.cityAdminOpd, status: 'disposed' });
    const dinkes = await enrolTestOfficer(handle.db, scene.dinkes, 'liaison');
    const reply = await replyToCitizen(handle.db, { kind: 'officer', officerId: dinkes.id }, { ticket: report.ticket, text: 'Sudah kami cek, minggu depan diperbaiki.' }, new Date(Date.now() - MINUTE));
    if (!reply.ok) throw new Error(`reply refused: ${reply.reason}`);
    await queueLifecycleNotices(queue, reply);
    expect(await jobIds(queue)).toEqual([`event-${reply.event.id}-citizen`]);

    const deps = { db: handle.db, notifications: queue, logger };
    const before = await queue.getJobCounts();
    expect(await sweepLifecycleNotices(deps, new Date(), { opdCode: scene.dinkes })).toMatchObject({ events: 1, offered: 1 });
    expect(await queue.getJobCounts()).toEqual(before);

    // Delivered (completed and kept by removeOnComplete's age): a sweep still adds nothing.
    const worker = new Worker(queue.name, async () => 'sent', { connection: redis, prefix: queue.opts.prefix! });
    try {
      await waitFor(async () => (await queue.getCompletedCount()) === 1, 10_000, 'the notice delivered');
    } finally {
      await worker.close();
    }
    await sweepLifecycleNotices(deps, new Date(), { opdCode: scene.dinkes });
    expect(await queue.getJobCounts('waiting', 'completed')).toMatchObject({ waiting: 0, completed: 1 });
  });

  it('ignores events older than the lookback and younger than the grace', async () => {
    const queue = notifications('sweep-window');
    const now = new Date();
    const old = await disposeUnqueued(scene.dinkes, new Date(now.getTime() - 3 * 3600_000));
    const fresh = await disposeUnqueued(scene.dinkes, new Date(now.getTime() - 10_000));
    const deps = { db: handle.db, notifications: queue, logger };
    // The dinkes reply of the test above is in the window; only these two are out of it.
    await sweepLifecycleNotices(deps, now, { opdCode: scene.dinkes });
    const ids = await jobIds(queue);
    for (const done of [old, fresh]) expect(ids.some((id) => id.startsWith(`event-${done.event.id}-`))).toBe(false);

    // The same events inside a wider window are swept: they were left out by time alone.
    await sweepLifecycleNotices(deps, now, { opdCode: scene.dinkes, lookbackMs: 4 * 3600_000, graceMs: 0 });
    const wider = await jobIds(queue);
    for (const done of [old, fresh]) expect(wider).toEqual(expect.arrayContaining([`event-${done.event.id}-citizen`, `event-${done.event.id}-opd`]));
  });

  it('queues the notices of a process SIGKILLed between the COMMIT and the queueing, exactly once', async () => {
    const prefix = uniquePrefix('sweep-kill');
    const report = await submittedReport();
    const child = spawn(process.execPath, ['--import', 'tsx', childScript], {
      env: {
        ...process.env,
        DATABASE_URL: inject('databaseUrl'),
        REDIS_URL: inject('redisUrl'),
        REDIS_PREFIX: prefix,
        TICKET: report.ticket,
        OFFICER_ID: admin.id,
        TARGET_OPD: scene.pupr,
      },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    const exit = await new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
      child.once('exit', (code, signal) => resolve({ code, signal })),
    );
    expect(exit).toEqual({ code: null, signal: 'SIGKILL' });

    const event = await handle.db
      .selectFrom('report_events as e')
      .innerJoin('reports as r', 'r.id', 'e.report_id')
      .select(['e.id', 'e.type', 'r.status'])
      .where('r.ticket', '=', report.ticket)
      .where('e.notices', 'is not', null)
      .executeTakeFirstOrThrow();
    expect(event).toMatchObject({ type: 'disposed', status: 'disposed' });
    const queue = openQueue(notificationsQueue, redis, prefix);
    queues.push(queue);
    expect(await jobIds(queue)).toEqual([]);

    // The next sweep after the grace period.
    const deps = { db: handle.db, notifications: queue, logger };
    const later = new Date(Date.now() + 31_000);
    await sweepLifecycleNotices(deps, later, { opdCode: scene.pupr });
    await sweepLifecycleNotices(deps, later, { opdCode: scene.pupr });
    const jobs = (await queue.getJobs(['waiting'])).filter((j) => j.data.ticket === report.ticket);
    expect(jobs.map((j) => j.id).sort()).toEqual([`event-${event.id}-citizen`, `event-${event.id}-opd`]);
    expect(jobs.find((j) => j.id!.endsWith('-citizen'))!.data).toMatchObject({ type: 'status_changed', status: 'disposed', chatRef: report.chat_ref });
  }, 30_000);
});

describe('startNoticeSweepScheduler', () => {
  it('sweeps on its schedule, one schedule however many processes upsert it', async () => {
    const redisPrefix = uniquePrefix('sweep-scheduler');
    const done = await disposeUnqueued(scene.pupr, new Date(Date.now() - MINUTE));
    const a = await startNoticeSweepScheduler({ db: handle.db, redis, redisPrefix, logger, opdCode: scene.pupr, everyMs: 60_000 });
    const b = await startNoticeSweepScheduler({ db: handle.db, redis, redisPrefix, logger, opdCode: scene.pupr, everyMs: 60_000 });
    const queue = openQueue(notificationsQueue, redis, redisPrefix);
    queues.push(queue);
    try {
      expect((await a.queue.getJobSchedulers()).map((s) => [s.key, s.every])).toEqual([[NOTICE_SWEEP_SCHEDULER_ID, 60_000]]);
      // BullMQ runs an `every` schedule at once.
      await waitFor(async () => (await queue.getJob(`event-${done.event.id}-opd`)) !== undefined, 10_000, 'the scheduled sweep');
      expect(await queue.getJob(`event-${done.event.id}-citizen`)).toBeDefined();
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });

  it('refuses a schedule shorter than a second', async () => {
    await expect(startNoticeSweepScheduler({ db: handle.db, redis, redisPrefix: uniquePrefix('sweep-bad'), logger, everyMs: 10 })).rejects.toThrow(RangeError);
  });
});

describe('the stored notices stay out of officers\' sight', () => {
  it('are not in the officers\' report view, work list or the recap', async () => {
    const report = await insertTestReport(handle.db, { regionCode: scene.city, opdCode: scene.pupr, coordinatorOpdCode: scene.cityAdminOpd, status: 'disposed' });
    const reply = await replyToCitizen(handle.db, { kind: 'officer', officerId: liaison.id }, { ticket: report.ticket, text: 'Tim kami datang besok pagi.' }, new Date());
    expect(reply.ok).toBe(true);
    const stored = await handle.db.selectFrom('report_events').select('notices').where('report_id', '=', report.id).where('notices', 'is not', null).execute();
    expect(stored).toHaveLength(1);

    for (const viewer of [liaison, admin]) {
      const view = await getReportForOfficer(handle.db, viewer.id, report.ticket);
      expect(view.ok).toBe(true);
      const text = JSON.stringify(view);
      expect(text).toContain('Tim kami datang besok pagi.');
      expect(text).not.toContain('notices');
      expect(text).not.toContain(report.chat_ref);
      const list = JSON.stringify(await listOpenReportsForOfficer(handle.db, viewer.id));
      expect(list).not.toContain('notices');
      expect(list).not.toContain(report.chat_ref);
    }
    const recap = JSON.stringify(await computeRecap(handle.db, { from: '2026-11-01', to: '2026-12-31', region: scene.city }));
    expect(recap).not.toContain('notices');
    expect(recap).not.toContain(report.chat_ref);
  });
});
