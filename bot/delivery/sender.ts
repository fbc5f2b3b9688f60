import type { Channel } from '../../worker/queues.js';
import type { OutboundMessage } from '../channels/channel.js';

/** What a channel said when it accepted a message. */
export interface SendReceipt {
  /** The channel's id for the sent message (Telegram message_id, WhatsApp id, gateway sid). */
  providerMessageId: string;
}

/**
 * Sends rendered messages on one channel. Implemented by each channel folder
 * (`bot/channels/<name>/sender.ts`) and used only by the delivery worker, which owns
 * throttling, ordering, retries and the record of what was sent. Failures are thrown
 * as `SendError` (send-errors.ts) so the worker can act on their kind.
 */
export interface ChannelSender {
  readonly channel: Channel;
  send(message: OutboundMessage): Promise<SendReceipt>;
}
