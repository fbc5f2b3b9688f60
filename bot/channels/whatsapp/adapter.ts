import { parsePhoneNumberFromString } from 'libphonenumber-js';
import type { InboundEnvelope, InboundMessage } from '../../../conversations/contract.js';
import { renderNumbered } from '../../../conversations/sms/render.js';
import type { ChannelAdapter, InboundOutcome } from '../channel.js';
import type { WhatsAppMessageLike } from './client-surface.js';
import { neutralizeMarkup } from './neutralize-markup.js';

/**
 * The WhatsApp adapter: a whatsapp-web.js `Message` becomes an envelope keyed by the
 * chat id (`6285211223344@c.us`) with the sender's number in E.164; replies become
 * text with choices as numbered lines (WhatsApp Web has no buttons a bot may rely on);
 * a reply with a file keeps it, its text becoming the caption.
 *
 * Replies are plain text, but WhatsApp formats `*x*`, `_x_`, `> x`… in whatever it is
 * sent, and replies echo what citizens and officers typed: the rendered text has its
 * markup neutralized (neutralize-markup.ts) so it reads exactly as written.
 *
 * A quoted message (the reply feature) sets `replyToMessageId` to the quoted
 * message's serialized id, rebuilt from `_data.quotedStanzaID`.
 *
 * Media messages carry the message id as `fileRef`: WhatsApp has no lasting file id,
 * so the channel downloads the file at once (start-whatsapp.ts) and stores it under
 * that name (attachments.ts).
 */

const CHAT_SUFFIX = '@c.us';
// Newer accounts may show up under a privacy id (`…@lid`) that does not reveal the number.
const LID_SUFFIX = '@lid';

/** Builds the WhatsApp adapter (stateless). */
export function createWhatsAppAdapter(): ChannelAdapter<WhatsAppMessageLike> {
  return {
    channel: 'whatsapp',

    parseInbound(message, receivedAt): InboundOutcome {
      const ignored = whyIgnored(message);
      if (ignored) return { status: 'ignored', reason: ignored };
      const content = toMessage(message);
      if (content === null) return { status: 'ignored', reason: `system message of type ${message.type}` };
      const envelope: InboundEnvelope = {
        channel: 'whatsapp',
        chatRef: message.from,
        messageId: message.id._serialized,
        senderPhone: phoneOf(message.from),
        receivedAt,
        message: content,
      };
      const quoted = quotedMessageId(message);
      if (quoted !== undefined) envelope.replyToMessageId = quoted;
      return { status: 'accepted', envelope };
    },

    render(chatRef, replies) {
      return replies
        .map((reply) => ({ text: renderNumbered(reply), media: reply.media }))
        .filter(({ text }) => text.trim() !== '')
        // The whole text, not only the echoed parts: the catalogue never means markup either.
        .map(({ text, media }) => ({ channel: 'whatsapp' as const, chatRef, text: neutralizeMarkup(text), ...(media ? { media } : {}) }));
    },
  };
}

function whyIgnored(message: WhatsAppMessageLike): string | null {
  // Our own replies come back as messages too (and as the phone's own typing).
  if (message.fromMe || message.id.fromMe) return 'our own message';
  if (message.isStatus || message.from === 'status@broadcast' || message.id.remote === 'status@broadcast') return 'status broadcast';
  if (message.from.endsWith('@g.us') || message.author) return 'group message';
  if (!message.from.endsWith(CHAT_SUFFIX) && !message.from.endsWith(LID_SUFFIX)) return `not a person's chat (${message.from})`;
  return null;
}

function toMessage(message: WhatsAppMessageLike): InboundMessage | null {
  const fileRef = message.id._serialized;
  const caption = message.body.trim() === '' ? undefined : message.body;
  switch (message.type) {
    case 'chat':
      return message.body.trim() === '' ? null : { type: 'text', text: message.body };
    case 'image':
      return { type: 'media', kind: 'photo', fileRef, caption };
    case 'document':
      return { type: 'media', kind: 'document', fileRef, caption };
    case 'video':
      return { type: 'media', kind: 'video', fileRef, caption };
    case 'audio':
      return { type: 'media', kind: 'audio', fileRef };
    case 'location': {
      const latitude = Number(message.location?.latitude);
      const longitude = Number(message.location?.longitude);
      if (!Number.isFinite(latitude) || !Number.isFinite(longitude)) return { type: 'unsupported', what: 'location' };
      return { type: 'location', latitude, longitude };
    }
    // A voice note is speech the engine cannot read; say so rather than store it.
    case 'ptt':
      return { type: 'unsupported', what: 'voice note' };
    case 'sticker':
      return { type: 'unsupported', what: 'sticker' };
    case 'vcard':
    case 'multi_vcard':
      return { type: 'unsupported', what: 'contact card' };
    case 'poll_creation':
      return { type: 'unsupported', what: 'poll' };
    default:
      // revoked, e2e_notification, call_log, protocol, reaction, ciphertext…: nothing the citizen typed.
      return null;
  }
}

/** Set by whatsapp-web.js on a message that quotes another (its fields are in `_data`). */
interface QuotedFields {
  hasQuotedMsg?: boolean;
}

/**
 * The serialized id of the quoted message, rebuilt as whatsapp-web.js serializes a
 * message id (`<fromMe>_<chat>_<stanza id>`): the form the sender records for what the
 * bot sent (`sent.id._serialized`), so a quote of a bot message finds its record. The
 * quote carries only the stanza id and the quoted author; a quote of anyone but the
 * sender in a private chat is of the bot's own message.
 */
function quotedMessageId(message: WhatsAppMessageLike): string | undefined {
  const fields = message as WhatsAppMessageLike & QuotedFields;
  const stanza = fields._data?.quotedStanzaID;
  if (fields.hasQuotedMsg !== true || typeof stanza !== 'string' || stanza === '') return undefined;
  const participant = fields._data?.quotedParticipant;
  const author = typeof participant === 'string' ? participant : (participant as { _serialized?: unknown } | undefined)?._serialized;
  const fromMe = author !== message.from;
  return `${fromMe}_${message.from}_${stanza}`;
}

function phoneOf(chatId: string): string | undefined {
  if (!chatId.endsWith(CHAT_SUFFIX)) return undefined;
  const phone = parsePhoneNumberFromString(`+${chatId.slice(0, -CHAT_SUFFIX.length)}`);
  return phone?.isPossible() ? phone.number : undefined;
}
