import { randomInt } from 'node:crypto';
import type { Update } from 'telegraf/types';
import type { FakeBotApi, SentMessage } from './fake-bot-api.js';

/**
 * A citizen on a phone, for tests against the fake Bot API: builds updates shaped
 * like Telegram's (text with bot_command entities, button presses under the bot's
 * last keyboard, photos, edits), queues them on the fake, and waits until the bot
 * has handled them — which, with long polling, is when the bot's next getUpdates
 * confirms them.
 */
export interface Citizen {
  readonly chatId: number;
  /** Messages the bot sent to this citizen, in order. */
  received(): SentMessage[];
  /** Sends a text (a leading `/command` gets its bot_command entity). */
  say(text: string): Promise<Update>;
  /** Presses the button with this callback_data or label under the bot's last keyboard; false if none. */
  press(answer: string): Promise<Update | false>;
  /** Presses a matching button if one is offered, else types the answer. */
  answer(text: string): Promise<Update>;
  /** Sends a photo with these sizes' file ids (largest last, as Telegram does). */
  sendPhoto(fileIds: string[], caption?: string): Promise<Update>;
  /** Edits an earlier message. */
  edit(messageId: number, text: string): Promise<Update>;
  /** Queues a raw update without waiting. */
  push(update: Update): Update;
  /** Waits until the bot confirmed the update (handled it). */
  handled(update: Update, timeoutMs?: number): Promise<void>;
}

// A random base per test file (each file loads its own copy of this module): the
// process derives delivery ids from update ids (`tg-<update_id>-<n>`), and files
// sharing the run's database would otherwise record each other's replies as sent.
let nextUpdateId = 810_000_000 + randomInt(0, 100_000_000);
let nextMessageId = 1;

/** A citizen with a private chat of id `chatId`. */
export function citizen(api: FakeBotApi, chatId: number, languageCode = 'id'): Citizen {
  const from = { id: chatId, is_bot: false, first_name: 'Budi', last_name: 'Santoso', language_code: languageCode };
  const chat = { id: chatId, first_name: 'Budi', last_name: 'Santoso', type: 'private' as const };
  const date = () => Math.floor(Date.now() / 1000);
  const received = () => api.sent.filter((m) => m.chat_id === String(chatId));

  const self: Citizen = {
    chatId,
    received,
    push(update) {
      api.pushUpdate(update);
      return update;
    },
    async handled(update, timeoutMs = 10_000) {
      await api.waitFor(() => !api.pendingUpdates().includes(update), timeoutMs, `update ${update.update_id} to be confirmed`);
    },
    async say(text) {
      const command = /^\/\w+(@\w+)?/.exec(text);
      const update = {
        update_id: nextUpdateId++,
        message: {
          message_id: nextMessageId++,
          from,
          chat,
          date: date(),
          text,
          ...(command ? { entities: [{ offset: 0, length: command[0].length, type: 'bot_command' }] } : {}),
        },
      } as unknown as Update;
      self.push(update);
      await self.handled(update);
      return update;
    },
    async press(answer) {
      const withKeyboard = received().findLast((m) => m.reply_markup?.inline_keyboard);
      const wanted = answer.trim().toLowerCase();
      const button = withKeyboard?.reply_markup?.inline_keyboard
        ?.flat()
        .find((b) => b.callback_data === answer || b.text.trim().toLowerCase() === wanted);
      if (!withKeyboard || !button?.callback_data) return false;
      const update = {
        update_id: nextUpdateId++,
        callback_query: {
          id: String(4_000_000_000_000 + nextUpdateId),
          from,
          message: {
            message_id: withKeyboard.message_id,
            from: { id: api.botInfo.id, is_bot: true, first_name: api.botInfo.first_name, username: api.botInfo.username },
            chat,
            date: Math.floor(withKeyboard.at / 1000),
            text: withKeyboard.text,
            reply_markup: withKeyboard.reply_markup,
          },
          chat_instance: '-6420417390120911431',
          data: button.callback_data,
        },
      } as unknown as Update;
      self.push(update);
      await self.handled(update);
      return update;
    },
    async answer(text) {
      return (await self.press(text)) || self.say(text);
    },
    async sendPhoto(fileIds, caption) {
      const update = {
        update_id: nextUpdateId++,
        message: {
          message_id: nextMessageId++,
          from,
          chat,
          date: date(),
          photo: fileIds.map((file_id, i) => ({
            file_id,
            file_unique_id: `AQAD${i}${file_id.slice(-6)}`,
            file_size: 1000 * (i + 1) ** 3,
            width: 90 * (i + 1) ** 2,
            height: 67 * (i + 1) ** 2,
          })),
          ...(caption ? { caption } : {}),
        },
      } as unknown as Update;
      self.push(update);
      await self.handled(update);
      return update;
    },
    async edit(messageId, text) {
      const update = {
        update_id: nextUpdateId++,
        edited_message: { message_id: messageId, from, chat, date: date() - 30, edit_date: date(), text },
      } as unknown as Update;
      self.push(update);
      await self.handled(update);
      return update;
    },
  };
  return self;
}
