/**
 * The closed set of ways a send can fail, each saying whether to retry. A sender
 * (one per channel) turns its channel's answers into these; the delivery worker
 * acts on the kind alone.
 */
export type SendFailureKind =
  /** The channel said "too many": wait `retryAfterMs` (Telegram 429 retry_after, HTTP 429). */
  | 'throttled'
  /** Network trouble or a 5xx: retry with backoff. */
  | 'transient'
  /** Our credentials are wrong (401/403, bad token): stop and alert operators. */
  | 'unauthorized'
  /** The citizen blocked the bot or the chat no longer exists: give up on this chat. */
  | 'recipient_gone'
  /** The channel refused this message as malformed: retrying will not help. */
  | 'rejected';

/** A failed send, classified. */
export class SendError extends Error {
  override readonly name = 'SendError';

  constructor(
    readonly kind: SendFailureKind,
    message: string,
    /** For `throttled`: how long the channel asked us to wait. */
    readonly retryAfterMs?: number,
  ) {
    super(message);
  }

  /** Whether the same message may succeed later. */
  get retryable(): boolean {
    return this.kind === 'throttled' || this.kind === 'transient';
  }
}
