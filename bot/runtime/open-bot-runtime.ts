import type { Redis } from 'ioredis';
import type { Queue } from 'bullmq';
import type { ConversationEngine } from '../../conversations/contract.js';
import type { Config } from '../../core/config.js';
import type { Logger } from '../../core/logger.js';
import { createRedis } from '../../core/redis.js';
import type { Db } from '../../db/database.js';
import { slaLimitsFromConfig } from '../../db/lifecycle/index.js';
import { notificationsQueue, openQueue } from '../../worker/queues.js';
import { createCitizenFollowUp } from './follow-up.js';
import { startForwarderThread, type ForwarderThread } from './forwarder-thread.js';
import { createStatusLookup, highestTicketSerial } from './report-queries.js';
import { createBotRuntime, type BotRuntime, type BotRuntimeDeps } from './runtime.js';
import { createTicketAllocator, type TicketAllocator } from './ticket-allocator.js';

/** A runtime wired to a deployment's Redis, intake queue and routing store. */
export interface OpenedBotRuntime {
  runtime: BotRuntime;
  tickets: TicketAllocator;
  redis: Redis;
  /** Moves confirmed reports from the runtime's outbox to the intake queue, on its own thread. */
  forwarder: ForwarderThread;
  /** Where the citizen's answers, ratings and reopenings queue their notices for officers. */
  notifications: Queue;
  /** Waits for messages in flight, then closes the queues and Redis (not the database). */
  close(): Promise<void>;
}

/**
 * Builds the runtime the way every entry point (the terminal chat, `npm run bot`)
 * runs it, from the parsed configuration: a Redis client of its own, the outbox
 * forwarder on its own thread feeding the intake queue with the deployment's attempts
 * and backoff, tickets leased from Redis and re-seeded from the reports table if the
 * counter is missing, status lookups in the routing store, the citizen's follow-up
 * actions in the lifecycle store with their notices on the notifications queue.
 * Leases the first ticket block before returning.
 */
export async function openBotRuntime(
  config: Config,
  deps: { engine: ConversationEngine; db: Db; logger: Logger } & Partial<BotRuntimeDeps>,
): Promise<OpenedBotRuntime> {
  // No auto-pipelining: the runtime batches its scripts itself, and ioredis keeps one
  // auto-pipeline in flight per connection, so every batch would wait for the replies
  // of the one before it. Under load that queue, not Redis, set the p99 latency.
  const redis = createRedis(config.REDIS_URL);
  const notifications = openQueue(notificationsQueue, { url: config.REDIS_URL, maxRetriesPerRequest: null }, config.REDIS_PREFIX);
  const tickets = createTicketAllocator(redis, config.REDIS_PREFIX, {
    highestSerial: () => highestTicketSerial(deps.db),
  });
  try {
    await tickets.start();
  } catch (err) {
    await notifications.close();
    redis.disconnect();
    throw err;
  }
  const forwarder = startForwarderThread({
    redisUrl: config.REDIS_URL,
    redisPrefix: config.REDIS_PREFIX,
    redis,
    retryPolicy: { attempts: config.INTAKE_ATTEMPTS, backoffMs: config.INTAKE_BACKOFF_MS },
    logger: deps.logger,
  });
  const runtime = createBotRuntime({
    redis,
    redisPrefix: config.REDIS_PREFIX,
    tickets,
    onReportQueued: forwarder.poke,
    lookupStatus: createStatusLookup(deps.db),
    followUp: createCitizenFollowUp(deps.db, notifications, { limits: slaLimitsFromConfig(config), logger: deps.logger }),
    sessionTtlSeconds: config.SESSION_TTL_HOURS * 3600,
    reminderAfterSeconds: config.SESSION_REMINDER_HOURS * 3600,
    ...deps,
  });
  return {
    runtime,
    tickets,
    redis,
    forwarder,
    notifications,
    async close() {
      await runtime.drain();
      // Reports it has not moved yet stay in the outbox for the next start.
      await forwarder.close();
      await notifications.close();
      await redis.quit();
    },
  };
}
