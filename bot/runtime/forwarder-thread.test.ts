import { readdirSync, readFileSync } from 'node:fs';
import { pino } from 'pino';
import { describe, expect, inject, it, onTestFinished } from 'vitest';
import { useOutboxFixture } from './fixtures/outbox-fixture.js';
import { startForwarderThread } from './forwarder-thread.js';
import { intakeOutboxKey } from './keys.js';

const { redis, setup, fillOutbox, queuedIds } = useOutboxFixture();

describe('intake forwarder on its own thread', () => {
  it('moves the outbox into the intake queue with the deployment\'s job options, when poked', async () => {
    const { prefix, queue } = setup('thread-poke');
    // A long poll: only the poke can explain a prompt move.
    const forwarder = startForwarderThread({
      redisUrl: inject('redisUrl'),
      redisPrefix: prefix,
      redis,
      retryPolicy: { attempts: 7, backoffMs: 1234 },
      tuning: { pollMs: 60_000 },
    });
    onTestFinished(() => forwarder.close());
    // Once the thread has loaded, its first look (at an empty outbox) is over and it
    // sleeps for the minute-long poll: only the poke can move these in time.
    expect(await forwarder.forwardOnce()).toBe(0);
    const tickets = await fillOutbox(prefix, 25);
    forwarder.poke();
    await expect.poll(() => forwarder.backlog(), { timeout: 15_000 }).toBe(0);
    const jobs = await queue.getWaiting(0, -1);
    expect(jobs.map((j) => j.id).sort()).toEqual(tickets);
    expect(jobs.every((j) => j.opts.attempts === 7 && (j.opts.backoff as { delay: number }).delay === 1234)).toBe(true);

    await fillOutbox(prefix, 3, 100);
    expect(await forwarder.forwardOnce()).toBe(3);
    expect((await queuedIds(queue)).length).toBe(28);
  });

  it('starts a thread that died again, under its lease, and queues every report exactly once', async () => {
    const { prefix, queue } = setup('thread-crash');
    const tickets = await fillOutbox(prefix, 3000);
    // A lease far longer than the test: a restart that had to wait it out would time out.
    const forwarder = startForwarderThread({
      redisUrl: inject('redisUrl'),
      redisPrefix: prefix,
      redis,
      tuning: { batchSize: 50, pollMs: 5, leaseMs: 120_000 },
      restartDelayMs: 50,
    });
    onTestFinished(() => forwarder.close());
    await expect.poll(() => forwarder.backlog(), { timeout: 15_000, interval: 5 }).toBeLessThan(3000);
    await forwarder.terminateThread();
    const left = await forwarder.backlog();
    expect(left).toBeGreaterThan(0);

    await expect.poll(() => forwarder.backlog(), { timeout: 20_000 }).toBe(0);
    expect(forwarder.restarts).toBe(1);
    const ids = await queuedIds(queue);
    expect(ids.length).toBe(3000);
    expect(new Set(ids)).toEqual(new Set(tickets));
  });

  it('relays the thread\'s log lines to the caller\'s logger, and closes', async () => {
    const { prefix } = setup('thread-log');
    const lines: Array<Record<string, unknown>> = [];
    const logger = pino({ level: 'info' }, { write: (line: string) => lines.push(JSON.parse(line) as Record<string, unknown>) });
    // Not a report, and it carries a NIK: set aside, logged without its content.
    await redis.lpush(intakeOutboxKey(prefix), 'not json 3171234567890123');
    const forwarder = startForwarderThread({ redisUrl: inject('redisUrl'), redisPrefix: prefix, redis, logger, tuning: { pollMs: 20 } });
    await expect.poll(() => lines.find((l) => l['msg'] === 'unreadable intake outbox entries set aside; the reports behind them go on'), { timeout: 15_000 })
      .toMatchObject({ level: 50, component: 'intake-forwarder', entries: 1 });
    expect(JSON.stringify(lines)).not.toContain('3171234567890123');
    await forwarder.close();
    expect(await forwarder.backlog()).toBe(0);
    expect(await forwarder.deadLetters()).toBe(1);
    expect(forwarder.restarts).toBe(0);
  });

  it.runIf(process.platform === 'linux')('runs at a lower priority than the chat thread', async () => {
    const { prefix } = setup('thread-nice');
    const niceOfThreads = () =>
      readdirSync('/proc/self/task').map((task) => {
        const stat = readFileSync(`/proc/self/task/${task}/stat`, 'utf8');
        return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[16]);
      });
    expect(niceOfThreads()).not.toContain(10);
    const forwarder = startForwarderThread({ redisUrl: inject('redisUrl'), redisPrefix: prefix, redis });
    onTestFinished(() => forwarder.close());
    await forwarder.forwardOnce();
    expect(niceOfThreads()).toContain(10);
    // Only its own thread: the chat thread (the process's first) keeps its priority.
    expect(niceOfThreads()[0]).toBe(0);
  });
});
