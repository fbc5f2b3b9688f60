import type { FakeWhatsAppClient } from '../../bot/channels/whatsapp/test-support/fake-client.js';
import { fixtureMessage } from '../../bot/channels/whatsapp/test-support/fake-client.js';
import type { WhatsAppMessageLike } from '../../bot/channels/whatsapp/client-surface.js';

/**
 * A person on WhatsApp (an OPD's liaison officer, in the officers' end-to-end test),
 * played through the fake whatsapp-web.js client: they type messages (optionally
 * quoting one the bot sent them, WhatsApp's reply feature) and read what the bot
 * sent to their chat. The bot's number is the one the `text.json` fixture writes to.
 */
export interface WhatsAppPerson {
  /** The chat id, e.g. `6281298765432@c.us`. */
  readonly chatId: string;
  /** Texts the bot sent to this chat, in order. */
  received(): string[];
  /**
   * Emits a message from this person. With `quotingStanzaId` it quotes the bot's
   * message of that stanza id (the last part of the serialized id the client returned
   * when sending it). The channel handles it asynchronously: wait for the reply.
   */
  say(text: string, options?: { quotingStanzaId?: string }): void;
  /** Resolves once `predicate` holds on what this person received, or rejects after `timeoutMs`. */
  waitFor(predicate: (received: string[]) => boolean, what: string, timeoutMs?: number): Promise<string[]>;
}

/** The bot's own WhatsApp number, as the fixtures write it (`to` of text.json). */
const BOT_CHAT = '6281100001708@c.us';

let sequence = 0;

/** A person writing from `chatId` to the bot through `client`. */
export function whatsAppPerson(client: () => FakeWhatsAppClient, chatId: string): WhatsAppPerson {
  const received = () => client().sent.filter((s) => s.chatId === chatId).map((s) => s.content);
  return {
    chatId,
    received,
    say(text, options = {}) {
      sequence += 1;
      // Unique per message: the desk drops a message id it has handled already.
      const id = `3EB0E2EOFF${String(Date.now() % 1e9).padStart(9, '0')}${String(sequence).padStart(4, '0')}`;
      const overrides: Partial<WhatsAppMessageLike> & Record<string, unknown> = {
        from: chatId,
        body: text,
        id: { fromMe: false, remote: chatId, id, _serialized: `false_${chatId}_${id}` },
      };
      if (options.quotingStanzaId) {
        // What whatsapp-web.js keeps of a quote: the quoted stanza id and its author (the bot).
        overrides.hasQuotedMsg = true;
        overrides._data = { quotedStanzaID: options.quotingStanzaId, quotedParticipant: BOT_CHAT };
      }
      client().emit('message', fixtureMessage('text.json', overrides));
    },
    waitFor: (predicate, what, timeoutMs = 15_000) => waitUntil(() => (predicate(received()) ? received() : undefined), what, timeoutMs),
  };
}

/**
 * Polls `probe` every 20 ms until it returns something other than undefined (sync or
 * async), resolving with it; rejects naming `what` after `timeoutMs`. For state the
 * fakes and the store do not announce (the WhatsApp fake has no events for sends).
 */
export async function waitUntil<T>(probe: () => T | undefined | Promise<T | undefined>, what: string, timeoutMs = 15_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > until) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
