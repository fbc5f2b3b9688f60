import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { Job } from 'bullmq';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { DatabaseHandle } from '../../db/connect.js';
import { openTestDatabase, uniquePrefix } from '../../test/support.js';
import { deliveryQueue, openQueue } from '../../worker/queues.js';
import { delivered } from './test-support/fake-telegram.js';
import { openDeliveryHarness, type DeliveryHarness } from './test-support/harness.js';
import { waitFor } from './test-support/wait-for.js';

const child = fileURLToPath(new URL('./test-support/delivery-child.ts', import.meta.url));
let database: DatabaseHandle;
let h: DeliveryHarness;

beforeAll(async () => {
  database = await openTestDatabase();
  h = await openDeliveryHarness({ database, redisUrl: inject('redisUrl'), redisPrefix: uniquePrefix('delivery-crash') });
});
afterAll(async () => {
  await h?.close();
  await database?.close();
});

describe('a worker killed after the channel accepted a message', () => {
  it('does not send it again when another worker takes the job over', async () => {
    const proc = spawn(process.execPath, ['--import', 'tsx', child], {
      env: {
        ...process.env,
        DATABASE_URL: inject('databaseUrl'),
        REDIS_URL: inject('redisUrl'),
        REDIS_PREFIX: h.redisPrefix,
        FAKE_API_ROOT: h.fake.apiRoot,
        FAKE_TOKEN: h.fake.token,
      },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const exited = new Promise<NodeJS.Signals | null>((resolve) => proc.once('exit', (_code, signal) => resolve(signal)));
    await new Promise<void>((resolve) => proc.stdout.once('data', () => resolve()));

    const [first, second] = await h.outbox.enqueue([
      { channel: 'telegram', chatRef: '6400001', text: 'laporan diterima' },
      { channel: 'telegram', chatRef: '6400001', text: 'pesan berikutnya' },
    ]);
    expect(await exited).toBe('SIGKILL');

    // The channel has the message and the record says so, but the job never completed.
    expect(delivered(await h.fake.requests()).map((r) => r.text)).toEqual(['laporan diterima']);
    const queue = openQueue(deliveryQueue('telegram'), h.redis, h.redisPrefix);
    expect(await (await Job.fromId(queue, first!))!.getState()).toBe('active');

    try {
      h.startWorker({ stalledInterval: 300, lockDuration: 1500 });
      await waitFor(async () => (await (await Job.fromId(queue, second!))!.getState()) === 'completed', 15_000, 'the next message');
      const job = (await Job.fromId(queue, first!))!;
      expect(await job.getState()).toBe('completed');
      expect(job.returnvalue).toMatchObject({ alreadySent: true });

      const texts = delivered(await h.fake.requests()).map((r) => r.text);
      expect(texts).toEqual(['laporan diterima', 'pesan berikutnya']);
      const rows = await database.db
        .selectFrom('outbound_messages')
        .select(['id', 'status', 'attempts', 'provider_message_id'])
        .where('id', 'in', [first!, second!])
        .orderBy('created_at')
        .execute();
      expect(rows.map((r) => [r.status, r.attempts, r.provider_message_id !== null])).toEqual([
        ['sent', 1, true],
        ['sent', 1, true],
      ]);
    } finally {
      await queue.close();
    }
  }, 30_000);
});
