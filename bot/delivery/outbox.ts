import { randomUUID } from 'node:crypto';
import { Job, type Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/database.js';
import {
  InvalidJobError,
  deliveryQueue,
  openQueue,
  outboundMessageSchema,
  type Channel,
  type OutboundJobData,
} from '../../worker/queues.js';
import type { OutboundMessage } from '../channels/channel.js';
import { recordQueued } from './outbound-records.js';
import { DEFAULT_PARK_MS, createPacer } from './pacer.js';

/** A message to queue, optionally with its own delivery id. */
export type OutgoingMessage = OutboundMessage & {
  /**
   * A deterministic id (letters, digits, `-`, `_`, `.`), e.g. `notify-<job id>-0`, so
   * queuing the same message twice sends it once. @defaultValue `dlv-<random uuid>`
   */
  deliveryId?: string;
};

/** What {@link createDeliveryOutbox} needs. */
export interface DeliveryOutboxDeps {
  db: Kysely<Database>;
  /** A Redis client (not used for blocking calls). */
  redis: Redis;
  /** The deployment's REDIS_PREFIX. */
  redisPrefix: string;
  /**
   * How long a message queued behind an earlier one of its chat sleeps unless woken;
   * keep it equal to the workers' `pacer.parkMs`. @defaultValue {@link DEFAULT_PARK_MS}
   */
  parkMs?: number;
}

/** The one way into the delivery path. */
export interface DeliveryOutbox {
  /**
   * Records and queues messages; returns their delivery ids, in order. Messages of
   * one chat go out in the order they were queued, across calls too, so a reply
   * queued now follows whatever that chat was already owed.
   */
  enqueue(messages: readonly OutgoingMessage[]): Promise<string[]>;
  /** Closes the queues it opened (not the Redis client). */
  close(): Promise<void>;
}

const DELIVERY_ID = /^[A-Za-z0-9_.-]{1,200}$/;

function validate(message: OutgoingMessage): { id: string; data: OutboundJobData } {
  const id = message.deliveryId ?? `dlv-${randomUUID()}`;
  // BullMQ refuses ids made only of digits or holding `:`.
  if (!DELIVERY_ID.test(id) || /^\d+$/.test(id)) {
    throw new InvalidJobError(`delivery id ${JSON.stringify(id)}: expected letters, digits, - _ . and not only digits`);
  }
  const parsed = outboundMessageSchema.safeParse({
    channel: message.channel,
    chatRef: message.chatRef,
    text: message.text,
    buttons: message.buttons,
    ticket: message.ticket,
    media: message.media,
  });
  if (!parsed.success) {
    throw new InvalidJobError(`delivery: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  }
  return { id, data: parsed.data };
}

/**
 * Opens the outbox every producer (the bot runtime's replies, the notification worker,
 * the reminder job) sends through. Each message is recorded as `queued` in
 * outbound_messages, listed in its chat's order in Redis, then added to its
 * channel's delivery queue with the delivery id as job id.
 */
export function createDeliveryOutbox(deps: DeliveryOutboxDeps): DeliveryOutbox {
  // Listing messages in their chat's order needs no limits; the workers pace them.
  const pacer = createPacer(deps.redis, deps.redisPrefix);
  const parkMs = deps.parkMs ?? DEFAULT_PARK_MS;
  const queues = new Map<Channel, Queue>();
  const queueOf = (channel: Channel): Queue => {
    let q = queues.get(channel);
    if (!q) queues.set(channel, (q = openQueue(deliveryQueue(channel), deps.redis, deps.redisPrefix)));
    return q;
  };

  return {
    async enqueue(messages) {
      const items = messages.map(validate);
      if (items.length === 0) return [];
      // The record is written alongside the queueing rather than before it: a direct
      // reply should not wait for a commit first, and the worker's writes are upserts,
      // so a `queued` row landing after `sent` changes nothing.
      const recorded = recordQueued(deps.db, items.map((i) => ({ id: i.id, message: i.data })));
      recorded.catch(() => {});

      // Listed before the jobs exist, so no worker can take a later message of a
      // chat before an earlier one is in its place.
      const byChat = new Map<string, { channel: Channel; chatRef: string; ids: string[] }>();
      for (const { id, data } of items) {
        const key = `${data.channel}\u0000${data.chatRef}`;
        const chat = byChat.get(key) ?? { channel: data.channel, chatRef: data.chatRef, ids: [] };
        chat.ids.push(id);
        byChat.set(key, chat);
      }
      const chats = [...byChat.values()];
      const heads = new Set(
        (await Promise.all(chats.map((c) => pacer.register(c.channel, c.chatRef, c.ids)))).filter((h) => h !== null),
      );

      // A message behind an earlier one of its chat is added asleep: the earlier one
      // wakes it when done. Added awake, it would only be taken, found not its turn and
      // put back, over and over in a burst, crowding out the messages that can go.
      const byChannel = new Map<Channel, typeof items>();
      for (const item of items) {
        const list = byChannel.get(item.data.channel);
        if (list) list.push(item);
        else byChannel.set(item.data.channel, [item]);
      }
      await Promise.all(
        [...byChannel].map(([channel, list]) =>
          queueOf(channel).addBulk(
            list.map((i) => ({
              name: deliveryQueue(channel).job,
              data: i.data,
              opts: heads.has(i.id) ? { jobId: i.id } : { jobId: i.id, delay: parkMs },
            })),
          ),
        ),
      );

      // The chat's earlier message may have finished between registering and adding,
      // and found nothing to wake: wake our first message ourselves if it is now due.
      await Promise.all(
        chats
          .filter((c) => !heads.has(c.ids[0]!))
          .map(async (c) => {
            if (!(await pacer.isHead(c.channel, c.chatRef, c.ids[0]!))) return;
            const job = await Job.fromId(queueOf(c.channel), c.ids[0]!);
            await job?.promote().catch(() => {});
          }),
      );
      await recorded;
      return items.map((i) => i.id);
    },

    async close() {
      await Promise.all([...queues.values()].map((q) => q.close()));
      queues.clear();
    },
  };
}
