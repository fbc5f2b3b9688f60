import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { DatabaseHandle } from '../../db/connect.js';
import { openTestDatabase, uniquePrefix } from '../../test/support.js';
import type { DeliveryAlert } from './deliver-job.js';
import { delivered, limitViolations } from './test-support/fake-telegram.js';
import { openDeliveryHarness, type DeliveryHarness } from './test-support/harness.js';
import { waitFor } from './test-support/wait-for.js';

let database: DatabaseHandle;
let h: DeliveryHarness;
const alerts: DeliveryAlert[] = [];
const now = () => performance.timeOrigin + performance.now();
/** When each send started, and when the worker paused the channel. */
const sendsStarted: { text: string; at: number }[] = [];
const pauses: { at: number; ms: number; reason: string }[] = [];

beforeAll(async () => {
  database = await openTestDatabase();
  h = await openDeliveryHarness({ database, redisUrl: inject('redisUrl'), redisPrefix: uniquePrefix('delivery-throttle') });
  h.startWorker({
    // Sends ~200 ms apart: none is still in flight when a 429 comes back, so every
    // request the fake sees after it was sent after we knew.
    limits: { telegram: { perSecond: 5, perChatPerSecond: 1 } },
    unauthorizedPauseMs: 1500,
    onAlert: (a) => alerts.push(a),
    hooks: {
      beforeSend: (_id, m) => void sendsStarted.push({ text: m.text, at: now() }),
      onPause: (_channel, ms, reason) => void pauses.push({ at: now(), ms, reason }),
    },
  });
});
afterAll(async () => {
  await h?.close();
  await database?.close();
});

const rowOf = (id: string) =>
  database.db.selectFrom('outbound_messages').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
/** The worker records a send just after the channel's answer: wait for the record. */
const sentRowOf = async (id: string) => {
  await waitFor(async () => (await rowOf(id)).status === 'sent', 5_000, `${id} recorded as sent`);
  return rowOf(id);
};

describe('the channel answering "too many" or "unauthorized"', () => {
  it('pauses the whole channel for retry_after after a 429, then sends everything once', async () => {
    await h.fake.inject429(2, 1, 'throttle #4');
    const messages = Array.from({ length: 12 }, (_, i) => ({
      channel: 'telegram' as const,
      chatRef: String(5_100_000 + i),
      text: `throttle #${i}`,
    }));
    const ids = await h.outbox.enqueue(messages);
    await waitFor(async () => delivered(await h.fake.requests()).length >= 12, 20_000, '12 deliveries');

    const requests = await h.fake.requests();
    const throttled = requests.find((r) => r.status === 429);
    expect(throttled?.text).toBe('throttle #4');
    expect(pauses).toEqual([expect.objectContaining({ ms: 2000, reason: 'throttled' })]);
    // From the moment the worker read the 429, no send started, for any chat, until
    // retry_after (2 s) had passed. (A send already on its way may still land after
    // the fake's 429; none did here, as sends are 200 ms apart.)
    const pausedAt = pauses[0]!.at;
    expect(sendsStarted.filter((s) => s.at > pausedAt && s.at < pausedAt + 2000)).toEqual([]);
    const retried = requests.find((r) => r.text === 'throttle #4' && r.status === 200)!;
    expect(retried.at - throttled!.at).toBeGreaterThanOrEqual(2000);
    expect(requests.filter((r) => r.at > throttled!.at && r.at < throttled!.at + 2000).length).toBeLessThanOrEqual(1);
    expect(limitViolations(requests)).toEqual([]);
    expect(delivered(requests).map((r) => r.text).sort()).toEqual(messages.map((m) => m.text).sort());

    const row = await sentRowOf(ids[4]!);
    expect(row).toMatchObject({ status: 'sent', attempts: 2, last_error_kind: 'throttled' });
    expect(row.provider_message_id).not.toBeNull();
  });

  it('stops the channel and alerts on a refused token, and sends once it is accepted again', async () => {
    await h.fake.inject({ status: 401, body: { ok: false, error_code: 401, description: 'Unauthorized' }, textIncludes: 'token' });
    const [id] = await h.outbox.enqueue([{ channel: 'telegram', chatRef: '5200001', text: 'token check', ticket: 'LPR-7K3QX9' }]);
    await waitFor(async () => (await h.fake.requests()).some((r) => r.text === 'token check' && r.status === 200), 10_000, 'the retry');

    const tries = (await h.fake.requests()).filter((r) => r.text === 'token check');
    expect(tries.map((r) => r.status)).toEqual([401, 200]);
    expect(tries[1]!.at - tries[0]!.at).toBeGreaterThanOrEqual(1500);
    expect(alerts).toEqual([expect.objectContaining({ kind: 'unauthorized', channel: 'telegram', pausedForMs: 1500 })]);
    expect(await sentRowOf(id!)).toMatchObject({ status: 'sent', attempts: 2, last_error_kind: 'unauthorized', ticket: 'LPR-7K3QX9' });
  });
});
