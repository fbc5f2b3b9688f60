import type { OutboundMessage } from '../../channels/channel.js';
import { SendError } from '../send-errors.js';
import type { ChannelSender, SendReceipt } from '../sender.js';

/**
 * A minimal Telegram sender over plain `fetch`, for the delivery tests and benchmark
 * against the fake Bot API (the product's sender, with telegraf, lives in
 * bot/channels/telegram/). It classifies the Bot API's answers the way the delivery
 * worker expects.
 */
export function httpTelegramSender(apiRoot: string, token: string): ChannelSender {
  const url = `${apiRoot}/bot${token}/sendMessage`;
  return {
    channel: 'telegram',
    async send(message: OutboundMessage): Promise<SendReceipt> {
      const body: Record<string, unknown> = { chat_id: message.chatRef, text: message.text };
      if (message.buttons?.length) {
        body.reply_markup = {
          inline_keyboard: message.buttons.map((row) => row.map((b) => ({ text: b.label, callback_data: b.data }))),
        };
      }
      let res: Response;
      try {
        res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
      } catch (err) {
        throw new SendError('transient', `network: ${(err as Error).message}`);
      }
      const answer = (await res.json().catch(() => ({}))) as {
        ok?: boolean;
        description?: string;
        parameters?: { retry_after?: number };
        result?: { message_id?: number };
      };
      if (res.ok && answer.ok && answer.result?.message_id !== undefined) {
        return { providerMessageId: String(answer.result.message_id) };
      }
      const detail = `${res.status} ${answer.description ?? res.statusText}`;
      if (res.status === 429) {
        const seconds = answer.parameters?.retry_after;
        throw new SendError('throttled', detail, seconds === undefined ? undefined : seconds * 1000);
      }
      if (res.status === 401 || res.status === 404) throw new SendError('unauthorized', detail);
      if (res.status === 403 || /chat not found/i.test(detail)) throw new SendError('recipient_gone', detail);
      if (res.status >= 500) throw new SendError('transient', detail);
      throw new SendError('rejected', detail);
    },
  };
}
