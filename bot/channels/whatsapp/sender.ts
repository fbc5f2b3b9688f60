import { SendError } from '../../delivery/send-errors.js';
import type { ChannelSender, SendReceipt } from '../../delivery/sender.js';
import type { OutboundMessage } from '../channel.js';
import type { WhatsAppClientLike } from './client-surface.js';

/**
 * Sends replies through the connected whatsapp-web.js client:
 * `client.sendMessage(chatRef, text)`; the sent message's id is the provider id.
 *
 * whatsapp-web.js fails with plain Errors from inside the browser page, so the kinds
 * are read from their messages: a page that is gone or not ready is transient (the
 * channel reconnects), an id WhatsApp does not know is a recipient that is gone.
 * WhatsApp Web has no rate-limit answer; the delivery path keeps the pace low.
 */

/** Where the sender finds the client: the current one while connected, else null. */
export interface WhatsAppConnection {
  /** The client, only while WhatsApp is ready to send. */
  readyClient(): WhatsAppClientLike | null;
}

const CHAT_ID = /^\d{5,20}@(c\.us|lid)$/;
const PAGE_GONE = /session closed|target closed|protocol error|execution context was destroyed|detached|not ready|page has been closed|navigation|timed? ?out|ECONN|socket/i;
const UNKNOWN_RECIPIENT = /invalid wid|wid error|no lid for user|not a whatsapp user|chat not found|phone number is not registered/i;

/** Builds the WhatsApp {@link ChannelSender}. */
export function createWhatsAppSender(connection: WhatsAppConnection): ChannelSender {
  return {
    channel: 'whatsapp',
    async send(message: OutboundMessage): Promise<SendReceipt> {
      if (!CHAT_ID.test(message.chatRef)) {
        throw new SendError('rejected', `not a WhatsApp chat id: ${message.chatRef}`);
      }
      const client = connection.readyClient();
      if (!client) throw new SendError('transient', 'WhatsApp is not connected');
      try {
        const sent = await client.sendMessage(message.chatRef, message.text);
        return { providerMessageId: sent.id._serialized };
      } catch (err) {
        throw classify(err);
      }
    },
  };
}

function classify(err: unknown): SendError {
  const text = err instanceof Error ? err.message : String(err);
  if (UNKNOWN_RECIPIENT.test(text)) return new SendError('recipient_gone', `WhatsApp does not know the recipient: ${text}`);
  if (PAGE_GONE.test(text)) return new SendError('transient', `WhatsApp Web page unavailable: ${text}`);
  // Unknown failures are retried: the delivery worker's attempts bound the cost.
  return new SendError('transient', `WhatsApp send failed: ${text}`);
}
