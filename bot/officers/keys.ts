import type { Channel } from '../../worker/queues.js';

/** Redis key names of the desk, beside the citizen runtime's under `<prefix>:bot:`. */

/** Marks one handled officer message (de-duplication of redeliveries). */
export function seenKey(redisPrefix: string, channel: Channel, chatRef: string, messageId: string): string {
  return `${redisPrefix}:bot:officer-seen:${channel}:${chatRef}:${messageId}`;
}

/** One officer chat's small session: the pending action and the last offered choices. */
export function officerSessionKey(redisPrefix: string, channel: Channel, chatRef: string): string {
  return `${redisPrefix}:bot:officer-session:${channel}:${chatRef}`;
}
