import { Worker, type ConnectionOptions, type Queue } from 'bullmq';
import { Redis } from 'ioredis';
import type { Kysely } from 'kysely';
import type { Logger } from '../../core/logger.js';
import type { Database } from '../../db/database.js';
import { bullPrefix, deliveryQueue, openQueue, type Channel } from '../../worker/queues.js';
import { deliveryProcessor, type DeliveryAlert, type DeliveryHooks, type DeliveryResult } from './deliver-job.js';
import { DEFAULT_CHANNEL_LIMITS, DEFAULT_SAFETY_MARGIN_MS, type ChannelLimits } from './limits.js';
import { createPacer, type PacerOptions } from './pacer.js';
import type { ChannelSender } from './sender.js';

/** What {@link startDeliveryWorker} needs. */
export interface DeliveryWorkerDeps {
  /** One sender per channel this process owns the connection of; only these queues are consumed. */
  senders: Partial<Record<Channel, ChannelSender>>;
  /** Per-channel limits; unset channels keep theirs. @defaultValue DEFAULT_CHANNEL_LIMITS */
  limits?: Partial<Record<Channel, ChannelLimits>>;
  /** See DEFAULT_SAFETY_MARGIN_MS. @defaultValue 50 */
  safetyMarginMs?: number;
  /** The routing store (outbound_messages). */
  db: Kysely<Database>;
  /** Redis: connection options or an ioredis instance (duplicated, never closed here). */
  connection: ConnectionOptions;
  /** The deployment's REDIS_PREFIX. */
  redisPrefix: string;
  logger: Logger;
  /**
   * Jobs in hand per channel; a job holds a place while it sends or waits ≤ holdMs, so
   * keep it above perSecond × holdMs / 1000. @defaultValue 64
   */
  concurrency?: number;
  /**
   * Slots closer than this are waited for in process rather than as a delayed job;
   * a delayed job is woken this long before its slot, because BullMQ promotes delayed
   * jobs with a lag of up to a second under load while a timer is precise. @defaultValue 1 000
   */
  holdMs?: number;
  /** How long a refused token stops a channel before the next try. @defaultValue 60 000 */
  unauthorizedPauseMs?: number;
  /** The pause after a "too many" answer without retry_after. @defaultValue 1 000 */
  defaultThrottleMs?: number;
  /** BullMQ lock duration; a killed worker's jobs are taken over after about this long. @defaultValue 30 000 */
  lockDuration?: number;
  /** How often BullMQ looks for stalled jobs. @defaultValue 30 000 */
  stalledInterval?: number;
  pacer?: PacerOptions;
  hooks?: DeliveryHooks;
  /** Called on alerts (a refused token), besides the error log line carrying `alert`. */
  onAlert?: (alert: DeliveryAlert) => void;
}

/** A running delivery worker. */
export interface DeliveryWorker {
  workers: ReadonlyMap<Channel, Worker<unknown, DeliveryResult>>;
  /** Stops taking jobs, lets the ones in hand finish, closes what it opened. */
  close(): Promise<void>;
}

function scriptClient(connection: ConnectionOptions): Redis {
  if (connection instanceof Redis) return connection.duplicate();
  return new Redis({ ...(connection as object), maxRetriesPerRequest: null });
}

/**
 * Consumes the delivery queue of every channel in `senders`; run it in the process
 * that owns those channels' connections. Several processes may run it for the same
 * channel: order, pacing and pauses live in Redis.
 */
export function startDeliveryWorker(deps: DeliveryWorkerDeps): DeliveryWorker {
  const limits = { ...DEFAULT_CHANNEL_LIMITS, ...deps.limits };
  const redis = scriptClient(deps.connection);
  const pacer = createPacer(redis, deps.redisPrefix, limits, deps.safetyMarginMs ?? DEFAULT_SAFETY_MARGIN_MS, deps.pacer);
  const workers = new Map<Channel, Worker<unknown, DeliveryResult>>();
  const queues: Queue[] = [];

  for (const [channel, sender] of Object.entries(deps.senders) as [Channel, ChannelSender | undefined][]) {
    if (!sender) continue;
    const spec = deliveryQueue(channel);
    const queue = openQueue(spec, deps.connection, deps.redisPrefix);
    queues.push(queue);
    const logger = deps.logger.child({ component: 'delivery', channel });
    const worker = new Worker<unknown, DeliveryResult>(
      spec.name,
      deliveryProcessor({
        channel,
        sender,
        pacer,
        db: deps.db,
        queue,
        logger,
        holdMs: deps.holdMs ?? 1_000,
        unauthorizedPauseMs: deps.unauthorizedPauseMs ?? 60_000,
        defaultThrottleMs: deps.defaultThrottleMs ?? 1_000,
        hooks: deps.hooks ?? {},
        onAlert: deps.onAlert,
      }),
      {
        connection: deps.connection,
        prefix: bullPrefix(deps.redisPrefix),
        concurrency: deps.concurrency ?? 64,
        lockDuration: deps.lockDuration ?? 30_000,
        stalledInterval: deps.stalledInterval ?? 30_000,
      },
    );
    // BullMQ reports connection trouble here; without a listener it would be thrown.
    worker.on('error', (err) => logger.error({ err }, 'delivery worker error'));
    workers.set(channel, worker);
  }

  return {
    workers,
    async close() {
      await Promise.all([...workers.values()].map((w) => w.close()));
      await Promise.all(queues.map((q) => q.close()));
      redis.disconnect();
    },
  };
}
