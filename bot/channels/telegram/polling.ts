import type { Telegram } from 'telegraf';
import type { Update } from 'telegraf/types';
import type { Logger } from '../../../core/logger.js';
import { replyChatOf } from './parse-update.js';

/**
 * Long polling that acknowledges only what was handled.
 *
 * Why not telegraf's own `bot.launch()` polling: it moves its offset past a whole
 * batch as soon as the batch arrives, and when one update's handler fails it stops
 * polling and confirms that offset on the way out — the failed update is gone. Here
 * the offset moves past an update only once it and every update before it were
 * handled; after a failure (the runtime said CHAT_BUSY or Redis is down) the next
 * getUpdates starts at the first failed update, so Telegram serves it again along
 * with the rest of the batch. Updates already handled come back too and are
 * answered nothing, because the runtime de-duplicates on update_id.
 *
 * Within a batch, chats are handled concurrently and each chat's updates in order;
 * a chat stops at its first failure so its later messages are not answered before
 * the failed one.
 */

/** Options of {@link startPolling}. */
export interface PollingOptions {
  telegram: Telegram;
  /** Handles one update; a rejection leaves it unacknowledged. */
  handle: (update: Update) => Promise<void>;
  logger: Logger;
  /** Update kinds asked for. */
  allowedUpdates: readonly string[];
  /** getUpdates long-poll timeout. @defaultValue 50 s */
  timeoutSeconds?: number;
  /** First wait after a failed batch; doubles up to 30 s while failures continue. @defaultValue 1000 ms */
  retryDelayMs?: number;
}

/** A running poll loop. */
export interface Poller {
  /** Null while polling works; why it stopped or keeps failing otherwise (for /readyz). */
  problem(): string | null;
  /** Stops after the batch in hand is handled and confirms the offset reached. */
  stop(): Promise<void>;
}

/** Starts polling right away. */
export function startPolling(options: PollingOptions): Poller {
  const { telegram, handle, logger } = options;
  const timeout = options.timeoutSeconds ?? 50;
  const firstDelay = options.retryDelayMs ?? 1000;
  const abort = new AbortController();
  let offset = 0;
  let problem: string | null = null;
  let delay = firstDelay;

  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(done, ms);
      abort.signal.addEventListener('abort', done, { once: true });
      function done() {
        clearTimeout(timer);
        abort.signal.removeEventListener('abort', done);
        resolve();
      }
    });

  async function loop(): Promise<void> {
    while (!abort.signal.aborted) {
      let updates: Update[];
      try {
        updates = await telegram.callApi(
          'getUpdates',
          { offset, timeout, allowed_updates: options.allowedUpdates as never },
          // telegraf types the signal with the abort-controller shim; Node's own works the same.
          { signal: abort.signal as never },
        );
      } catch (err) {
        if (abort.signal.aborted) return;
        const code = (err as { response?: { error_code?: number; parameters?: { retry_after?: number } } }).response;
        if (code?.error_code === 401) {
          problem = 'Telegram refused the bot token (401); polling stopped';
          logger.error({ err }, 'telegram: bot token refused; polling stopped');
          return;
        }
        // 409: another process polls with this token, or a webhook is set. Both are
        // operator mistakes worth shouting about, but may resolve; keep trying.
        problem = `getUpdates failed: ${(err as Error).message}`;
        logger.warn({ err }, 'telegram: getUpdates failed; retrying');
        await sleep(code?.parameters?.retry_after ? code.parameters.retry_after * 1000 : delay);
        delay = Math.min(delay * 2, 30_000);
        continue;
      }
      const failedAt = await handleBatch(updates);
      if (failedAt === null) {
        const last = updates.at(-1);
        if (last) offset = last.update_id + 1;
        problem = null;
        delay = firstDelay;
      } else {
        offset = failedAt;
        problem = `update ${failedAt} could not be handled; retrying`;
        await sleep(delay);
        delay = Math.min(delay * 2, 30_000);
      }
    }
  }

  /** Handles a batch; resolves with the smallest update_id that failed, or null. */
  async function handleBatch(updates: Update[]): Promise<number | null> {
    const byChat = new Map<string, Update[]>();
    for (const update of updates) {
      const chat = replyChatOf(update) ?? `update:${update.update_id}`;
      byChat.set(chat, [...(byChat.get(chat) ?? []), update]);
    }
    const failures = await Promise.all(
      [...byChat.values()].map(async (chatUpdates) => {
        for (const update of chatUpdates) {
          try {
            await handle(update);
          } catch (err) {
            logger.warn({ err, updateId: update.update_id }, 'telegram: update not handled; it will be fetched again');
            return update.update_id;
          }
        }
        return null;
      }),
    );
    const failed = failures.filter((id): id is number => id !== null);
    return failed.length === 0 ? null : Math.min(...failed);
  }

  const running = loop().catch((err: unknown) => {
    problem = `polling crashed: ${String(err)}`;
    logger.error({ err }, 'telegram: polling crashed');
  });

  return {
    problem: () => problem,
    async stop() {
      abort.abort();
      await running;
      // Confirm what was handled, so the next start does not fetch it again (it would
      // be de-duplicated, but that costs a round trip per update). timeout 0: no wait.
      if (problem === null || !problem.includes('401')) {
        await telegram.callApi('getUpdates', { offset, limit: 1, timeout: 0 }).catch(() => undefined);
      }
    },
  };
}
