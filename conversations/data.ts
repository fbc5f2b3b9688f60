import type { Channel } from '../worker/queues.js';
import type { Category } from './categories.js';
import type { Gazetteer } from './regions/gazetteer.js';

/** What the engine knows besides the conversation: loaded once, shared by all chats. */
export interface EngineData {
  /** The region index, from {@link loadGazetteer}. */
  gazetteer: Gazetteer;
  /** Report topics; usually {@link defaultCategories}. */
  categories: readonly Category[];
  /** Working days an admin has to verify a report, as told to the citizen. @defaultValue 3 */
  verificationWorkingDays?: number;
  /** Working days the OPD has to follow up, as told to the citizen. @defaultValue 5 */
  followUpWorkingDays?: number;
}

/** Limits on what a citizen's answers may hold. */
export const LIMITS = {
  /** A story shorter than this cannot be acted on. */
  bodyMin: 20,
  titleMin: 5,
  titleMax: 100,
  nameMax: 80,
  placeMax: 150,
  /** Kept low because every attachment reference lives in the saved state. */
  attachmentsMax: 5,
  /** Telegram file ids run to ~90 characters; longer references are refused rather than stored. */
  fileRefMax: 128,
  /**
   * UTF-8 byte caps beside the character caps, so that a title of emoji cannot
   * swell the saved state (an emoji is 4 bytes); ordinary text never meets them.
   */
  nameMaxBytes: 160,
  titleMaxBytes: 200,
  placeMaxBytes: 300,
  failuresBeforeHelp: 3,
} as const;

/**
 * The longest text one citizen message can hold on each channel, in characters, from
 * ../shared/CHANNELS.md; null where it names no limit. The story has no maximum of
 * its own ("no maximum beyond the channel's own"), so this is its only cap.
 */
export const CHANNEL_TEXT_MAX: Readonly<Record<Channel, number | null>> = {
  // "Text messages: 1-4096 characters". The engine counts code points, never more
  // than Telegram counts, so a message Telegram delivered is never refused as too long.
  telegram: 4096,
  // Neither whatsapp-web.js nor the Cloud API has a figure in CHANNELS.md.
  whatsapp: null,
  // 160 characters is one segment, not a cap: concatenated parts arrive as one text.
  sms: null,
  // A person at `npm run chat` types whatever they like.
  terminal: null,
};

/** The channel's own limit on one message ({@link CHANNEL_TEXT_MAX}), or null for none. */
export function channelTextMax(channel: Channel): number | null {
  // A channel name from a newer runtime than this engine knows: no limit to enforce.
  return CHANNEL_TEXT_MAX[channel] ?? null;
}
