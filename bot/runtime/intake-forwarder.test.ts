import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import type { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { describe, expect, inject, it, onTestFinished } from 'vitest';
import { intakeQueue, openQueue } from '../../worker/queues.js';
import { useOutboxFixture } from './fixtures/outbox-fixture.js';
import { createIntakeForwarder } from './intake-forwarder.js';
import { chatId, intakeForwarderLockKey, intakeOutboxDeadKey, intakeOutboxKey } from './keys.js';
import { createSessionStore } from './session-store.js';

const FORWARDER_PROCESS = fileURLToPath(new URL('./fixtures/forwarder-process.ts', import.meta.url));

const { redis, setup, fillOutbox, queuedIds } = useOutboxFixture();

describe('intake forwarder', () => {
  it('moves the commit script\'s reports into the intake queue, oldest first, with the ticket as job id', async () => {
    const { prefix, queue } = setup('fwd-commit');
    const store = createSessionStore(redis, prefix, { sessionTtlSeconds: 60, lockTtlMs: 5000, maxHandledIds: 5 });
    for (const [i, ticket] of ['LPR-AAAAAA1', 'LPR-BBBBBB2'].entries()) {
      const id = chatId('telegram', `c${i}`);
      const lock = await store.acquire(id, 'm1', `tok${i}`);
      expect(lock.kind).toBe('acquired');
      const saved = await store.commit(id, `tok${i}`, 'm1', { mode: 'delete' }, { mode: 'forget' }, JSON.stringify({ ticket }));
      expect(saved).toBe(true);
    }
    const forwarder = createIntakeForwarder({ redis, redisPrefix: prefix, queue, pollMs: 10_000 });
    onTestFinished(() => forwarder.close());
    await expect.poll(() => forwarder.backlog()).toBe(0);
    const waiting = await queue.getWaiting(0, -1);
    expect(waiting.map((j) => j.id).sort()).toEqual(['LPR-AAAAAA1', 'LPR-BBBBBB2']);
    expect(waiting.every((j) => j.name === intakeQueue.job && j.data.ticket === j.id)).toBe(true);
  });

  it('queues no report for a commit whose lock was taken over', async () => {
    const { prefix } = setup('fwd-takeover');
    const store = createSessionStore(redis, prefix, { sessionTtlSeconds: 60, lockTtlMs: 5000, maxHandledIds: 5 });
    const id = chatId('telegram', 'late');
    await store.acquire(id, 'm1', 'first');
    await redis.hset(`${prefix}:bot:chat:{${id}}`, 'l', 'second');
    const saved = await store.commit(id, 'first', 'm1', { mode: 'delete' }, { mode: 'forget' }, JSON.stringify({ ticket: 'LPR-CCCCCC3' }));
    expect(saved).toBe(false);
    expect(await redis.llen(intakeOutboxKey(prefix))).toBe(0);
  });

  it('lets two forwarders run at once and queues every report exactly once', async () => {
    const { prefix, queue } = setup('fwd-two');
    const tickets = await fillOutbox(prefix, 3000);
    const a = createIntakeForwarder({ redis, redisPrefix: prefix, queue, batchSize: 100, pollMs: 5 });
    const other = new Redis(inject('redisUrl'));
    const b = createIntakeForwarder({ redis: other, redisPrefix: prefix, queue, batchSize: 100, pollMs: 5 });
    onTestFinished(async () => {
      await Promise.all([a.close(), b.close()]);
      await other.quit();
    });
    await expect.poll(() => a.backlog(), { timeout: 20_000 }).toBe(0);
    const ids = await queuedIds(queue);
    expect(ids.length).toBe(3000);
    expect(new Set(ids)).toEqual(new Set(tickets));
  });

  it('sets entries that are not reports aside, so the reports behind them still reach the queue', async () => {
    const { prefix, queue } = setup('fwd-dead');
    // Oldest first, as the commit script's LPUSH leaves them read from the tail.
    for (const entry of [JSON.stringify({ ticket: 'LPR-GOOD001' }), 'not json {', JSON.stringify({ nik: '3171234567890123' }), JSON.stringify({ ticket: 'LPR-GOOD002' })]) {
      await redis.lpush(intakeOutboxKey(prefix), entry);
    }
    const forwarder = createIntakeForwarder({ redis, redisPrefix: prefix, queue, pollMs: 60_000 });
    onTestFinished(() => forwarder.close());
    await expect.poll(() => forwarder.backlog()).toBe(0);
    expect((await queuedIds(queue)).sort()).toEqual(['LPR-GOOD001', 'LPR-GOOD002']);
    expect(await forwarder.deadLetters()).toBe(2);
    expect(await redis.lrange(intakeOutboxDeadKey(prefix), 0, -1)).toEqual([JSON.stringify({ nik: '3171234567890123' }), 'not json {']);
  });

  it('forwards nothing while another process holds the lease', async () => {
    const { prefix, queue } = setup('fwd-lease');
    await redis.set(intakeForwarderLockKey(prefix), 'someone-else', 'PX', 60_000);
    await fillOutbox(prefix, 10);
    const blocked = createIntakeForwarder({ redis, redisPrefix: prefix, queue, batchSize: 4, pollMs: 60_000 });
    onTestFinished(() => blocked.close());
    expect(await blocked.forwardOnce()).toBe(0);
    expect(await blocked.backlog()).toBe(10);
    expect(await queuedIds(queue)).toEqual([]);
    // Once the holder's lease is gone, this process takes over and drains the outbox.
    await redis.del(intakeForwarderLockKey(prefix));
    blocked.poke();
    await expect.poll(() => blocked.backlog()).toBe(0);
    expect((await queuedIds(queue)).length).toBe(10);
  });

  it('gives its lease up on close, so the next forwarder starts at once, but never another holder\'s', async () => {
    const { prefix, queue } = setup('fwd-release');
    const first = createIntakeForwarder({ redis, redisPrefix: prefix, queue, pollMs: 60_000 });
    await first.forwardOnce();
    expect(await redis.pttl(intakeForwarderLockKey(prefix))).toBeGreaterThan(0);
    await first.close();
    expect(await redis.exists(intakeForwarderLockKey(prefix))).toBe(0);

    await fillOutbox(prefix, 3);
    const next = createIntakeForwarder({ redis, redisPrefix: prefix, queue, pollMs: 60_000 });
    await expect.poll(() => next.backlog()).toBe(0);
    // A lease that passed to another process meanwhile stays with it.
    await redis.set(intakeForwarderLockKey(prefix), 'someone-else', 'PX', 60_000);
    await next.close();
    expect(await redis.get(intakeForwarderLockKey(prefix))).toBe('someone-else');
  });

  it('loses nothing and queues nothing twice when a forwarding process is killed mid-run', async () => {
    const { prefix, queue } = setup('fwd-kill');
    const tickets = await fillOutbox(prefix, 4000);
    const child = spawn(process.execPath, ['--import', 'tsx', FORWARDER_PROCESS], {
      env: { ...process.env, REDIS_URL: inject('redisUrl'), PREFIX: prefix, BATCH: '50', LEASE_MS: '500' },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    onTestFinished(() => {
      if (child.exitCode === null) child.kill('SIGKILL');
    });
    let batches = 0;
    await new Promise<void>((resolve, reject) => {
      child.on('exit', (code) => reject(new Error(`forwarder process exited early (${code})`)));
      createInterface({ input: child.stdout! }).on('line', (line) => {
        if (line.startsWith('moved')) batches += 1;
        if (batches === 10) resolve();
      });
    });
    child.removeAllListeners('exit');
    child.kill('SIGKILL');
    const left = await redis.llen(intakeOutboxKey(prefix));
    expect(left).toBeGreaterThan(0);
    expect(left).toBeLessThan(4000);

    // The dead process's lease runs out; a fresh forwarder takes over and finishes.
    const next = createIntakeForwarder({ redis, redisPrefix: prefix, queue, batchSize: 500, pollMs: 50 });
    onTestFinished(() => next.close());
    await expect.poll(() => next.backlog(), { timeout: 20_000 }).toBe(0);
    const ids = await queuedIds(queue);
    expect(ids.length).toBe(4000);
    expect(new Set(ids)).toEqual(new Set(tickets));
  });
});
