import type { InboundEnvelope, Reply } from '../../conversations/contract.js';
import type { Channel, OutboundMedia } from '../../worker/queues.js';

/**
 * The shape every channel folder (`bot/channels/<name>/adapter.ts`) has: it turns the
 * channel's own inbound payloads into the runtime's {@link InboundEnvelope} and the
 * runtime's channel-neutral {@link Reply} values into {@link OutboundMessage}s that the
 * channel's sender can deliver.
 */

/** What an adapter made of one inbound payload. */
export type InboundOutcome =
  /** A citizen's message for the runtime. */
  | { status: 'accepted'; envelope: InboundEnvelope }
  /** Valid, but not for the conversation (an edit, a group message, our own echo…). */
  | { status: 'ignored'; reason: string; politeReply?: Reply }
  /** Not a payload this channel sends (malformed); the HTTP layer answers 400. */
  | { status: 'rejected'; reason: string };

/** One message to send, already rendered for its channel. */
export interface OutboundMessage {
  channel: Channel;
  /** The channel's chat id (Telegram chat id, `628…@c.us`, `+628…`). */
  chatRef: string;
  text: string;
  /**
   * Buttons for channels that have them (Telegram inline keyboard rows); channels
   * without buttons have already folded choices into `text` as a numbered list.
   */
  buttons?: { label: string; data: string }[][];
  /** The report this message belongs to, so its fate is recorded with the report. */
  ticket?: string | undefined;
  /**
   * A file to send by the channel's own reference, `text` being its caption. Only a
   * reference the same channel handed us can work: a Telegram file_id on Telegram, a
   * WhatsApp message id on WhatsApp.
   */
  media?: OutboundMedia | undefined;
}

/** A channel adapter: pure translation both ways, no network. */
export interface ChannelAdapter<Payload> {
  readonly channel: Channel;
  /** Normalizes one inbound payload exactly as the channel delivers it. */
  parseInbound(payload: Payload, receivedAt: Date): InboundOutcome;
  /** Renders replies for one chat, in order (a long text may become several messages). */
  render(chatRef: string, replies: readonly Reply[]): OutboundMessage[];
}
