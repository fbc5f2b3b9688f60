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
  /** Telegram's own message limit is 4,096; this leaves room for a prefix. */
  bodyMax: 4000,
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
