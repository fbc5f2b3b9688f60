import type { Channel } from '../../worker/queues.js';

/**
 * Redis key names of the runtime. Every key of one chat lives in one hash whose name
 * carries a `{…}` hash tag, so the Lua scripts touching it stay valid on Redis Cluster
 * (the activity sorted set is the one shared key; see {@link idleKey}).
 */

/** The namespace of the runtime's keys under a deployment's REDIS_PREFIX. */
export function runtimeNamespace(redisPrefix: string): string {
  return `${redisPrefix}:bot`;
}

/** The identity of a chat across channels: `telegram:12345`. Channel names hold no colon. */
export function chatId(channel: Channel, chatRef: string): string {
  return `${channel}:${chatRef}`;
}

/** Splits a {@link chatId} back into its channel and the channel's chat reference. */
export function parseChatId(id: string): { channel: Channel; chatRef: string } {
  const at = id.indexOf(':');
  return { channel: id.slice(0, at) as Channel, chatRef: id.slice(at + 1) };
}

/** The hash holding one chat's state, recently handled message ids and lock. */
export function chatKey(redisPrefix: string, id: string): string {
  return `${runtimeNamespace(redisPrefix)}:chat:{${id}}`;
}

/** The sorted set of chats with a live session, scored by the last citizen activity (ms). */
export function idleKey(redisPrefix: string): string {
  return `${runtimeNamespace(redisPrefix)}:idle`;
}

/** The counter ticket serials are leased from; shared by every process of a deployment. */
export function ticketCounterKey(redisPrefix: string): string {
  return `${redisPrefix}:tickets:serial`;
}

/**
 * The list confirmed reports wait in between the commit that confirmed them and the
 * intake queue (newest at the head); see `intake-forwarder.ts`.
 */
export function intakeOutboxKey(redisPrefix: string): string {
  return `${runtimeNamespace(redisPrefix)}:intake-outbox`;
}

/**
 * Outbox entries the forwarder could not read as a report (not JSON, or no ticket):
 * set aside so they cannot block the reports behind them, kept for an operator.
 */
export function intakeOutboxDeadKey(redisPrefix: string): string {
  return `${runtimeNamespace(redisPrefix)}:intake-outbox-dead`;
}

/** The lease that lets one process at a time move reports from the outbox to the intake queue. */
export function intakeForwarderLockKey(redisPrefix: string): string {
  return `${runtimeNamespace(redisPrefix)}:intake-forwarder`;
}
