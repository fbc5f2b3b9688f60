import { SendError } from '../../delivery/send-errors.js';
import type { ChannelSender, SendReceipt } from '../../delivery/sender.js';
import type { OutboundMessage } from '../channel.js';
import type { WhatsAppClientLike, WhatsAppMedia } from './client-surface.js';
import { base64Bytes, WHATSAPP_FILE_MAX_BYTES } from './file-cap.js';

/**
 * Sends replies through the connected whatsapp-web.js client:
 * `client.sendMessage(chatRef, text)`; the sent message's id is the provider id. A
 * message with a file (`media.fileRef`: the id of the citizen's message that carried
 * it) fetches that message, downloads its file and sends it as a new message.
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
// getMessageById refuses an id that is not `<fromMe>_<chat>_<id>`.
const BAD_MESSAGE_ID = /invalid serialized message id/i;
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
      let sent: Awaited<ReturnType<WhatsAppClientLike['sendMessage']>>;
      try {
        sent = message.media
          ? await client.sendMessage(message.chatRef, await fetchMedia(client, message.media.fileRef), { caption: message.text })
          : await client.sendMessage(message.chatRef, message.text);
      } catch (err) {
        throw classify(err);
      }
      // whatsapp-web.js resolves with nothing when the chat could not be found.
      if (!sent) throw new SendError('recipient_gone', `WhatsApp found no chat ${message.chatRef}`);
      return { providerMessageId: sent.id._serialized };
    },
  };
}

/**
 * The file of a citizen's message, downloaded again from WhatsApp to be sent as a new
 * message: a new message shows nothing of who sent the original (a forward would show
 * "Forwarded", and `Message.forward` resolves with no id to record). A message the
 * linked device no longer has, or whose file WhatsApp no longer serves, cannot come
 * back by retrying: `rejected`; nor can a file over {@link WHATSAPP_FILE_MAX_BYTES}
 * (a report whose size was not recorded right could still point at one).
 */
async function fetchMedia(client: WhatsAppClientLike, messageId: string): Promise<WhatsAppMedia> {
  const original = await client.getMessageById(messageId);
  if (!original) throw new SendError('rejected', 'WhatsApp no longer has the message that carried this file');
  const media = await original.downloadMedia?.();
  if (!media) throw new SendError('rejected', 'WhatsApp no longer serves the file of this message');
  const bytes = base64Bytes(media.data);
  if (bytes > WHATSAPP_FILE_MAX_BYTES) {
    throw new SendError('rejected', `WhatsApp file of ${bytes} bytes is over the ${WHATSAPP_FILE_MAX_BYTES}-byte resend cap`);
  }
  return media;
}

function classify(err: unknown): SendError {
  if (err instanceof SendError) return err;
  const text = err instanceof Error ? err.message : String(err);
  if (BAD_MESSAGE_ID.test(text)) return new SendError('rejected', `not a WhatsApp message id: ${text}`);
  if (UNKNOWN_RECIPIENT.test(text)) return new SendError('recipient_gone', `WhatsApp does not know the recipient: ${text}`);
  if (PAGE_GONE.test(text)) return new SendError('transient', `WhatsApp Web page unavailable: ${text}`);
  // Unknown failures are retried: the delivery worker's attempts bound the cost.
  return new SendError('transient', `WhatsApp send failed: ${text}`);
}
