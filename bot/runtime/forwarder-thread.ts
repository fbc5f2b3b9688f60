import { randomBytes } from 'node:crypto';
import { Worker } from 'node:worker_threads';
import type { Redis } from 'ioredis';
import { pino, type Level } from 'pino';
import type { Logger } from '../../core/logger.js';
import type { IntakeRetryPolicy } from '../../worker/submit-report.js';
import type { IntakeForwarder, IntakeForwarderOptions } from './intake-forwarder.js';
import { intakeOutboxDeadKey, intakeOutboxKey } from './keys.js';

/** What the forwarder's thread is started with (structured-cloned into it). */
export interface ForwarderThreadData {
  redisUrl: string;
  redisPrefix: string;
  retryPolicy: IntakeRetryPolicy;
  token: string;
  logLevel: string;
  tuning: ForwarderTuning;
}

/** The forwarder's own knobs, passed through to {@link IntakeForwarderOptions}. */
export type ForwarderTuning = Pick<IntakeForwarderOptions, 'batchSize' | 'pollMs' | 'leaseMs' | 'lingerMs'>;

/** Messages from the chat thread to the forwarder's thread. */
export type ToForwarderThread = { type: 'poke' } | { type: 'forward'; id: number } | { type: 'close' };

/** Messages from the forwarder's thread back. */
export type FromForwarderThread =
  | { type: 'log'; line: string }
  | { type: 'forwarded'; id: number; moved: number }
  | { type: 'failed'; id: number; message: string };

/** What {@link startForwarderThread} needs. */
export interface ForwarderThreadOptions {
  redisUrl: string;
  redisPrefix: string;
  /** The caller's own client, for {@link IntakeForwarder.backlog}. */
  redis: Redis;
  /** The deployment's intake attempts and backoff (INTAKE_ATTEMPTS, INTAKE_BACKOFF_MS). @defaultValue the queue's own */
  retryPolicy?: IntakeRetryPolicy;
  logger?: Logger;
  /** Passed to the forwarder in the thread. @defaultValue its own defaults */
  tuning?: ForwarderTuning;
  /** How long to wait before starting a thread that died again. @defaultValue 1 000 ms */
  restartDelayMs?: number;
}

/** A forwarder running on its own thread, restarted if that thread dies. */
export interface ForwarderThread extends IntakeForwarder {
  /** How many times the thread died and was started again. */
  readonly restarts: number;
  /** Ends the thread at once, as a crash would (it is started again); for tests. */
  terminateThread(): Promise<void>;
}

// Run under tsx (npm start, the benchmarks) or vitest, this module is TypeScript and the
// thread must load it the same way; compiled, it loads the .js beside this file.
const isTypeScript = import.meta.url.endsWith('.ts');
const ENTRY = new URL(`./forwarder-thread-entry.${isTypeScript ? 'ts' : 'js'}`, import.meta.url).href;

function bootstrap(): string {
  if (!isTypeScript) return `import(${JSON.stringify(ENTRY)})`;
  // Resolved here, not in the thread: an eval'd thread resolves packages from the cwd.
  const tsx = import.meta.resolve('tsx/esm/api');
  return `import(${JSON.stringify(tsx)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(ENTRY)}); })`;
}

/**
 * Runs the intake forwarder (see `intake-forwarder.ts`) on a worker thread of this
 * process. Its work is off the messages' path already; on its own thread it is also
 * out of their event loop and heap: each batch it moves is a few milliseconds of job
 * building that would otherwise hold up every message behind it, and garbage that
 * lengthens the chat thread's GC pauses. A thread that dies is started again after
 * `restartDelayMs`, under the same lease token, so it resumes without waiting for its
 * own lease to expire; reports wait safely in the outbox meanwhile.
 */
export function startForwarderThread(options: ForwarderThreadOptions): ForwarderThread {
  const logger = options.logger ?? pino({ level: 'silent' });
  const data: ForwarderThreadData = {
    redisUrl: options.redisUrl,
    redisPrefix: options.redisPrefix,
    retryPolicy: options.retryPolicy ?? {},
    token: randomBytes(9).toString('base64url'),
    logLevel: logger.level,
    tuning: options.tuning ?? {},
  };
  const restartDelayMs = options.restartDelayMs ?? 1000;
  const outbox = intakeOutboxKey(options.redisPrefix);
  const dead = intakeOutboxDeadKey(options.redisPrefix);
  const pending = new Map<number, { resolve: (moved: number) => void; reject: (err: Error) => void }>();
  let nextId = 0;
  let restarts = 0;
  let closing = false;
  let restartTimer: NodeJS.Timeout | undefined;
  let running = false;
  let worker = start();

  function start(): Worker {
    const thread = new Worker(bootstrap(), { eval: true, workerData: data });
    running = true;
    thread.on('message', (message: FromForwarderThread) => {
      switch (message.type) {
        case 'log':
          relayLog(logger, message.line);
          break;
        case 'forwarded':
          pending.get(message.id)?.resolve(message.moved);
          pending.delete(message.id);
          break;
        case 'failed':
          pending.get(message.id)?.reject(new Error(message.message));
          pending.delete(message.id);
          break;
      }
    });
    thread.on('error', (err) => logger.error({ err }, 'intake forwarder thread failed'));
    thread.on('exit', (code) => {
      running = false;
      for (const waiter of pending.values()) waiter.reject(new Error(`intake forwarder thread exited with ${code}`));
      pending.clear();
      if (closing) return;
      restarts += 1;
      logger.error({ code, restarts }, 'intake forwarder thread stopped; starting it again, reports wait in the outbox');
      restartTimer = setTimeout(() => {
        if (!closing) worker = start();
      }, restartDelayMs);
    });
    return thread;
  }

  const post = (message: ToForwarderThread) => worker.postMessage(message);

  return {
    poke: () => post({ type: 'poke' }),
    forwardOnce() {
      if (closing) return Promise.reject(new Error('intake forwarder thread is closed'));
      const id = (nextId += 1);
      return new Promise<number>((resolve, reject) => {
        pending.set(id, { resolve, reject });
        post({ type: 'forward', id });
      });
    },
    backlog: () => options.redis.llen(outbox),
    deadLetters: () => options.redis.llen(dead),
    get restarts() {
      return restarts;
    },
    async terminateThread() {
      await worker.terminate();
    },
    async close() {
      closing = true;
      clearTimeout(restartTimer);
      const thread = worker;
      if (!running) return;
      const exited = new Promise<void>((resolve) => thread.once('exit', () => resolve()));
      post({ type: 'close' });
      // It finishes the batch in flight and closes its connections; a thread stuck on an
      // unreachable Redis is ended rather than holding up shutdown.
      const timer = setTimeout(() => void thread.terminate(), 10_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

function relayLog(logger: Logger, line: string): void {
  try {
    const { level, msg, time: _time, pid: _pid, hostname: _hostname, ...fields } = JSON.parse(line) as Record<string, unknown>;
    const label = (pino.levels.labels[Number(level)] ?? 'info') as Level;
    logger[label]({ component: 'intake-forwarder', ...fields }, String(msg ?? ''));
  } catch {
    logger.warn({ component: 'intake-forwarder' }, 'unreadable log line from the forwarder thread');
  }
}
