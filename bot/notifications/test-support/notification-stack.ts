import { Writable } from 'node:stream';
import type { Queue, Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Kysely } from 'kysely';
import { inject } from 'vitest';
import { createLogger } from '../../../core/logger.js';
import { createRedis } from '../../../core/redis.js';
import type { Database } from '../../../db/database.js';
import type { OutboundMessageRow } from '../../../db/tables/outbound.table.js';
import { uniquePrefix } from '../../../test/support.js';
import { addJob, notificationsQueue, openQueue, type Notification } from '../../../worker/queues.js';
import { createTelegramAdapter } from '../../channels/telegram/adapter.js';
import { createWhatsAppAdapter } from '../../channels/whatsapp/adapter.js';
import { waitFor } from '../../delivery/test-support/wait-for.js';
import { createDeliveryOutbox, type DeliveryOutbox } from '../../delivery/outbox.js';
import type { CitizenUpdates } from '../citizen-updates.js';
import { startNotificationWorker } from '../notification-worker.js';

/** The real notification worker, outbox and queues on a Redis corner of their own, with captured logs. */
export interface NotificationStack {
  redis: Redis;
  prefix: string;
  queue: Queue;
  worker: Worker;
  outbox: DeliveryOutbox;
  /** Every log line written so far, parsed. */
  logs: Record<string, unknown>[];
  /** Adds a notice under `jobId` and waits until its job completes (or fails: then throws). */
  notify(data: Notification, jobId: string): Promise<void>;
  close(): Promise<void>;
}

/** Starts a {@link NotificationStack}. */
export async function startNotificationStack(
  db: Kysely<Database>,
  options: { citizenUpdates?: CitizenUpdates } = {},
): Promise<NotificationStack> {
  const redis = createRedis(inject('redisUrl'));
  const prefix = uniquePrefix('notify');
  const logs: Record<string, unknown>[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      for (const line of chunk.toString().split('\n')) if (line.trim()) logs.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  const logger = createLogger({ level: 'info' }, sink);
  const outbox = createDeliveryOutbox({ db, redis, redisPrefix: prefix });
  const queue = openQueue(notificationsQueue, redis, prefix, { attempts: 1 });
  const worker = startNotificationWorker({
    connection: redis,
    redisPrefix: prefix,
    logger,
    db,
    adapters: { telegram: createTelegramAdapter(), whatsapp: createWhatsAppAdapter() },
    outbox,
    citizenUpdates: options.citizenUpdates,
  });
  return {
    redis,
    prefix,
    queue,
    worker,
    outbox,
    logs,
    async notify(data, jobId) {
      const job = await addJob(queue, notificationsQueue, data, { jobId });
      let state = '';
      await waitFor(async () => ['completed', 'failed'].includes((state = await job.getState())), 10_000, `job ${jobId}`);
      if (state === 'failed') throw new Error(`job ${jobId} failed: ${(await queue.getJob(jobId))?.failedReason}`);
    },
    async close() {
      await worker.close();
      await Promise.all([queue.close(), outbox.close()]);
      await redis.quit();
    },
  };
}

/** The messages recorded in outbound_messages for a ticket, by delivery id. */
export function outboundFor(db: Kysely<Database>, ticket: string): Promise<OutboundMessageRow[]> {
  return db.selectFrom('outbound_messages').selectAll().where('ticket', '=', ticket).orderBy('id').execute();
}
