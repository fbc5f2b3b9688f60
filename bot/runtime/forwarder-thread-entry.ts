import { readlinkSync } from 'node:fs';
import { setPriority } from 'node:os';
import { parentPort, workerData } from 'node:worker_threads';
import { createLogger } from '../../core/logger.js';
import { createRedis } from '../../core/redis.js';
import { openIntakeQueue } from '../../worker/submit-report.js';
import { createIntakeForwarder } from './intake-forwarder.js';
import type { ForwarderThreadData, ToForwarderThread, FromForwarderThread } from './forwarder-thread.js';

// The body of the intake forwarder's thread (see forwarder-thread.ts): its own Redis
// connection, its own BullMQ queue, its own heap. Building BullMQ jobs allocates a lot
// of memory that outlives a young-generation GC; here that garbage stays out of the
// chat thread's heap, whose pauses every waiting citizen would feel.

const data = workerData as ForwarderThreadData;
lowerThisThreadsPriority();
const port = parentPort!;
const send = (message: FromForwarderThread) => port.postMessage(message);

// Lines go to the chat thread's logger, so the deployment sees one log stream.
const logger = createLogger({ level: data.logLevel }, { write: (line: string) => send({ type: 'log', line }) });
const redis = createRedis(data.redisUrl);
const queue = openIntakeQueue({ url: data.redisUrl, maxRetriesPerRequest: null }, data.redisPrefix, data.retryPolicy);
const forwarder = createIntakeForwarder({
  redis,
  redisPrefix: data.redisPrefix,
  queue,
  logger,
  token: data.token,
  ...data.tuning,
});

port.on('message', (message: ToForwarderThread) => {
  switch (message.type) {
    case 'poke':
      forwarder.poke();
      break;
    case 'forward':
      forwarder.forwardOnce().then(
        (moved) => send({ type: 'forwarded', id: message.id, moved }),
        (err: unknown) => send({ type: 'failed', id: message.id, message: err instanceof Error ? err.message : String(err) }),
      );
      break;
    case 'close':
      void (async () => {
        await forwarder.close();
        await queue.close();
        await redis.quit();
        // With the port closed nothing is left to run, and the thread exits with 0.
        port.close();
      })();
      break;
  }
});

/**
 * Background work: when the CPUs are busy, the chat thread and Redis (which every
 * waiting citizen needs) run first, and reports wait a little longer in the outbox.
 * Linux only (a thread's id from /proc/thread-self); elsewhere it runs at normal priority.
 */
function lowerThisThreadsPriority(): void {
  try {
    const threadId = Number(readlinkSync('/proc/thread-self').split('/').pop());
    setPriority(threadId, 10);
  } catch {
    // Not Linux, or not allowed: normal priority is still correct, only less polite.
  }
}
