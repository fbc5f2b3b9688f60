import { Telegram } from 'telegraf';
import type { Convenience } from 'telegraf/types';
import { SendError } from '../../delivery/send-errors.js';
import type { ChannelSender, SendReceipt } from '../../delivery/sender.js';
import type { OutboundMedia } from '../../../worker/queues.js';
import type { OutboundMessage } from '../channel.js';

/**
 * The Telegram {@link ChannelSender}: one `sendMessage` per rendered message (or one
 * `sendPhoto`/`sendDocument`/`sendVideo`/`sendAudio` by file_id for a file), through
 * telegraf's Telegram client, with the Bot API's answers turned into the closed set
 * of {@link SendError} kinds the delivery worker acts on.
 */

/** Options of {@link createTelegramSender}. */
export interface TelegramSenderOptions {
  /** TELEGRAM_BOT_TOKEN. Ignored when `telegram` is given. */
  token?: string;
  /** TELEGRAM_API_ROOT. @defaultValue `https://api.telegram.org` */
  apiRoot?: string | undefined;
  /** A telegraf client to share (the channel's own bot.telegram); built from token/apiRoot otherwise. */
  telegram?: Telegram;
}

/** Builds the sender. Throws if neither a client nor a token is given. */
export function createTelegramSender(options: TelegramSenderOptions): ChannelSender {
  const telegram = options.telegram ?? buildClient(options);
  return {
    channel: 'telegram',
    async send(message: OutboundMessage): Promise<SendReceipt> {
      if (message.channel !== 'telegram') {
        throw new SendError('rejected', `a ${message.channel} message was handed to the Telegram sender`);
      }
      const extra: Convenience.ExtraReplyMessage = {
        // Replies echo what citizens typed; a link in it must not unfurl into a preview.
        link_preview_options: { is_disabled: true },
      };
      if (message.buttons && message.buttons.length > 0) {
        extra.reply_markup = {
          inline_keyboard: message.buttons.map((row) => row.map((b) => ({ text: b.label, callback_data: b.data }))),
        };
      }
      try {
        if (message.media) {
          const sent = await sendFile(telegram, message.chatRef, message.media, message.text);
          return { providerMessageId: String(sent.message_id) };
        }
        // No parse_mode on purpose: the text is shown exactly as written.
        const sent = await telegram.sendMessage(message.chatRef, message.text, extra);
        return { providerMessageId: String(sent.message_id) };
      } catch (err) {
        throw classifyTelegramError(err);
      }
    },
  };
}

/**
 * Sends a file by its file_id, which stays valid for the same bot in any chat, so a
 * citizen's photo reaches an officer without our downloading it. A string goes as
 * JSON (telegraf uploads only InputFile objects); an id Telegram does not know is a
 * 400 "wrong file identifier", a `rejected` send.
 */
function sendFile(telegram: Telegram, chatRef: string, media: OutboundMedia, caption: string): Promise<{ message_id: number }> {
  const extra = { caption };
  switch (media.kind) {
    case 'photo':
      return telegram.sendPhoto(chatRef, media.fileRef, extra);
    case 'document':
      return telegram.sendDocument(chatRef, media.fileRef, extra);
    case 'video':
      return telegram.sendVideo(chatRef, media.fileRef, extra);
    case 'audio':
      return telegram.sendAudio(chatRef, media.fileRef, extra);
  }
}

function buildClient(options: TelegramSenderOptions): Telegram {
  if (!options.token) throw new Error('createTelegramSender needs a token or a telegraf Telegram client');
  // webhookReply would answer inside a webhook response nobody reads; sends must be real calls.
  return new Telegram(options.token, { apiRoot: options.apiRoot ?? 'https://api.telegram.org', webhookReply: false });
}

/** The shape of telegraf's TelegramError, read structurally so a second telegraf copy still matches. */
interface TelegramErrorLike {
  response: { error_code: number; description?: string; parameters?: { retry_after?: number } };
}

/**
 * Maps a Bot API failure to a {@link SendError}:
 * - 429 → `throttled`, waiting `parameters.retry_after` seconds (1 s if absent);
 * - 401, 404 (a wrong or revoked token; the API answers 404 to a malformed one) → `unauthorized`;
 * - 403 (blocked by the user, user deactivated, cannot write first) and
 *   400 "chat not found" → `recipient_gone`;
 * - any other 4xx (too long, bad markup, "wrong file identifier/HTTP URL specified"
 *   for a file_id this bot does not know…) → `rejected`;
 * - 5xx, network failures and timeouts → `transient`.
 */
export function classifyTelegramError(err: unknown): SendError {
  if (err instanceof SendError) return err;
  if (isTelegramError(err)) {
    const { error_code: code, description = '', parameters } = err.response;
    const text = `Telegram ${code}: ${description}`;
    if (code === 429) return new SendError('throttled', text, Math.max(parameters?.retry_after ?? 1, 0) * 1000);
    if (code === 401 || code === 404) return new SendError('unauthorized', text);
    if (code === 403) return new SendError('recipient_gone', text);
    if (code === 400 && /chat not found|user not found|PEER_ID_INVALID/i.test(description)) {
      return new SendError('recipient_gone', text);
    }
    if (code >= 500) return new SendError('transient', text);
    return new SendError('rejected', text);
  }
  // Everything else on this path is the network: refused or reset connections, DNS,
  // node-fetch's FetchError, timeouts. Retrying is the only useful answer.
  const message = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
  return new SendError('transient', `Telegram unreachable: ${message}`);
}

function isTelegramError(err: unknown): err is TelegramErrorLike {
  const response = (err as Partial<TelegramErrorLike> | null)?.response;
  return typeof response === 'object' && response !== null && typeof response.error_code === 'number';
}
