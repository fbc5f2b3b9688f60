import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { DatabaseHandle } from '../../db/connect.js';
import { openTestDatabase, uniquePrefix } from '../../test/support.js';
import { delivered, limitViolations, maxInWindow } from './test-support/fake-telegram.js';
import { openDeliveryHarness, type DeliveryHarness } from './test-support/harness.js';
import { waitFor } from './test-support/wait-for.js';

let database: DatabaseHandle;
let h: DeliveryHarness;

beforeAll(async () => {
  database = await openTestDatabase();
  // The fake runs in its own process, like Telegram: its clock is not paused by ours.
  h = await openDeliveryHarness({
    database,
    redisUrl: inject('redisUrl'),
    redisPrefix: uniquePrefix('delivery-rates'),
    remoteFake: true,
  });
});
afterAll(async () => {
  await h?.close();
  await database?.close();
});

describe('delivery pacing', () => {
  it('sends a direct reply to an idle chat within 300 ms of queuing it', async () => {
    const worker = h.startWorker();
    // The first send pays for loading the HTTP client; measure warm ones, as in service.
    await h.outbox.enqueue([{ channel: 'telegram', chatRef: '6999000', text: 'warm-up' }]);
    await waitFor(async () => (await h.fake.requests()).some((r) => r.text === 'warm-up'), 5_000, 'the warm-up');
    const latencies: number[] = [];
    for (let i = 0; i < 5; i++) {
      const text = `reply ${i}`;
      const start = performance.timeOrigin + performance.now();
      await h.outbox.enqueue([{ channel: 'telegram', chatRef: String(6_999_001 + i), text }]);
      let arrival: number | undefined;
      await waitFor(async () => (arrival = (await h.fake.requests()).find((r) => r.text === text)?.at) !== undefined, 5_000, text);
      latencies.push(arrival! - start);
    }
    expect(Math.max(...latencies)).toBeLessThan(300);
    await worker.close();
  });

  it('never exceeds the per-chat or overall rate over a burst of 500 notifications from two workers', async () => {
    // Two workers with their own connections stand for two processes sharing the limits.
    h.startWorker();
    h.startWorker();
    // 500 notifications to 50 chats, queued in one go chat by chat: the worst case for
    // a pacer that would let one chat's backlog hold up the channel.
    const chats = Array.from({ length: 50 }, (_, c) => String(7_000_000 + c));
    const messages = chats.flatMap((chatRef) =>
      Array.from({ length: 10 }, (_, i) => ({ channel: 'telegram' as const, chatRef, text: `burst ${chatRef} #${i}` })),
    );
    const started = Date.now();
    const ids = await h.outbox.enqueue(messages);
    let requests = await h.fake.requests();
    const burst = () => delivered(requests).filter((r) => r.text.startsWith('burst '));
    await waitFor(async () => ((requests = await h.fake.requests()), burst().length >= 500), 60_000, '500 deliveries');
    const seconds = (Date.now() - started) / 1000;

    // The fake answers 429 to anything over 30/s overall or 1/s per chat; none came.
    expect(limitViolations(requests)).toEqual([]);
    const accepted = burst();
    expect(accepted).toHaveLength(500);
    expect(maxInWindow(delivered(requests).map((r) => r.at), 1000)).toBeLessThanOrEqual(30);
    for (const chat of chats) {
      const times = accepted.filter((r) => r.chatId === chat).map((r) => r.at);
      expect(times).toHaveLength(10);
      expect(maxInWindow(times, 1000)).toBe(1);
    }
    // Not so timid that it wastes the channel: 500 at 30/s is 16.7 s, each chat needs 9 s.
    expect(seconds).toBeLessThan(24);

    const burstRows = () =>
      database.db.selectFrom('outbound_messages').select(['status', 'provider_message_id', 'attempts']).where('id', 'in', ids).execute();
    // Each send is recorded just after the channel's answer.
    await waitFor(async () => (await burstRows()).every((r) => r.status === 'sent'), 5_000, 'every send recorded');
    const rows = await burstRows();
    expect(rows).toHaveLength(500);
    expect(rows.filter((r) => r.status !== 'sent' || !r.provider_message_id || r.attempts !== 1)).toEqual([]);
  }, 60_000);
});
