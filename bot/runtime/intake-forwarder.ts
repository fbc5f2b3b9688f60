import { randomBytes } from 'node:crypto';
import type { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { pino } from 'pino';
import type { Logger } from '../../core/logger.js';
import { intakeQueue, type SubmittedReport } from '../../worker/queues.js';
import { intakeForwarderLockKey, intakeOutboxDeadKey, intakeOutboxKey } from './keys.js';

/**
 * Moves confirmed reports from the runtime's intake outbox (a Redis list the commit
 * script pushes onto, atomically with the conversation's state) into the BullMQ intake
 * queue. The citizen's message never waits for this: its two round trips are the
 * session's, and the report is already safe in Redis when the ticket is shown.
 *
 * One process at a time forwards, under a lease; the lease token fences the trim, so
 * a forwarder that stalled past its lease cannot remove reports it did not forward.
 * A forwarder that dies between adding and trimming leaves the reports in the list;
 * the next one adds them again, and the ticket as job id makes that a no-op. An entry
 * that is not a report (hand-edited, or written by an incompatible version) is moved to
 * a dead-letter list rather than retried forever in front of the reports behind it.
 */

/**
 * KEYS: lease, outbox. ARGV: token, lease ms, batch size. Takes or renews the lease
 * and returns the oldest reports (oldest last), or false when another process holds it.
 */
const CLAIM = `
local holder = redis.call('GET', KEYS[1])
if holder and holder ~= ARGV[1] then return false end
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
return redis.call('LRANGE', KEYS[2], -tonumber(ARGV[3]), -1)
`;

/**
 * KEYS: lease, outbox, dead letters. ARGV: token, count, then the unreadable entries.
 * If the lease is still ours: sets the unreadable entries aside and drops the `count`
 * oldest reports, in one step.
 */
const ACK = `
if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
for i = 3, #ARGV do redis.call('LPUSH', KEYS[3], ARGV[i]) end
redis.call('LTRIM', KEYS[2], 0, -tonumber(ARGV[2]) - 1)
return 1
`;

/** KEYS: lease. ARGV: token. Gives the lease up if it is still ours. */
const RELEASE = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
`;

interface ForwarderRedis extends Redis {
  laporIntakeClaim(lease: string, outbox: string, token: string, leaseMs: number, batch: number): Promise<string[] | null>;
  laporIntakeAck(lease: string, outbox: string, dead: string, token: string, count: number, ...unreadable: string[]): Promise<number>;
  laporIntakeRelease(lease: string, token: string): Promise<number>;
}

/** What {@link createIntakeForwarder} needs. */
export interface IntakeForwarderOptions {
  redis: Redis;
  redisPrefix: string;
  /** An intake queue opened with `openQueue(intakeQueue, …)`: its attempts and backoff apply. */
  queue: Queue;
  logger?: Logger;
  /** Reports per addBulk. @defaultValue 500 */
  batchSize?: number;
  /** How often an idle forwarder looks for other processes' reports. @defaultValue 200 ms */
  pollMs?: number;
  /** How long the lease holds without renewal. @defaultValue 10 000 ms */
  leaseMs?: number;
  /**
   * How long to let reports gather after a wake-up before claiming them. A poke
   * usually means one report; under load the next few join its batch, so the queue
   * sees a few large addBulk calls rather than one per report. @defaultValue 20 ms
   */
  lingerMs?: number;
  /**
   * The lease holder's name. Give a restarted forwarder its dead predecessor's token
   * and it takes the lease over at once instead of waiting out `leaseMs`; never share
   * a token between two forwarders that may run at the same time. @defaultValue random
   */
  token?: string;
}

/** A running forwarder. */
export interface IntakeForwarder {
  /** Forwards now rather than at the next poll (called after a commit that carried a report). */
  poke(): void;
  /** Forwards one batch if the lease is free or ours; resolves with how many reports moved. */
  forwardOnce(): Promise<number>;
  /** How many reports wait in the outbox (for readiness and metrics). */
  backlog(): Promise<number>;
  /** How many unreadable entries were set aside (for metrics; see {@link intakeOutboxDeadKey}). */
  deadLetters(): Promise<number>;
  /**
   * Stops after the batch in flight and gives the lease up, so a process started next
   * forwards at once rather than after `leaseMs`; reports left in the outbox wait for it.
   */
  close(): Promise<void>;
}

/** Starts forwarding at once; see the module comment. */
export function createIntakeForwarder(options: IntakeForwarderOptions): IntakeForwarder {
  const { queue, redisPrefix } = options;
  const redis = options.redis as ForwarderRedis;
  if (typeof redis.laporIntakeClaim !== 'function') {
    redis.defineCommand('laporIntakeClaim', { numberOfKeys: 2, lua: CLAIM });
    redis.defineCommand('laporIntakeAck', { numberOfKeys: 3, lua: ACK });
    redis.defineCommand('laporIntakeRelease', { numberOfKeys: 1, lua: RELEASE });
  }
  const logger = options.logger ?? pino({ level: 'silent' });
  const batchSize = options.batchSize ?? 500;
  const pollMs = options.pollMs ?? 200;
  const leaseMs = options.leaseMs ?? 10_000;
  const lingerMs = options.lingerMs ?? 20;
  const lease = intakeForwarderLockKey(redisPrefix);
  const outbox = intakeOutboxKey(redisPrefix);
  const dead = intakeOutboxDeadKey(redisPrefix);
  const token = options.token ?? randomBytes(9).toString('base64url');

  let stopped = false;
  let wake: (() => void) | null = null;
  let poked = false;

  // One batch at a time in this process: two batches under the same token would both
  // trim, and the second trim would drop reports nobody forwarded.
  let chain: Promise<unknown> = Promise.resolve();
  function forwardOnce(): Promise<number> {
    const run = chain.then(forwardBatch);
    chain = run.catch(() => undefined);
    return run;
  }

  async function forwardBatch(): Promise<number> {
    const claimed = await redis.laporIntakeClaim(lease, outbox, token, leaseMs, batchSize);
    if (!claimed || claimed.length === 0) return 0;
    // LRANGE returns the newest first; queue the oldest first.
    const jobs: Array<{ name: string; data: SubmittedReport; opts: { jobId: string } }> = [];
    const unreadable: string[] = [];
    for (const entry of claimed.reverse()) {
      const report = readReport(entry);
      if (report) jobs.push({ name: intakeQueue.job, data: report, opts: { jobId: report.ticket } });
      else unreadable.push(entry);
    }
    if (jobs.length > 0) await queue.addBulk(jobs);
    const acked = await redis.laporIntakeAck(lease, outbox, dead, token, claimed.length, ...unreadable);
    if (acked !== 1) logger.warn({ reports: claimed.length }, 'intake forwarder lost its lease; another process re-adds these');
    else if (unreadable.length > 0) {
      // The entry itself stays out of the log: it may carry a citizen's NIK or number.
      logger.error({ entries: unreadable.length, deadLetters: dead }, 'unreadable intake outbox entries set aside; the reports behind them go on');
    }
    return claimed.length;
  }

  async function loop(): Promise<void> {
    let failures = 0;
    while (!stopped) {
      let moved = 0;
      try {
        moved = await forwardOnce();
        failures = 0;
      } catch (err) {
        failures += 1;
        logger.error({ err, failures }, 'intake forwarder failed; reports stay in the outbox and are retried');
      }
      if (moved >= batchSize) continue;
      const wait = failures > 0 ? Math.min(pollMs * 2 ** failures, 30_000) : pollMs;
      if (!poked) {
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, wait);
          wake = () => {
            clearTimeout(timer);
            resolve();
          };
        });
      }
      wake = null;
      poked = false;
      if (lingerMs > 0 && !stopped) await new Promise((resolve) => setTimeout(resolve, lingerMs));
    }
  }

  const running = loop();
  return {
    poke() {
      poked = true;
      wake?.();
    },
    forwardOnce,
    backlog: () => redis.llen(outbox),
    deadLetters: () => redis.llen(dead),
    async close() {
      stopped = true;
      wake?.();
      await running;
      // A Redis that is down keeps the lease until it expires, which is also correct.
      await redis.laporIntakeRelease(lease, token).catch((err: unknown) => logger.warn({ err }, 'intake forwarder could not give its lease up; it expires by itself'));
    },
  };
}

/**
 * A report as the commit script queued it, or null for an entry no forwarder can queue
 * (not JSON, or without the ticket that becomes its job id). The intake worker checks
 * the rest of the report against its schema.
 */
function readReport(entry: string): SubmittedReport | null {
  try {
    const parsed: unknown = JSON.parse(entry);
    const ticket = (parsed as { ticket?: unknown } | null)?.ticket;
    return typeof ticket === 'string' && ticket !== '' ? (parsed as SubmittedReport) : null;
  } catch {
    return null;
  }
}
