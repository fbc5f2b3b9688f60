import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';
import { z } from 'zod';
import type { Logger } from '../../core/logger.js';
import { startPeriodicJob, type PeriodicJob } from '../../worker/periodic-job.js';
import type { QueueSpec } from '../../worker/queues.js';
import type { BotRuntime, IdleReminder } from '../runtime/runtime.js';
import type { DeliveryOutbox, OutgoingMessage } from '../delivery/outbox.js';
import type { Renderers } from './deps.js';

/** How often idle chats are swept, by default: the reminder is due after hours, so minutes of lag are fine. */
export const DEFAULT_IDLE_SWEEP_MS = 15 * 60_000;
/** The job scheduler's id: one per deployment, so every process may upsert it. */
export const IDLE_REMINDER_SCHEDULER_ID = 'idle-reminders';

/** The sweep of idle citizen chats; `now` (ISO) pretends a moment, for a run by hand or a test. */
export const idleRemindersQueue: QueueSpec<z.ZodObject<{ now: z.ZodOptional<z.ZodISODateTime> }>> = {
  name: 'idle-reminders',
  job: 'idle-sweep',
  schema: z.object({ now: z.iso.datetime({ offset: true }).optional() }),
  // A sweep missed is caught by the next one: few attempts, little kept.
  jobOptions: { attempts: 2, backoff: { type: 'fixed', delay: 30_000 }, removeOnComplete: { count: 50 }, removeOnFail: { count: 50 } },
};

/** What {@link startIdleReminderScheduler} needs. */
export interface IdleReminderSchedulerDeps {
  runtime: Pick<BotRuntime, 'sendIdleReminders'>;
  /** Renderers of the citizens' channels (all the channels the bot serves). */
  adapters: Renderers;
  outbox: Pick<DeliveryOutbox, 'enqueue'>;
  /** A Redis client made by core/redis.ts createRedis (BullMQ workers need maxRetriesPerRequest null). */
  redis: Redis;
  redisPrefix: string;
  logger: Logger;
  /** @defaultValue {@link DEFAULT_IDLE_SWEEP_MS} */
  everyMs?: number | undefined;
  /** Chats reminded per sweep at most. @defaultValue 500 */
  limit?: number | undefined;
}

/** A running sweep schedule and its worker. */
export type IdleReminderScheduler = PeriodicJob;

/** The delivery id of one reminder message: the chat (hashed: chat refs hold `@`, `+`) and the sweep's moment. */
export function idleReminderDeliveryId(reminder: Pick<IdleReminder, 'channel' | 'chatRef'>, at: Date, index: number): string {
  const chat = createHash('sha256').update(`${reminder.channel}\u0000${reminder.chatRef}`).digest('hex').slice(0, 20);
  return `idle-${chat}-${at.getTime()}-${index}`;
}

/**
 * Sends the idle reminders once: asks the runtime which chats are owed one (it marks
 * each chat reminded, once per silence, even across processes), renders each chat's
 * replies with its channel's adapter and queues them. Returns the delivery ids.
 */
export async function sweepIdleChats(
  deps: Pick<IdleReminderSchedulerDeps, 'runtime' | 'adapters' | 'outbox' | 'logger' | 'limit'>,
  now: Date,
): Promise<string[]> {
  const due = await deps.runtime.sendIdleReminders(now, deps.limit ?? 500);
  const messages: OutgoingMessage[] = [];
  let skipped = 0;
  for (const reminder of due) {
    // The local terminal chat cannot be written to later: nothing to send.
    if (reminder.channel === 'terminal') continue;
    const adapter = deps.adapters[reminder.channel];
    if (!adapter) {
      // The runtime has already counted the reminder as given; a later sweep will not
      // offer it again, so this is logged, not retried.
      skipped += 1;
      continue;
    }
    adapter.render(reminder.chatRef, reminder.replies).forEach((m, i) => {
      messages.push({ ...m, deliveryId: idleReminderDeliveryId(reminder, now, i) });
    });
  }
  if (skipped > 0) deps.logger.warn({ skipped }, 'idle reminders for channels this process does not serve were dropped');
  const ids = await deps.outbox.enqueue(messages);
  if (ids.length > 0) deps.logger.info({ messages: ids.length }, 'idle reminders queued');
  return ids;
}

/**
 * Registers the sweep of idle citizen chats as a BullMQ job scheduler (every
 * `everyMs`; idempotent: the scheduler id keeps one schedule however many processes
 * call it) and starts its worker, one sweep at a time. Two processes may both run the
 * worker: a scheduled sweep is one job, taken by one of them, and the runtime hands
 * each chat's reminder out once anyway.
 */
export async function startIdleReminderScheduler(deps: IdleReminderSchedulerDeps): Promise<IdleReminderScheduler> {
  return startPeriodicJob({
    spec: idleRemindersQueue,
    schedulerId: IDLE_REMINDER_SCHEDULER_ID,
    everyMs: deps.everyMs ?? DEFAULT_IDLE_SWEEP_MS,
    data: {},
    run: async (data) => ({ messages: (await sweepIdleChats(deps, data.now ? new Date(data.now) : new Date())).length }),
    redis: deps.redis,
    redisPrefix: deps.redisPrefix,
    logger: deps.logger,
    label: 'idle reminder sweep',
  });
}
