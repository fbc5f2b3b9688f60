import type { Channel } from '../../worker/queues.js';

/** How fast one channel may be sent to. */
export interface ChannelLimits {
  /** Messages per second over the whole channel (one bot, one number, one gateway account). */
  perSecond: number;
  /** Messages per second into one chat. */
  perChatPerSecond: number;
}

/**
 * Per-channel defaults (../shared/CHANNELS.md): Telegram claims about 30/s per bot and
 * 1/s per chat, and we stay under it at 25/s; WhatsApp Web bans numbers that behave
 * like bulk senders, so 1/s evenly spaced; SMS gateways differ, 10/s is a common
 * account default. `terminal` is the local chat and is not throttled in practice.
 */
export const DEFAULT_CHANNEL_LIMITS: Readonly<Record<Channel, ChannelLimits>> = {
  telegram: { perSecond: 25, perChatPerSecond: 1 },
  whatsapp: { perSecond: 1, perChatPerSecond: 1 },
  sms: { perSecond: 10, perChatPerSecond: 1 },
  terminal: { perSecond: 1000, perChatPerSecond: 1000 },
};

/**
 * Headroom on every window: the channel's second is counted as if it lasted this much
 * longer, and the same is added to a chat's gap. Network delay needs none (a send
 * counts from its start until its answer); this covers the channel counting from a
 * slightly different instant than the one it answers at.
 * @defaultValue 10
 */
export const DEFAULT_SAFETY_MARGIN_MS = 10;

/**
 * The usual time from the start of a send to its answer. A send counts against the
 * channel's second until its answer is back, so the next send that may take its
 * place comes a round trip later than a second: slots are spread by this much more,
 * leaving the counts at sending time to step in only for a slow answer.
 * @defaultValue 25
 */
export const DEFAULT_ROUND_TRIP_MS = 25;

/** The spacing the pacer enforces for one channel, derived from its limits. */
export interface Pacing {
  /** Distance between two reserved slots of the channel: a burst is spread this evenly. */
  slotMs: number;
  /** Distance between two reserved slots of one chat. */
  chatSlotGapMs: number;
  /** Least distance between two sends into one chat. */
  chatGapMs: number;
  /** The window the channel's sends are counted over (a second plus the margin). */
  windowMs: number;
  /** Sends allowed in any window (the integral part of perSecond, at least 1). */
  perWindow: number;
}

/**
 * Turns limits into the pacer's numbers. A send counts from the moment it is granted
 * until its answer is back plus a window one margin longer than a second, so the
 * channel, counting arrivals over its own second, never sees more than `perSecond`
 * whatever the network's delays; the same holds per chat with `chatGapMs`.
 */
export function pacingFor(
  limits: ChannelLimits,
  marginMs = DEFAULT_SAFETY_MARGIN_MS,
  roundTripMs = DEFAULT_ROUND_TRIP_MS,
): Pacing {
  if (!(limits.perSecond > 0) || !(limits.perChatPerSecond > 0) || !(marginMs >= 0)) {
    throw new RangeError(`delivery limits must be positive, got ${JSON.stringify({ ...limits, marginMs })}`);
  }
  // Below 1/s (e.g. 0.5) the window stretches instead: one send per 2 s plus margin.
  const perWindow = Math.max(1, Math.floor(limits.perSecond));
  const windowMs = (1000 * perWindow) / limits.perSecond + marginMs;
  const chatGapMs = 1000 / limits.perChatPerSecond + marginMs;
  return {
    slotMs: (windowMs + roundTripMs) / perWindow,
    chatSlotGapMs: chatGapMs + roundTripMs,
    chatGapMs,
    windowMs,
    perWindow,
  };
}
