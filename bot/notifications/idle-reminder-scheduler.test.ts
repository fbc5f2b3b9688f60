import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createLogger } from '../../core/logger.js';
import { createRedis } from '../../core/redis.js';
import type { DatabaseHandle } from '../../db/connect.js';
import { openTestDatabase, uniquePrefix } from '../../test/support.js';
import { createTelegramAdapter } from '../channels/telegram/adapter.js';
import { createWhatsAppAdapter } from '../channels/whatsapp/adapter.js';
import { createDeliveryOutbox } from '../delivery/outbox.js';
import { waitFor } from '../delivery/test-support/wait-for.js';
import { envelope, testRuntime } from '../runtime/fixtures/test-runtime.js';
import {
  IDLE_REMINDER_SCHEDULER_ID,
  idleReminderDeliveryId,
  idleRemindersQueue,
  startIdleReminderScheduler,
} from './idle-reminder-scheduler.js';

let handle: DatabaseHandle;
let redis: Redis;
const logger = createLogger({ level: 'silent' });
const HOUR = 3600_000;

beforeAll(async () => {
  handle = await openTestDatabase();
  redis = createRedis(inject('redisUrl'));
});

afterAll(async () => {
  await redis.quit();
  await handle.close();
});

describe('startIdleReminderScheduler', () => {
  it("queues each idle chat's reminder once, through its channel's adapter, under a chat+time delivery id", async () => {
    // The real bot runtime (scripted engine: the reminder reads "reminder").
    const t = await testRuntime('idle-notify', { reminderAfterSeconds: 3600 });
    const suffix = Math.random().toString(36).slice(2, 8);
    const tgChat = `idle-tg-${suffix}`;
    const waChat = `62812${Date.now() % 100_000_000}@c.us`;
    await t.runtime.handleInbound(envelope(tgChat, 'a'));
    await t.runtime.handleInbound(envelope(waChat, 'a', { channel: 'whatsapp' }));

    const prefix = uniquePrefix('idle-sweep');
    const outbox = createDeliveryOutbox({ db: handle.db, redis, redisPrefix: prefix });
    const scheduler = await startIdleReminderScheduler({
      runtime: t.runtime,
      adapters: { telegram: createTelegramAdapter(), whatsapp: createWhatsAppAdapter() },
      outbox,
      redis,
      redisPrefix: prefix,
      logger,
      everyMs: 15 * 60_000,
    });
    try {
      expect((await scheduler.queue.getJobSchedulers()).map((s) => [s.key, s.every])).toEqual([[IDLE_REMINDER_SCHEDULER_ID, 15 * 60_000]]);
      // The schedule's first sweep runs at once and finds nobody idle yet.
      await waitFor(async () => (await scheduler.queue.getCompletedCount()) >= 1, 10_000, 'first sweep');

      const later = new Date(Date.now() + 2 * HOUR);
      for (let run = 0; run < 2; run++) {
        const job = await scheduler.queue.add(idleRemindersQueue.job, { now: later.toISOString() });
        await waitFor(async () => (await job.getState()) === 'completed', 10_000, `sweep ${run}`);
      }

      const rows = await handle.db
        .selectFrom('outbound_messages')
        .select(['id', 'channel', 'chat_ref', 'text'])
        .where('chat_ref', 'in', [tgChat, waChat])
        .orderBy('channel')
        .execute();
      expect(rows).toEqual([
        { id: idleReminderDeliveryId({ channel: 'telegram', chatRef: tgChat }, later, 0), channel: 'telegram', chat_ref: tgChat, text: 'reminder' },
        { id: idleReminderDeliveryId({ channel: 'whatsapp', chatRef: waChat }, later, 0), channel: 'whatsapp', chat_ref: waChat, text: 'reminder' },
      ]);
    } finally {
      await scheduler.close();
      await outbox.close();
    }
  });

  it('derives delivery ids the outbox accepts from any chat ref', () => {
    const at = new Date('2026-12-01T00:00:00Z');
    const id = idleReminderDeliveryId({ channel: 'sms', chatRef: '+6281266778899' }, at, 1);
    expect(id).toMatch(/^idle-[0-9a-f]{20}-1796083200000-1$/);
    expect(idleReminderDeliveryId({ channel: 'whatsapp', chatRef: '+6281266778899' }, at, 1)).not.toBe(id);
  });
});
