import type { Update } from 'telegraf/types';
import type { InboundEnvelope, Reply } from '../../../conversations/contract.js';
import type { Logger } from '../../../core/logger.js';
import type { BotRuntime } from '../../runtime/index.js';
import { KeyedSerialQueue } from '../../runtime/chat-queue.js';
import type { ChannelAdapter, OutboundMessage } from '../channel.js';
import { replyChatOf } from './parse-update.js';

/**
 * What happens to one update, whichever way it arrived (long polling or webhook):
 * adapter.parseInbound → runtime.handleInbound → adapter.render → deliver, one chat's
 * updates one after another so its answers leave in order.
 *
 * The returned promise is the acknowledgement: it rejects only when the runtime did
 * (CHAT_BUSY, Redis down), and the caller must then leave the update unacknowledged
 * so Telegram delivers it again. Anything failing after the runtime committed the
 * turn (rendering, delivery, the attachment download) is logged instead: a redelivery
 * would be de-duplicated by the runtime and answer nothing, so it would not help.
 */

/**
 * Hands rendered messages to whatever sends them (the delivery outbox, or the sender
 * directly). `origin.updateId` is the update they answer: with the outbox, use
 * `telegram-<updateId>-<index>` as delivery id, so an update handled twice (a polite
 * reply to a redelivered edit) is still sent once.
 */
export type Deliver = (messages: OutboundMessage[], origin: { updateId: number }) => Promise<void>;

/** What {@link createUpdateHandler} needs. */
export interface UpdateHandlerDeps {
  adapter: ChannelAdapter<Update>;
  runtime: Pick<BotRuntime, 'handleInbound'>;
  deliver: Deliver;
  logger: Logger;
  /** Answers a button press so the phone stops its spinner; failures are only logged. */
  answerCallbackQuery: (queryId: string) => Promise<unknown>;
  /** Starts storing a photo or document; not awaited by the update. */
  download?: (fileId: string) => Promise<unknown>;
  /** @defaultValue `() => new Date()` */
  clock?: () => Date;
}

/** The per-update pipeline plus a way to wait for the work it started. */
export interface UpdateHandler {
  handle(update: Update): Promise<void>;
  /** Waits for updates in flight and the downloads they started. */
  drain(): Promise<void>;
}

/** Builds the handler; see the module comment for what it acknowledges. */
export function createUpdateHandler(deps: UpdateHandlerDeps): UpdateHandler {
  const { adapter, runtime, deliver, logger } = deps;
  const clock = deps.clock ?? (() => new Date());
  const chats = new KeyedSerialQueue();
  const downloads = new Set<Promise<unknown>>();

  async function send(chatRef: string, replies: readonly Reply[], updateId: number): Promise<void> {
    try {
      const messages = adapter.render(chatRef, replies);
      if (messages.length > 0) await deliver(messages, { updateId });
    } catch (err) {
      logger.error({ err, updateId }, 'telegram: replies could not be rendered or handed to delivery');
    }
  }

  function startDownload(envelope: InboundEnvelope): void {
    if (envelope.message.type !== 'media' || !deps.download) return;
    const fileRef = envelope.message.fileRef;
    // The citizen's answer must not wait for a file of several megabytes.
    const task = deps
      .download(fileRef)
      .catch((err: unknown) => logger.warn({ err, updateId: envelope.messageId }, 'telegram: attachment download failed'))
      .finally(() => downloads.delete(task));
    downloads.add(task);
  }

  async function process(update: Update): Promise<void> {
    const query = 'callback_query' in update ? update.callback_query : undefined;
    if (query) {
      // Answered first: the spinner on the button stops even while the runtime works.
      // A redelivered press is answered again and Telegram refuses; that is harmless.
      deps.answerCallbackQuery(query.id).catch((err: unknown) => {
        logger.debug({ err, updateId: update.update_id }, 'telegram: answerCallbackQuery failed');
      });
    }

    const outcome = adapter.parseInbound(update, clock());
    if (outcome.status === 'rejected') {
      logger.warn({ updateId: update.update_id, reason: outcome.reason }, 'telegram: malformed update dropped');
      return;
    }
    if (outcome.status === 'ignored') {
      const chatRef = replyChatOf(update);
      logger.debug({ updateId: update.update_id, reason: outcome.reason }, 'telegram: update ignored');
      if (outcome.politeReply && chatRef) await send(chatRef, [outcome.politeReply], update.update_id);
      return;
    }

    const { envelope } = outcome;
    // May reject (CHAT_BUSY, Redis down): let it, so the update stays unacknowledged.
    const replies = await runtime.handleInbound(envelope);
    startDownload(envelope);
    await send(envelope.chatRef, replies, update.update_id);
  }

  return {
    handle(update) {
      const chat = replyChatOf(update) ?? `update:${update.update_id}`;
      return chats.run(chat, () => process(update));
    },
    async drain() {
      await chats.drain();
      await Promise.allSettled([...downloads]);
    },
  };
}
