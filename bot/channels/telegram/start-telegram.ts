import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { Telegraf } from 'telegraf';
import type { Update, UserFromGetMe } from 'telegraf/types';
import type { Config } from '../../../core/config.js';
import type { Logger } from '../../../core/logger.js';
import { SendError } from '../../delivery/send-errors.js';
import type { ChannelSender } from '../../delivery/sender.js';
import type { BotRuntime } from '../../runtime/index.js';
import type { OutboundMessage } from '../channel.js';
import { createTelegramAdapter } from './adapter.js';
import { downloadTelegramFile } from './attachments.js';
import { startPolling, type Poller } from './polling.js';
import { createTelegramSender } from './sender.js';
import { createUpdateHandler, type Deliver } from './update-handler.js';
import { deriveWebhookSecret, telegramWebhookRoutes } from './webhook-route.js';

export type { Deliver } from './update-handler.js';

/** The update kinds the bot asks Telegram for; the rest are never sent to it. */
const ALLOWED_UPDATES = ['message', 'edited_message', 'callback_query'] as const;

/** What {@link startTelegramChannel} needs. */
export interface TelegramChannelDeps {
  /** TELEGRAM_BOT_TOKEN. */
  token: string;
  /** TELEGRAM_API_ROOT: another Bot API server (self-hosted, or a fake in tests). @defaultValue `https://api.telegram.org` */
  apiRoot?: string | undefined;
  /**
   * Webhook mode when set (TELEGRAM_WEBHOOK_URL): setWebhook with this URL and the
   * secret, and the route at the URL's path is served by {@link TelegramChannel.routes}.
   * The secret defaults to one derived from the token. @defaultValue long polling
   */
  webhook?: { url: string; secret?: string | undefined } | undefined;
  runtime: Pick<BotRuntime, 'handleInbound'>;
  logger: Logger;
  /** Attachments are stored under `<dataDir>/attachments/telegram/` (DATA_DIR). */
  dataDir: string;
  /**
   * Where rendered replies go: the app plugs in the delivery outbox here.
   * @defaultValue sending straight through {@link TelegramChannel.sender}, in order,
   * waiting out 429s and retrying network failures a few times
   */
  deliver?: Deliver;
  /** Long-poll timeout of getUpdates. @defaultValue 50 s */
  pollingTimeoutSeconds?: number;
  /** First wait before fetching an update again after it failed. @defaultValue 1000 ms */
  retryDelayMs?: number;
  /** @defaultValue `() => new Date()` */
  clock?: () => Date;
}

/** A started Telegram channel. */
export interface TelegramChannel {
  readonly channel: 'telegram';
  readonly mode: 'polling' | 'webhook';
  /** The telegraf bot (its `telegram` client is shared by the sender). */
  readonly bot: Telegraf;
  /** Who the bot is (getMe at start: a wrong token fails the start). */
  readonly botInfo: UserFromGetMe;
  /** For the delivery worker's channel table. */
  readonly sender: ChannelSender;
  /** Registers the webhook route (a no-op in polling mode); pass to `buildHttpServer({ routes })`. */
  routes(app: FastifyInstance): Promise<void>;
  /** Null when healthy; otherwise what is wrong (for `/readyz`). */
  readiness(): Promise<string | null>;
  /** Handles one update as if Telegram had sent it (what polling and the webhook call). */
  handleUpdate(update: Update): Promise<void>;
  /** Stops receiving, waits for updates and downloads in flight. Leaves the webhook set. */
  stop(): Promise<void>;
}

/**
 * The Telegram deps a deployment's configuration gives, or null when
 * TELEGRAM_BOT_TOKEN is unset (the channel is off).
 */
export function telegramSettingsFromConfig(
  config: Config,
): Pick<TelegramChannelDeps, 'token' | 'apiRoot' | 'webhook' | 'dataDir'> | null {
  if (!config.TELEGRAM_BOT_TOKEN) return null;
  return {
    token: config.TELEGRAM_BOT_TOKEN,
    apiRoot: config.TELEGRAM_API_ROOT,
    webhook: config.TELEGRAM_WEBHOOK_URL ? { url: config.TELEGRAM_WEBHOOK_URL, secret: config.TELEGRAM_WEBHOOK_SECRET } : undefined,
    dataDir: config.DATA_DIR,
  };
}

/**
 * Starts serving citizens on Telegram with a telegraf bot: checks the token
 * (getMe), then either removes any webhook and starts long polling, or sets the
 * webhook (with secret_token, for message, edited_message and callback_query
 * updates) and leaves receiving to the route from {@link TelegramChannel.routes}.
 * Every update goes adapter → runtime → adapter.render → deliver.
 *
 * Webhook mode: setWebhook happens here, before the HTTP server listens; an update
 * Telegram tries in that gap is refused by the connection and sent again later.
 */
export async function startTelegramChannel(deps: TelegramChannelDeps): Promise<TelegramChannel> {
  const logger = deps.logger.child({ channel: 'telegram' });
  const bot = new Telegraf(deps.token, {
    // webhookReply off: telegraf would otherwise answer a call inside the webhook
    // response, acknowledging the update before it was handled.
    telegram: { apiRoot: deps.apiRoot ?? 'https://api.telegram.org', webhookReply: false },
  });
  // telegraf's default error handler logs to the console and sets process.exitCode;
  // rethrowing lets the error reach polling or the webhook, which withhold the ack.
  bot.catch((err) => {
    throw err;
  });
  bot.botInfo = await bot.telegram.getMe();

  const adapter = createTelegramAdapter();
  const sender = createTelegramSender({ telegram: bot.telegram });
  const attachmentsDir = join(deps.dataDir, 'attachments');
  const handler = createUpdateHandler({
    adapter,
    runtime: deps.runtime,
    deliver: deps.deliver ?? sendDirectly(sender, logger),
    logger,
    answerCallbackQuery: (id) => bot.telegram.answerCbQuery(id),
    download: (fileId) => downloadTelegramFile(bot.telegram, fileId, attachmentsDir),
    ...(deps.clock ? { clock: deps.clock } : {}),
  });
  bot.use((ctx) => handler.handle(ctx.update));
  const handleUpdate = (update: Update) => bot.handleUpdate(update);

  let poller: Poller | null = null;
  let routes: (app: FastifyInstance) => Promise<void> = async () => {};
  if (deps.webhook) {
    const secret = deps.webhook.secret ?? deriveWebhookSecret(deps.token);
    await bot.telegram.setWebhook(deps.webhook.url, { secret_token: secret, allowed_updates: [...ALLOWED_UPDATES] });
    routes = telegramWebhookRoutes({ path: new URL(deps.webhook.url).pathname, secret, handle: handleUpdate, logger });
    logger.info({ bot: bot.botInfo.username, url: deps.webhook.url }, 'telegram: webhook set');
  } else {
    // A webhook left over from an earlier deployment would make getUpdates fail with 409.
    await bot.telegram.deleteWebhook({ drop_pending_updates: false });
    poller = startPolling({
      telegram: bot.telegram,
      handle: handleUpdate,
      logger,
      allowedUpdates: ALLOWED_UPDATES,
      ...(deps.pollingTimeoutSeconds !== undefined ? { timeoutSeconds: deps.pollingTimeoutSeconds } : {}),
      ...(deps.retryDelayMs !== undefined ? { retryDelayMs: deps.retryDelayMs } : {}),
    });
    logger.info({ bot: bot.botInfo.username }, 'telegram: long polling');
  }

  return {
    channel: 'telegram',
    mode: deps.webhook ? 'webhook' : 'polling',
    bot,
    botInfo: bot.botInfo,
    sender,
    routes: (app) => routes(app),
    readiness: async () => poller?.problem() ?? null,
    handleUpdate,
    async stop() {
      await poller?.stop();
      await handler.drain();
    },
  };
}

/**
 * The standalone delivery: each message in order through the sender, waiting out a
 * 429's retry_after and retrying network failures up to 3 times; other failures end
 * the batch (the rest would likely fail the same way) and are logged.
 */
function sendDirectly(sender: ChannelSender, logger: Logger): Deliver {
  return async (messages: OutboundMessage[]) => {
    for (const message of messages) {
      for (let attempt = 1; ; attempt += 1) {
        try {
          await sender.send(message);
          break;
        } catch (err) {
          const error = err instanceof SendError ? err : new SendError('transient', String(err));
          if (!error.retryable || attempt >= 4) {
            logger.warn({ err: error, kind: error.kind }, 'telegram: reply not sent');
            return;
          }
          const wait = error.kind === 'throttled' ? (error.retryAfterMs ?? 1000) : 250 * 2 ** attempt;
          await new Promise((resolve) => setTimeout(resolve, wait));
        }
      }
    }
  };
}
