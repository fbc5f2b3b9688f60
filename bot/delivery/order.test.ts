import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { DatabaseHandle } from '../../db/connect.js';
import { openTestDatabase, uniquePrefix } from '../../test/support.js';
import { delivered } from './test-support/fake-telegram.js';
import { openDeliveryHarness, type DeliveryHarness } from './test-support/harness.js';
import { waitFor } from './test-support/wait-for.js';

let database: DatabaseHandle;
let h: DeliveryHarness;

beforeAll(async () => {
  database = await openTestDatabase();
  h = await openDeliveryHarness({
    database,
    redisUrl: inject('redisUrl'),
    redisPrefix: uniquePrefix('delivery-order'),
    fake: { blockedChats: ['6300001'] },
  });
  // Two workers: a later message of a chat must not be taken by the other one while an
  // earlier one is backing off.
  h.startWorker();
  h.startWorker();
});
afterAll(async () => {
  await h?.close();
  await database?.close();
});

const textsOf = async (chatId: string) =>
  delivered(await h.fake.requests())
    .filter((r) => r.chatId === chatId)
    .map((r) => r.text);

describe('order per chat', () => {
  it('keeps a chat in order while an earlier message retries a transient failure', async () => {
    const bad = { status: 502, body: { ok: false, error_code: 502, description: 'Bad Gateway' }, textIncludes: 'order #1' };
    await h.fake.inject(bad);
    await h.fake.inject(bad);
    const first = await h.outbox.enqueue(
      [0, 1, 2].map((i) => ({ channel: 'telegram' as const, chatRef: '6200001', text: `order #${i}` })),
    );
    // A reply queued later, in another call, still comes after what the chat was owed.
    await h.outbox.enqueue([3, 4].map((i) => ({ channel: 'telegram' as const, chatRef: '6200001', text: `order #${i}` })));
    // Another chat is not held up by this one's retries.
    await h.outbox.enqueue([{ channel: 'telegram', chatRef: '6200002', text: 'other chat' }]);

    await waitFor(async () => (await textsOf('6200001')).length >= 5, 20_000, 'five messages');
    expect(await textsOf('6200001')).toEqual(['order #0', 'order #1', 'order #2', 'order #3', 'order #4']);

    const requests = await h.fake.requests();
    const failures = requests.filter((r) => r.status === 502);
    expect(failures).toHaveLength(2);
    // Nothing later of the chat went out between the failures and the successful retry.
    const retried = requests.find((r) => r.text === 'order #1' && r.status === 200)!;
    expect(requests.filter((r) => r.chatId === '6200001' && r.at < retried.at).map((r) => r.text)).toEqual([
      'order #0',
      'order #1',
      'order #1',
    ]);
    const other = requests.find((r) => r.text === 'other chat')!;
    expect(other.at).toBeLessThan(retried.at);

    const row = await database.db.selectFrom('outbound_messages').selectAll().where('id', '=', first[1]!).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ status: 'sent', attempts: 3, last_error_kind: 'transient', text: 'order #1' });
  });

  it('gives up at once on a chat that blocked the bot, recording why, and moves on', async () => {
    const ids = await h.outbox.enqueue([
      { channel: 'telegram', chatRef: '6300001', text: 'to a blocked chat', ticket: 'LPR-7K3QX9' },
      { channel: 'telegram', chatRef: '6300001', text: 'again to the blocked chat' },
    ]);
    await waitFor(
      async () => {
        const rows = await database.db.selectFrom('outbound_messages').select('status').where('id', 'in', ids).execute();
        return rows.every((r) => r.status === 'failed');
      },
      10_000,
      'both messages failed',
    );
    const tries = (await h.fake.requests()).filter((r) => r.chatId === '6300001');
    // One call each: no retry can help a chat that blocked the bot.
    expect(tries.map((r) => [r.text, r.status])).toEqual([
      ['to a blocked chat', 403],
      ['again to the blocked chat', 403],
    ]);
    const row = await database.db.selectFrom('outbound_messages').selectAll().where('id', '=', ids[0]!).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ status: 'failed', attempts: 1, last_error_kind: 'recipient_gone', ticket: 'LPR-7K3QX9' });
    expect(row.last_error).toContain('blocked by the user');
  });
});
