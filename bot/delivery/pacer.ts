import type { Redis } from 'ioredis';
import { bullPrefix, deliveryQueue, type Channel } from '../../worker/queues.js';
import { channelKeys, chatKeys } from './keys.js';
import {
  DEFAULT_CHANNEL_LIMITS,
  DEFAULT_SAFETY_MARGIN_MS,
  pacingFor,
  type ChannelLimits,
  type Pacing,
} from './limits.js';
import { withDeliveryScripts, type DeliveryRedis } from './scripts.js';

/** How long a message behind an earlier one of its chat sleeps unless woken. @defaultValue 15 000 */
export const DEFAULT_PARK_MS = 15_000;

/** What the pacer decided for one message. */
export type Grant =
  /** Send now: the slot is this message's and the chat's earlier messages are done. */
  | { kind: 'go' }
  /** A slot is reserved for this message `ms` from now. */
  | { kind: 'wait'; ms: number }
  /** The whole channel is paused for `ms` (the channel said "too many", or the token is bad). */
  | { kind: 'paused'; ms: number }
  /** An earlier message of the chat is still unfinished (queued, waiting or retrying). */
  | { kind: 'blocked'; ms: number };

/** Knobs of {@link createPacer}. */
export interface PacerOptions {
  /**
   * How long after registration a listed message whose job never appeared is given
   * before its chat moves on without it. @defaultValue 60 000
   */
  orphanGraceMs?: number;
  /**
   * How long a message stuck behind an earlier one sleeps before it looks again; the
   * earlier one wakes it as soon as it finishes, so this only bounds a missed wake-up
   * (a process that died between the two).
   * @defaultValue {@link DEFAULT_PARK_MS}
   */
  parkMs?: number;
  /** How long a chat's order and pacing state outlive its last message. @defaultValue 7 days */
  ttlSeconds?: number;
  /**
   * How long a send with no answer yet counts as in flight (a process that died
   * mid-send never settles it); keep it above the senders' request timeout.
   * @defaultValue 30 000
   */
  inFlightLeaseMs?: number;
}

/**
 * The shared schedule of one deployment's outbound messages, in Redis: per chat an
 * order of unfinished messages (only the oldest may go) and the time of its latest
 * slot, per channel a set of taken slots and a pause. Every worker process asks it
 * before each send, so the limits hold across processes.
 */
export interface Pacer {
  /**
   * Lists messages of one chat in the order they must be delivered; returns the
   * chat's oldest unfinished delivery id (the only one that may go now).
   */
  register(channel: Channel, chatRef: string, deliveryIds: readonly string[]): Promise<string | null>;
  /** May this message be sent now? Reserves its slot when it is its chat's turn. */
  acquire(channel: Channel, chatRef: string, deliveryId: string): Promise<Grant>;
  /** The channel answered this message's send (accepted or not): call right after every send. */
  settle(channel: Channel, chatRef: string, deliveryId: string): Promise<void>;
  /** The message is done (sent or given up); returns the chat's next delivery id, if any. */
  finish(channel: Channel, chatRef: string, deliveryId: string): Promise<string | null>;
  /** Whether this message is now its chat's oldest unfinished one. */
  isHead(channel: Channel, chatRef: string, deliveryId: string): Promise<boolean>;
  /** Stops every send on the channel for at least `ms`; returns the pause left. */
  pause(channel: Channel, ms: number, reason: string): Promise<number>;
}

/**
 * Builds a pacer over a Redis client, with each channel's limits (every process of a
 * deployment must use the same ones: they share one slot grid per channel).
 * @defaultValue limits {@link DEFAULT_CHANNEL_LIMITS}, marginMs {@link DEFAULT_SAFETY_MARGIN_MS}
 */
export function createPacer(
  redis: Redis,
  redisPrefix: string,
  limits: Readonly<Record<Channel, ChannelLimits>> = DEFAULT_CHANNEL_LIMITS,
  marginMs = DEFAULT_SAFETY_MARGIN_MS,
  options: PacerOptions = {},
): Pacer {
  const scripted: DeliveryRedis = withDeliveryScripts(redis);
  const grace = options.orphanGraceMs ?? 60_000;
  const park = options.parkMs ?? DEFAULT_PARK_MS;
  const ttl = options.ttlSeconds ?? 7 * 24 * 3600;
  const lease = options.inFlightLeaseMs ?? 30_000;
  const pacing = new Map<Channel, Pacing>();
  const pacingOf = (channel: Channel): Pacing => {
    let p = pacing.get(channel);
    if (!p) pacing.set(channel, (p = pacingFor(limits[channel], marginMs)));
    return p;
  };

  return {
    async register(channel, chatRef, deliveryIds) {
      const k = chatKeys(redisPrefix, channel, chatRef);
      return (await scripted.deliveryRegister(k.order, k.ids, ttl, ...deliveryIds)) || null;
    },

    async acquire(channel, chatRef, deliveryId) {
      const k = chatKeys(redisPrefix, channel, chatRef);
      const c = channelKeys(redisPrefix, channel);
      const p = pacingOf(channel);
      const jobKeyPrefix = `${bullPrefix(redisPrefix)}:${deliveryQueue(channel).name}:`;
      const [code, ms] = await scripted.deliveryAcquire(
        k.state, k.order, k.ids, c.slots, c.pause, c.sends,
        deliveryId, p.slotMs, p.chatGapMs, p.windowMs, p.perWindow, grace, jobKeyPrefix, ttl, park, lease, p.chatSlotGapMs,
      );
      switch (code) {
        case 0:
          return { kind: 'go' };
        case 1:
          return { kind: 'wait', ms };
        case 2:
          return { kind: 'paused', ms };
        default:
          return { kind: 'blocked', ms };
      }
    },

    async settle(channel, chatRef, deliveryId) {
      await scripted.deliverySettle(chatKeys(redisPrefix, channel, chatRef).state, channelKeys(redisPrefix, channel).sends, deliveryId);
    },

    async finish(channel, chatRef, deliveryId) {
      const k = chatKeys(redisPrefix, channel, chatRef);
      return (await scripted.deliveryFinish(k.state, k.order, k.ids, deliveryId)) || null;
    },

    async isHead(channel, chatRef, deliveryId) {
      return (await scripted.deliveryIsHead(chatKeys(redisPrefix, channel, chatRef).order, deliveryId)) === 1;
    },

    async pause(channel, ms, reason) {
      return scripted.deliveryPause(channelKeys(redisPrefix, channel).pause, Math.max(1, Math.ceil(ms)), reason);
    },
  };
}
