import type { Choice, Reply } from '../../../conversations/contract.js';
import type { OutboundMessage } from '../channel.js';

/**
 * Rendering the runtime's replies for Telegram: plain text (the sender sets no
 * parse_mode, so `*`, `_` or `<b>` a citizen typed and the bot echoes are shown as
 * typed and can never break a message), choices as inline keyboard buttons whose
 * callback_data is the choice value, long texts split at word boundaries. A reply
 * with a file becomes one message carrying the file, its text the caption.
 */

/** Telegram's limit on one message's text, in UTF-16 code units. */
export const TELEGRAM_TEXT_MAX = 4096;

/** Telegram's limit on a media caption, in UTF-16 code units. */
export const TELEGRAM_CAPTION_MAX = 1024;

/** Telegram's limit on a button's callback_data, in bytes. */
export const CALLBACK_DATA_MAX_BYTES = 64;

/** Labels at most this long share a keyboard row two by two ("Ya" / "Tidak"). */
const SHORT_LABEL = 14;

/** A reply the Telegram channel cannot render; a programmer error in the engine. */
export class TelegramRenderError extends Error {
  override readonly name = 'TelegramRenderError';
  readonly code = 'CALLBACK_DATA_INVALID';
}

/** Renders replies for one chat, in order; see the module comment. */
export function renderReplies(chatRef: string, replies: readonly Reply[], maxText = TELEGRAM_TEXT_MAX): OutboundMessage[] {
  const messages: OutboundMessage[] = [];
  for (const reply of replies) {
    if (reply.media) {
      messages.push({ channel: 'telegram', chatRef, text: caption(reply.text), media: reply.media });
      continue;
    }
    const choices = reply.choices ?? [];
    const chunks = splitText(reply.text, maxText);
    // Telegram refuses an empty text; buttons still need a message to hang under.
    if (chunks.length === 0) {
      if (choices.length === 0) continue;
      chunks.push('…');
    }
    chunks.forEach((text, i) => {
      const message: OutboundMessage = { channel: 'telegram', chatRef, text };
      // Buttons go under the last part, next to the question they answer.
      if (i === chunks.length - 1 && choices.length > 0) message.buttons = keyboard(choices);
      messages.push(message);
    });
  }
  return messages;
}

/**
 * Splits a text into parts of at most `max` UTF-16 code units, cutting after the last
 * line break or else the last space that keeps a part at least half full; a single
 * word longer than that is cut hard (never inside a surrogate pair). Empty or
 * whitespace-only text gives no parts.
 */
export function splitText(text: string, max = TELEGRAM_TEXT_MAX): string[] {
  const parts: string[] = [];
  let rest = text.trim();
  while (rest.length > max) {
    const window = rest.slice(0, max + 1);
    let cut = window.lastIndexOf('\n');
    if (cut < max / 2) cut = Math.max(window.lastIndexOf(' '), window.lastIndexOf('\t'));
    if (cut < max / 2) {
      cut = max;
      // Cutting between a high and a low surrogate would leave two broken characters.
      if (/[\uD800-\uDBFF]/.test(rest.charAt(cut - 1))) cut -= 1;
    }
    parts.push(rest.slice(0, cut).trimEnd());
    rest = rest.slice(cut).trimStart();
  }
  if (rest !== '') parts.push(rest);
  return parts;
}

/**
 * A file's caption: one message, so a caption over Telegram's limit is shortened
 * rather than split (the desk's captions are one short line).
 */
function caption(text: string): string {
  const trimmed = text.trim();
  if (trimmed === '') return '…';
  return trimmed.length <= TELEGRAM_CAPTION_MAX ? trimmed : `${splitText(trimmed, TELEGRAM_CAPTION_MAX - 1)[0]}…`;
}

/** Inline keyboard rows: one button per row, two per row when every label is short. */
function keyboard(choices: readonly Choice[]): { label: string; data: string }[][] {
  const buttons = choices.map((choice) => ({ label: choice.label, data: callbackData(choice) }));
  const perRow = buttons.every((b) => b.label.length <= SHORT_LABEL) ? 2 : 1;
  const rows: { label: string; data: string }[][] = [];
  for (let i = 0; i < buttons.length; i += perRow) rows.push(buttons.slice(i, i + perRow));
  return rows;
}

/**
 * The value itself travels as callback_data, so a button press comes back as exactly
 * the value offered, with no lookup table to keep. The contract caps values at 40
 * ASCII bytes; one over Telegram's 64 is an engine bug, refused loudly here rather
 * than sent to be answered by Telegram with BUTTON_DATA_INVALID.
 */
function callbackData(choice: Choice): string {
  const bytes = Buffer.byteLength(choice.value, 'utf8');
  if (bytes < 1 || bytes > CALLBACK_DATA_MAX_BYTES) {
    throw new TelegramRenderError(
      `choice value ${JSON.stringify(choice.value.slice(0, 80))} is ${bytes} bytes; callback_data takes 1-${CALLBACK_DATA_MAX_BYTES}`,
    );
  }
  return choice.value;
}
