import type { FastifyInstance } from 'fastify';
import type { Redis } from 'ioredis';
import type { Kysely } from 'kysely';
import type { Registry } from 'prom-client';
import { enabledChannels } from '../bot/channels/index.js';
import { createSmsChannel } from '../bot/channels/sms/start-sms.js';
import { createTelegramAdapter } from '../bot/channels/telegram/adapter.js';
import { startTelegramChannel, telegramSettingsFromConfig } from '../bot/channels/telegram/start-telegram.js';
import { createWhatsAppAdapter } from '../bot/channels/whatsapp/adapter.js';
import {
  startWhatsAppChannel,
  whatsAppSettingsFromConfig,
  type WhatsAppClientFactory,
} from '../bot/channels/whatsapp/start-whatsapp.js';
import { startDeliveryWorker } from '../bot/delivery/delivery-worker.js';
import { createDeliveryOutbox } from '../bot/delivery/outbox.js';
import type { ChannelSender } from '../bot/delivery/sender.js';
import type { Renderers } from '../bot/notifications/deps.js';
import { startIdleReminderScheduler } from '../bot/notifications/idle-reminder-scheduler.js';
import { startNotificationWorker } from '../bot/notifications/notification-worker.js';
import { createInboundRouter, createOfficerDesk } from '../bot/officers/index.js';
import { registerForwarderMetrics } from '../bot/runtime/forwarder-metrics.js';
import { openBotRuntime } from '../bot/runtime/index.js';
import { createEngine, defaultCategories, loadGazetteer } from '../conversations/index.js';
import type { Config } from '../core/config.js';
import type { Logger } from '../core/logger.js';
import type { Database } from '../db/database.js';
import { slaLimitsFromConfig } from '../db/lifecycle/index.js';
import type { Channel } from '../worker/queues.js';

/** The citizen-facing half of a process: channels, conversation runtime, delivery. */
export interface BotRole {
  /** Channel webhooks, for the HTTP server. */
  routes(app: FastifyInstance): Promise<void>;
  /** Admin-only pages of the channels (the WhatsApp pairing QR). */
  adminRoutes(admin: FastifyInstance): Promise<void>;
  readinessChecks: Record<string, () => Promise<string | null>>;
  registerMetrics(registry: Registry): void;
  /** Stops the channels first (no new messages), then delivery, then the runtime. */
  stop(): Promise<void>;
}

/**
 * Starts every channel the configuration turns on, all driving one conversation
 * runtime, with every outbound message — replies and notifications alike — leaving
 * through the delivery outbox and its throttles. With no channel configured the role
 * still runs the runtime (for `npm run chat`) and says so in the log.
 */
export async function startBotRole(
  config: Config,
  deps: {
    db: Kysely<Database>;
    redis: Redis;
    logger: Logger;
    /** How to build the WhatsApp client; tests pass a fake with whatsapp-web.js's surface. */
    whatsappClient?: WhatsAppClientFactory | undefined;
  },
): Promise<BotRole> {
  const { db, redis, logger } = deps;
  const closers: Array<() => Promise<unknown>> = [];
  const stop = async () => {
    for (const close of closers.reverse()) {
      await close().catch((err: unknown) => logger.warn({ err }, 'error while stopping the bot role'));
    }
  };

  try {
    const engine = createEngine({ gazetteer: loadGazetteer(), categories: defaultCategories });
    const bot = await openBotRuntime(config, { engine, db, logger: logger.child({ component: 'runtime' }) });
    closers.push(() => bot.close());
    const outbox = createDeliveryOutbox({ db, redis, redisPrefix: config.REDIS_PREFIX });
    closers.push(() => outbox.close());
    // Officers write to the same bot: their chats go to the desk, everyone else's to
    // the citizen runtime. Lifecycle notices the desk causes go to the runtime's
    // notifications queue, where the citizen's own follow-up notices go too.
    const desk = createOfficerDesk({
      db,
      redis,
      redisPrefix: config.REDIS_PREFIX,
      notifications: bot.notifications,
      limits: slaLimitsFromConfig(config),
      logger: logger.child({ component: 'officer-desk' }),
    });
    closers.push(() => desk.close());
    const inbound = createInboundRouter({ citizens: bot.runtime, desk });
    const deliver = async (messages: Parameters<typeof outbox.enqueue>[0]) => {
      await outbox.enqueue(messages);
    };

    const senders: Partial<Record<Channel, ChannelSender>> = {};
    const adapters: Renderers = {};
    const routes: Array<(app: FastifyInstance) => Promise<void>> = [];
    const adminRoutes: Array<(admin: FastifyInstance) => Promise<void>> = [];
    const readinessChecks: Record<string, () => Promise<string | null>> = {};
    const metrics: Array<(registry: Registry) => void> = [(registry) => registerForwarderMetrics(registry, bot.forwarder)];
    const channelLogger = (channel: Channel) => logger.child({ component: channel });

    const telegram = telegramSettingsFromConfig(config);
    if (telegram) {
      const channel = await startTelegramChannel({
        ...telegram,
        runtime: inbound,
        logger: channelLogger('telegram'),
        // Derived ids: a redelivered update's replies are queued once.
        deliver: (messages, { updateId }) =>
          deliver(messages.map((m, i) => ({ ...m, deliveryId: `tg-${updateId}-${i}` }))),
      });
      closers.push(() => channel.stop());
      senders.telegram = channel.sender;
      adapters.telegram = createTelegramAdapter();
      routes.push((app) => channel.routes(app));
      readinessChecks.telegram = () => channel.readiness();
    }

    const whatsapp = whatsAppSettingsFromConfig(config);
    if (whatsapp) {
      const channel = await startWhatsAppChannel({
        ...whatsapp,
        createClient: deps.whatsappClient,
        runtime: inbound,
        logger: channelLogger('whatsapp'),
        deliver,
      });
      closers.push(() => channel.stop());
      senders.whatsapp = channel.sender;
      adapters.whatsapp = createWhatsAppAdapter();
      adminRoutes.push((admin) => channel.adminRoutes(admin));
      readinessChecks.whatsapp = () => channel.readiness();
      metrics.push((registry) => channel.registerMetrics(registry));
    }

    if (config.SMS_GATEWAY_URL || config.SMS_WEBHOOK_SECRET) {
      const channel = createSmsChannel({ config, runtime: inbound, db, logger: channelLogger('sms'), deliver });
      senders.sms = channel.sender;
      adapters.sms = channel.adapter;
      routes.push((app) => channel.routes(app));
    }

    const delivery = startDeliveryWorker({
      senders,
      limits: {
        telegram: { perSecond: config.DELIVERY_TELEGRAM_PER_SECOND, perChatPerSecond: config.DELIVERY_TELEGRAM_PER_CHAT_PER_SECOND },
        whatsapp: { perSecond: config.DELIVERY_WHATSAPP_PER_SECOND, perChatPerSecond: config.DELIVERY_WHATSAPP_PER_SECOND },
        sms: { perSecond: config.DELIVERY_SMS_PER_SECOND, perChatPerSecond: config.DELIVERY_SMS_PER_CHAT_PER_SECOND },
      },
      db,
      connection: redis,
      redisPrefix: config.REDIS_PREFIX,
      logger: logger.child({ component: 'delivery' }),
    });
    closers.push(() => delivery.close());
    const notifications = startNotificationWorker({
      connection: redis,
      redisPrefix: config.REDIS_PREFIX,
      logger: logger.child({ component: 'notifications' }),
      db,
      adapters,
      outbox,
      citizenUpdates: (notice, updateId) => bot.runtime.handleReportUpdate(notice, updateId),
    });
    closers.push(() => notifications.close());
    const idleReminders = await startIdleReminderScheduler({
      runtime: bot.runtime,
      adapters,
      outbox,
      redis,
      redisPrefix: config.REDIS_PREFIX,
      logger: logger.child({ component: 'idle-reminders' }),
    });
    closers.push(() => idleReminders.close());

    const on = enabledChannels(config).map((c) => c.channel);
    if (on.length === 0) {
      logger.warn('no channel configured: set TELEGRAM_BOT_TOKEN, WHATSAPP_ENABLED or SMS_GATEWAY_URL (npm run chat works without)');
    } else {
      logger.info({ channels: on }, 'channels started');
    }

    return {
      routes: async (app) => {
        for (const register of routes) await register(app);
      },
      adminRoutes: async (admin) => {
        for (const register of adminRoutes) await register(admin);
      },
      readinessChecks,
      registerMetrics: (registry) => {
        for (const register of metrics) register(registry);
      },
      stop,
    };
  } catch (err) {
    await stop();
    throw err;
  }
}
