import type { Update } from 'telegraf/types';
import type { InboundEnvelope, InboundMessage, Reply } from '../../../conversations/contract.js';
import type { InboundOutcome } from '../channel.js';

/**
 * Reading a Telegram `Update` (exactly as the Bot API sends it, by webhook or
 * getUpdates) into the runtime's normalized message. Only private chats with people
 * reach the conversation; everything else is ignored, politely where a citizen is
 * waiting for an answer.
 */

/** The parts of a Bot API `Message` this channel reads; the rest is passed over. */
interface MessageView {
  message_id?: unknown;
  from?: { id?: unknown; is_bot?: unknown; language_code?: unknown };
  chat?: { id?: unknown; type?: unknown };
  text?: unknown;
  entities?: { type?: unknown; offset?: unknown; length?: unknown }[];
  caption?: unknown;
  location?: { latitude?: unknown; longitude?: unknown };
  photo?: { file_id?: unknown; file_size?: unknown; width?: unknown; height?: unknown }[];
  document?: { file_id?: unknown; file_size?: unknown; mime_type?: unknown };
  video?: { file_id?: unknown; file_size?: unknown; mime_type?: unknown };
  audio?: { file_id?: unknown; file_size?: unknown; mime_type?: unknown };
  reply_to_message?: { message_id?: unknown };
  [kind: string]: unknown;
}

/** The parts of a Bot API `CallbackQuery` this channel reads. */
interface CallbackQueryView {
  id?: unknown;
  from?: { id?: unknown; is_bot?: unknown };
  message?: MessageView;
  data?: unknown;
}

/** Contents the engine cannot read, in the order they are looked for (first match names it). */
const UNSUPPORTED_KINDS = [
  'sticker',
  'voice',
  'video_note',
  // An animation (GIF) message carries a `document` too; it is not a document the citizen chose.
  'animation',
  'contact',
  'poll',
  'dice',
  'game',
  'story',
] as const;

const EDITED_REPLY: Record<'id' | 'en', string> = {
  id: 'Maaf, pesan yang diedit tidak diproses. Silakan kirim pesan baru.',
  en: 'Sorry, edited messages are not processed. Please send a new message.',
};

/** Parses one update; see {@link createTelegramAdapter} for the rules. */
export function parseUpdate(update: Update, receivedAt: Date): InboundOutcome {
  const raw = update as unknown as Record<string, unknown>;
  if (typeof raw !== 'object' || raw === null || !Number.isSafeInteger(raw['update_id'])) {
    return { status: 'rejected', reason: 'not a Telegram update: no integer update_id' };
  }
  const messageId = String(raw['update_id']);

  if (isObject(raw['message'])) {
    const message = raw['message'] as MessageView;
    const chatRef = privateChatRef(message);
    if (typeof chatRef !== 'string') return chatRef;
    const inbound = readMessage(message);
    if (inbound === null) return { status: 'rejected', reason: 'message without readable content' };
    const envelope: InboundEnvelope = { channel: 'telegram', chatRef, messageId, receivedAt, message: inbound };
    // The answered bot message, as the sender recorded it: String(message_id).
    const replyTo = message.reply_to_message?.message_id;
    if (Number.isSafeInteger(replyTo)) envelope.replyToMessageId = String(replyTo);
    return { status: 'accepted', envelope };
  }

  if (isObject(raw['callback_query'])) {
    const query = raw['callback_query'] as CallbackQueryView;
    if (query.from?.is_bot === true) return { status: 'ignored', reason: 'callback query from a bot' };
    // A button can only be pressed under a message we sent; its chat is where to answer.
    // An inaccessible message (date 0, older than 48 h) still carries its chat.
    const message = query.message;
    if (!message) return { status: 'ignored', reason: 'callback query from an inline message (no chat)' };
    const chatRef = privateChatRef({ ...message, from: { id: query.from?.id, is_bot: false } });
    if (typeof chatRef !== 'string') return chatRef;
    if (typeof query.data !== 'string' || query.data === '') {
      return { status: 'ignored', reason: 'callback query without data (a game button)' };
    }
    return {
      status: 'accepted',
      envelope: { channel: 'telegram', chatRef, messageId, receivedAt, message: { type: 'choice', value: query.data } },
    };
  }

  if (isObject(raw['edited_message'])) {
    const message = raw['edited_message'] as MessageView;
    const chatRef = privateChatRef(message);
    if (typeof chatRef !== 'string') return chatRef;
    // The engine already acted on the original; re-reading an edit would answer a
    // question twice. Say so, so the citizen does not wait for a reaction.
    const politeReply: Reply = { text: EDITED_REPLY[languageOf(message)] };
    return { status: 'ignored', reason: 'edited message', politeReply };
  }

  const kind = Object.keys(raw).find((key) => key !== 'update_id') ?? 'nothing';
  return { status: 'ignored', reason: `update of kind ${kind} is not a citizen message` };
}

/**
 * The chat an update should be answered in, if any: the private chat of a message
 * or of the message under a pressed button, or of an edited message. Undefined for
 * updates that get no answer (groups, channels, inline queries, membership changes).
 */
export function replyChatOf(update: Update): string | undefined {
  const raw = update as unknown as Record<string, unknown>;
  const message = (raw['message'] ?? raw['edited_message'] ?? (raw['callback_query'] as CallbackQueryView | undefined)?.message) as
    | MessageView
    | undefined;
  const chat = message?.chat;
  if (chat?.type !== 'private' || !isChatId(chat.id)) return undefined;
  return String(chat.id);
}

/** The chat id of a private chat with a person, or why the message is passed over. */
function privateChatRef(message: MessageView): string | InboundOutcome {
  const chat = message.chat;
  if (!isObject(chat) || !isChatId(chat.id)) return { status: 'rejected', reason: 'message without a chat id' };
  // Group reports would mix several citizens' data in one session and echo NIKs to
  // the group: the service is one citizen, one private chat.
  if (chat.type !== 'private') return { status: 'ignored', reason: `${String(chat.type)} chat` };
  if (message.from?.is_bot === true) return { status: 'ignored', reason: 'message from a bot' };
  return String(chat.id);
}

function readMessage(message: MessageView): InboundMessage | null {
  if (typeof message.text === 'string') return { type: 'text', text: readText(message.text, message.entities) };

  for (const kind of UNSUPPORTED_KINDS) {
    if (message[kind] !== undefined) return { type: 'unsupported', what: kind };
  }

  // A venue carries its location too: a shared place is a location to the engine.
  const location = message.location;
  if (isObject(location) && typeof location.latitude === 'number' && typeof location.longitude === 'number') {
    return { type: 'location', latitude: location.latitude, longitude: location.longitude };
  }

  const caption = typeof message.caption === 'string' && message.caption.trim() !== '' ? message.caption : undefined;
  if (Array.isArray(message.photo) && message.photo.length > 0) {
    const largest = largestPhoto(message.photo);
    if (typeof largest?.file_id !== 'string') return null;
    return {
      type: 'media',
      kind: 'photo',
      fileRef: largest.file_id,
      // The Bot API re-encodes every photo (as opposed to a file sent as a document) to JPEG.
      mimeType: 'image/jpeg',
      sizeBytes: numberOrUndefined(largest.file_size),
      caption,
    };
  }
  for (const kind of ['document', 'video', 'audio'] as const) {
    const file = message[kind];
    if (!isObject(file)) continue;
    if (typeof file.file_id !== 'string') return null;
    return {
      type: 'media',
      kind,
      fileRef: file.file_id,
      mimeType: typeof file.mime_type === 'string' ? file.mime_type : undefined,
      sizeBytes: numberOrUndefined(file.file_size),
      caption,
    };
  }

  // A service message (someone joined, a pinned message…) or a kind newer than this code.
  const kind = Object.keys(message).find((key) => !['message_id', 'from', 'chat', 'date', 'caption'].includes(key));
  return { type: 'unsupported', what: kind ?? 'empty message' };
}

/**
 * The text as the engine should read it: a leading command loses its `@botname`
 * (Telegram adds it when the command is picked from a menu: `/start@LaporBot`), so
 * `/start` and `/start@LaporBot` are the same to the engine.
 */
function readText(text: string, entities: MessageView['entities']): string {
  const command = entities?.find((e) => e.type === 'bot_command' && e.offset === 0);
  if (!command || typeof command.length !== 'number') return text;
  const name = text.slice(0, command.length).replace(/@\w+$/, '');
  return name + text.slice(command.length);
}

/** Telegram lists a photo's sizes smallest first, but says nothing of the order: compare. */
function largestPhoto(sizes: NonNullable<MessageView['photo']>) {
  const area = (s: (typeof sizes)[number]) => Number(s.width ?? 0) * Number(s.height ?? 0) || Number(s.file_size ?? 0);
  return sizes.reduce((best, size) => (area(size) >= area(best) ? size : best));
}

function languageOf(message: MessageView): 'id' | 'en' {
  const code = message.from?.language_code;
  return typeof code === 'string' && code.toLowerCase().startsWith('en') ? 'en' : 'id';
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isChatId(value: unknown): value is number {
  return Number.isSafeInteger(value);
}

function numberOrUndefined(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}
