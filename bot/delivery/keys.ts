import type { Channel } from '../../worker/queues.js';

/**
 * Redis key names of the delivery path, under `<REDIS_PREFIX>:delivery`. A chat's
 * keys share a `{channel:chatRef}` hash tag; the channel's slot set and pause key are
 * shared by every chat of the channel.
 */

/** The keys of one chat. */
export interface ChatKeys {
  /**
   * Hash: `last` (ms of the chat's latest slot), `sent` (ms of its latest send),
   * `rj`/`rs` (the head's reserved slot).
   */
  state: string;
  /** List of delivery ids not yet finished, oldest first; only the first may be sent. */
  order: string;
  /** Hash: delivery id -> when it was registered (ms), so a re-enqueue is not listed twice. */
  ids: string;
}

/** The keys of one channel. */
export interface ChannelKeys {
  /** Sorted set of taken slot numbers (score = member = slot number). */
  slots: string;
  /** Sorted set of the channel's sends in the last window (score = ms): the hard count. */
  sends: string;
  /** Present while the channel is paused (after a 429 or a bad token); its TTL is the wait. */
  pause: string;
}

function namespace(redisPrefix: string): string {
  return `${redisPrefix}:delivery`;
}

/** The keys of one chat of one channel. */
export function chatKeys(redisPrefix: string, channel: Channel, chatRef: string): ChatKeys {
  const base = `${namespace(redisPrefix)}:chat:{${channel}:${chatRef}}`;
  return { state: base, order: `${base}:order`, ids: `${base}:ids` };
}

/** The keys shared by every chat of a channel. */
export function channelKeys(redisPrefix: string, channel: Channel): ChannelKeys {
  const base = `${namespace(redisPrefix)}:channel:${channel}`;
  return { slots: `${base}:slots`, sends: `${base}:sends`, pause: `${base}:pause` };
}
