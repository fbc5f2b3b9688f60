import type { Db } from '../../db/database.js';

/**
 * The ticket of the bot message an officer replied to (Telegram reply, WhatsApp
 * quote), from the delivery records: the message must have been sent to this very
 * chat, so quoting cannot reach another chat's report.
 *
 * Telegram records `message_id` as the provider id and its reply names it exactly.
 * WhatsApp records the sent message's serialized id (`true_<chat>_<stanza>`); a
 * quote carries only the stanza id, which the adapter rebuilds into that form, and
 * the suffix match covers chats whose id WhatsApp writes differently (`@lid`).
 */
export async function ticketOfBotMessage(db: Db, channel: string, chatRef: string, providerMessageId: string): Promise<string | null> {
  const stanza = channel === 'whatsapp' ? providerMessageId.split('_').at(-1) ?? '' : '';
  const row = await db
    .selectFrom('outbound_messages')
    .select('ticket')
    .where('channel', '=', channel)
    .where('chat_ref', '=', chatRef)
    .where('ticket', 'is not', null)
    .where((eb) =>
      stanza === '' || stanza === providerMessageId
        ? eb('provider_message_id', '=', providerMessageId)
        : eb.or([eb('provider_message_id', '=', providerMessageId), eb('provider_message_id', 'like', `%\\_${stanza.replace(/[\\%_]/g, (c) => `\\${c}`)}`)]),
    )
    .orderBy('created_at', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row?.ticket ?? null;
}
