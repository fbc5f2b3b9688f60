import { DelayedError, Job, UnrecoverableError, type Queue } from 'bullmq';
import type { Kysely } from 'kysely';
import type { Logger } from '../../core/logger.js';
import type { Database } from '../../db/database.js';
import { deliveryQueue, parseJobData, type Channel, type OutboundJobData } from '../../worker/queues.js';
import { findProviderMessageId, recordFailure, recordSent } from './outbound-records.js';
import type { Pacer } from './pacer.js';
import { SendError } from './send-errors.js';
import type { ChannelSender } from './sender.js';

/** Points where tests and benchmarks observe the delivery; production leaves them unset. */
export interface DeliveryHooks {
  /** Right before the channel call. */
  beforeSend?(deliveryId: string, message: OutboundJobData): Promise<void> | void;
  /** After the channel accepted the message and its id is recorded, before the job completes. */
  afterRecorded?(deliveryId: string, providerMessageId: string): Promise<void> | void;
  /** After the channel was paused (a 429, a refused token), for metrics and tests. */
  onPause?(channel: Channel, ms: number, reason: 'throttled' | 'unauthorized'): void;
}

/** Something operators must act on. */
export interface DeliveryAlert {
  kind: 'unauthorized';
  channel: Channel;
  /** The channel's words. */
  detail: string;
  /** How long the channel is paused before the next try. */
  pausedForMs: number;
}

/** What a completed delivery job returns. */
export interface DeliveryResult {
  providerMessageId: string;
  /** True when an earlier run had already delivered it (a worker died before completing). */
  alreadySent: boolean;
}

/** What {@link deliveryProcessor} needs; filled in by startDeliveryWorker. */
export interface DeliveryProcessorDeps {
  channel: Channel;
  sender: ChannelSender;
  pacer: Pacer;
  db: Kysely<Database>;
  /** The channel's delivery queue, to wake a chat's next message. */
  queue: Queue;
  logger: Logger;
  /** Slots closer than this are waited for in process, farther ones as a delayed job. */
  holdMs: number;
  /** How long a bad token stops the channel before the next try. */
  unauthorizedPauseMs: number;
  /** The pause for a "too many" answer that did not say how long. */
  defaultThrottleMs: number;
  hooks: DeliveryHooks;
  onAlert?: ((alert: DeliveryAlert) => void) | undefined;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Retries a small write a few times: losing the record of a send means sending twice. */
async function persist(write: () => Promise<void>, attempts = 5): Promise<void> {
  for (let i = 1; ; i++) {
    try {
      return await write();
    } catch (err) {
      if (i >= attempts) throw err;
      await sleep(100 * i);
    }
  }
}

/**
 * The delivery job: one message, one channel call at most per run. It asks the pacer
 * for the message's turn and slot, waits for it (in process when close, as a delayed
 * job when not: waiting never uses an attempt), sends, records the channel's id at
 * once, then hands the chat to its next message. A run that finds the channel's id
 * already recorded completes without sending: the worker before it died after the
 * channel accepted the message.
 */
export function deliveryProcessor(deps: DeliveryProcessorDeps) {
  const spec = deliveryQueue(deps.channel);
  const { pacer, db, logger, hooks } = deps;

  async function handOn(message: OutboundJobData, id: string): Promise<void> {
    const next = await pacer.finish(message.channel, message.chatRef, id);
    if (!next) return;
    // The next message is usually parked as a delayed job; wake it. It may also be
    // running right now, in which case it finds itself at the head on its own.
    const job = await Job.fromId(deps.queue, next).catch(() => undefined);
    await job?.promote().catch(() => {});
  }

  async function park(job: Job, token: string | undefined, wakeAt: number): Promise<never> {
    await job.moveToDelayed(wakeAt, token);
    throw new DelayedError();
  }

  async function failed(job: Job, message: OutboundJobData, token: string | undefined, err: unknown): Promise<never> {
    const id = job.id!;
    const error = err instanceof SendError ? err : new SendError('transient', (err as Error)?.message ?? String(err));
    const log = { deliveryId: id, kind: error.kind, err: error.message };
    switch (error.kind) {
      case 'throttled': {
        // The channel counts differently from us (or another sender shares the bot):
        // stop the whole channel for as long as it asked, then try this one again.
        const ms = error.retryAfterMs ?? deps.defaultThrottleMs;
        await pacer.pause(message.channel, ms, 'throttled');
        hooks.onPause?.(message.channel, ms, 'throttled');
        logger.warn({ ...log, retryAfterMs: ms }, 'channel asked us to slow down; channel paused');
        await recordFailure(db, id, message, 'retrying', error);
        return park(job, token, Date.now() + ms);
      }
      case 'unauthorized': {
        // Every message would fail the same way: stop the channel, tell operators, and
        // keep the messages for when the credentials are fixed.
        const ms = deps.unauthorizedPauseMs;
        await pacer.pause(message.channel, ms, 'unauthorized');
        hooks.onPause?.(message.channel, ms, 'unauthorized');
        logger.error({ ...log, alert: 'delivery_unauthorized', pausedForMs: ms }, 'channel refused our credentials; delivery paused');
        deps.onAlert?.({ kind: 'unauthorized', channel: message.channel, detail: error.message, pausedForMs: ms });
        await recordFailure(db, id, message, 'retrying', error);
        return park(job, token, Date.now() + ms);
      }
      case 'transient': {
        const last = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
        await recordFailure(db, id, message, last ? 'failed' : 'retrying', error);
        if (last) {
          logger.error(log, 'delivery failed after its last attempt');
          await handOn(message, id);
        } else {
          logger.warn({ ...log, attempt: job.attemptsMade + 1 }, 'delivery failed; retrying with backoff');
        }
        // BullMQ retries with the queue's exponential backoff; the chat's later
        // messages stay behind this one meanwhile.
        throw error;
      }
      default: {
        // recipient_gone, rejected: no retry can help.
        await recordFailure(db, id, message, 'failed', error);
        logger.warn(log, 'delivery given up');
        await handOn(message, id);
        throw new UnrecoverableError(`${error.kind}: ${error.message}`);
      }
    }
  }

  return async function processDelivery(job: Job, token?: string): Promise<DeliveryResult> {
    const message = parseJobData(spec, job);
    const id = job.id!;

    const recorded = await findProviderMessageId(db, id);
    if (recorded) {
      await handOn(message, id);
      return { providerMessageId: recorded, alreadySent: true };
    }

    for (;;) {
      const grant = await pacer.acquire(message.channel, message.chatRef, id);
      if (grant.kind === 'go') break;
      if (grant.kind === 'wait' && grant.ms <= deps.holdMs) {
        await sleep(grant.ms);
        continue;
      }
      if (grant.kind === 'wait') {
        // Wake early and wait out the rest in process: delayed jobs are promoted with
        // a lag, a timer is precise.
        return park(job, token, Date.now() + grant.ms - deps.holdMs);
      }
      if (grant.kind === 'blocked') {
        await job.moveToDelayed(Date.now() + grant.ms, token);
        // The earlier message may have finished between our look and our parking,
        // too early to wake us: look again now that we are parked.
        if (await pacer.isHead(message.channel, message.chatRef, id)) await job.promote().catch(() => {});
        throw new DelayedError();
      }
      return park(job, token, Date.now() + grant.ms);
    }

    await hooks.beforeSend?.(id, message);
    let providerMessageId: string;
    try {
      ({ providerMessageId } = await deps.sender.send(message));
    } catch (err) {
      await pacer.settle(message.channel, message.chatRef, id);
      return failed(job, message, token, err);
    }
    await Promise.all([
      persist(() => recordSent(db, id, message, providerMessageId)),
      pacer.settle(message.channel, message.chatRef, id),
    ]);
    await hooks.afterRecorded?.(id, providerMessageId);
    await handOn(message, id);
    return { providerMessageId, alreadySent: false };
  };
}
