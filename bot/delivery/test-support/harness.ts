import { Redis } from 'ioredis';
import { createLogger } from '../../../core/logger.js';
import type { DatabaseHandle } from '../../../db/connect.js';
import { startDeliveryWorker, type DeliveryWorker, type DeliveryWorkerDeps } from '../delivery-worker.js';
import { createDeliveryOutbox, type DeliveryOutbox } from '../outbox.js';
import { FakeTelegram, type FakeTelegramControl, type FakeTelegramOptions } from './fake-telegram.js';
import { httpTelegramSender } from './http-telegram-sender.js';
import { startRemoteFakeTelegram } from './remote-fake-telegram.js';

/** Everything a delivery test runs against: the fake Bot API, Redis, PostgreSQL. */
export interface DeliveryHarness {
  fake: FakeTelegramControl;
  redis: Redis;
  outbox: DeliveryOutbox;
  redisPrefix: string;
  /** Starts one more worker process-equivalent (its own connections) on the same prefix. */
  startWorker(overrides?: Partial<DeliveryWorkerDeps>): DeliveryWorker;
  /** Stops workers, outbox, fake and Redis (not the database). */
  close(): Promise<void>;
}

/** Options of {@link openDeliveryHarness}. */
export interface HarnessOptions {
  database: DatabaseHandle;
  redisUrl: string;
  redisPrefix: string;
  fake?: FakeTelegramOptions;
  /** Run the fake in its own process (for timing-sensitive checks). @defaultValue false */
  remoteFake?: boolean;
}

/** Opens the fake, the outbox and a factory of workers that send to the fake over HTTP. */
export async function openDeliveryHarness(options: HarnessOptions): Promise<DeliveryHarness> {
  const fake = options.remoteFake ? await startRemoteFakeTelegram(options.fake) : await FakeTelegram.start(options.fake);
  const redis = new Redis(options.redisUrl, { maxRetriesPerRequest: null });
  const outbox = createDeliveryOutbox({ db: options.database.db, redis, redisPrefix: options.redisPrefix });
  const workers: DeliveryWorker[] = [];
  const connections: Redis[] = [];
  return {
    fake,
    redis,
    outbox,
    redisPrefix: options.redisPrefix,
    startWorker(overrides = {}) {
      // Its own connection, like a separate process would have.
      const connection = new Redis(options.redisUrl, { maxRetriesPerRequest: null });
      connections.push(connection);
      const worker = startDeliveryWorker({
        senders: { telegram: httpTelegramSender(fake.apiRoot, fake.token) },
        limits: { telegram: { perSecond: 30, perChatPerSecond: 1 } },
        db: options.database.db,
        connection,
        redisPrefix: options.redisPrefix,
        logger: createLogger({ level: process.env.TEST_LOG_LEVEL ?? 'silent' }),
        ...overrides,
      });
      workers.push(worker);
      return worker;
    },
    async close() {
      await Promise.all(workers.map((w) => w.close()));
      for (const c of connections) c.disconnect();
      await outbox.close();
      await fake.close();
      redis.disconnect();
    },
  };
}
