import type { Update } from 'telegraf/types';
import type { ChannelAdapter } from '../channel.js';
import { parseUpdate } from './parse-update.js';
import { renderReplies } from './render-replies.js';

export { replyChatOf } from './parse-update.js';
export { CALLBACK_DATA_MAX_BYTES, TELEGRAM_TEXT_MAX, TelegramRenderError, splitText } from './render-replies.js';

/**
 * The Telegram channel's adapter: pure translation, no network.
 *
 * Inbound, an `Update` exactly as the Bot API sends it becomes an envelope with
 * `messageId = String(update_id)` and `chatRef` = the chat id:
 * - text → `text` (a leading `/start@LaporBot` loses its `@LaporBot`);
 * - a message sent with Telegram's reply feature → `replyToMessageId` = the answered
 *   message's `message_id` as a string (what the sender records as its provider id);
 * - a button press (callback_query) → `choice` with the button's callback_data;
 * - location or venue → `location`; photo → `media` photo with the largest size's
 *   file_id; document, video, audio → `media` with the file_id, mime type, caption;
 * - sticker, voice, video note, GIF, contact, poll… → `unsupported` (the engine
 *   answers politely);
 * - an edited message → ignored with a polite reply ("pesan yang diedit tidak
 *   diproses, kirim pesan baru");
 * - group, supergroup and channel chats, messages from bots and every other update
 *   kind → ignored silently; a body without `update_id` → rejected.
 *
 * Outbound, see {@link renderReplies}: plain text of at most 4,096 characters per
 * message, choices as inline keyboard buttons carrying the choice value.
 */
export function createTelegramAdapter(): ChannelAdapter<Update> {
  return {
    channel: 'telegram',
    parseInbound: parseUpdate,
    render: (chatRef, replies) => renderReplies(chatRef, replies),
  };
}
