import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import type { Config } from '../../../core/config.js';
import type { Logger } from '../../../core/logger.js';
import type { ChannelSender } from '../../delivery/sender.js';
import type { BotRuntime } from '../../runtime/index.js';
import type { ChannelAdapter, OutboundMessage } from '../channel.js';
import { createSmsAdapter, type SmsInboundPayload } from './adapter.js';
import { createSmsReceiptStore, type RecordSmsReceipt } from './receipts.js';
import { createSmsSender } from './sender.js';
import { registerSmsRoutes } from './webhook.js';

/** Raised when the SMS channel is half configured. */
export class SmsConfigError extends Error {
  override readonly name = 'SmsConfigError';
  readonly code = 'SMS_CONFIG_INVALID';
}

/** What {@link createSmsChannel} needs. */
export interface SmsChannelDeps {
  config: Pick<Config, 'SMS_GATEWAY_URL' | 'SMS_WEBHOOK_SECRET'>;
  runtime: Pick<BotRuntime, 'handleInbound'>;
  /** The routing store, where delivery receipts are recorded. */
  db: Kysely<any>;
  logger: Logger;
  /**
   * Takes a message's rendered replies to the outbound path, in order: normally the
   * delivery queue. @defaultValue sent at once through {@link SmsChannel.sender}, one after another
   */
  deliver?: ((messages: OutboundMessage[]) => Promise<void>) | undefined;
  /** `From` on outbound SMS (a short code such as 1708). @defaultValue the gateway's default */
  from?: string | undefined;
  /**
   * Public origin of this server (`https://lapor.example.go.id`): the URL Twilio signs, and
   * the base of the StatusCallback sent with each SMS. @defaultValue rebuilt from request headers; no StatusCallback
   */
  publicOrigin?: string | undefined;
  /** @defaultValue {@link createSmsReceiptStore} over `db` */
  recordReceipt?: RecordSmsReceipt | undefined;
  /** @defaultValue the global fetch */
  fetch?: typeof fetch | undefined;
}

/** The SMS channel, ready to wire in. */
export interface SmsChannel {
  adapter: ChannelAdapter<SmsInboundPayload>;
  /** Sends through SMS_GATEWAY_URL; hand it to the delivery worker. */
  sender: ChannelSender;
  /** Registers the inbound and status webhooks; pass to buildHttpServer's `routes`. */
  routes(app: FastifyInstance): Promise<void>;
}

/** True when the deployment turned SMS on (a gateway URL is set). */
export function smsEnabled(config: Pick<Config, 'SMS_GATEWAY_URL'>): boolean {
  return config.SMS_GATEWAY_URL !== undefined;
}

/**
 * Builds the SMS channel from the configuration. SMS_GATEWAY_URL and
 * SMS_WEBHOOK_SECRET go together: a webhook nobody authenticates would let anyone file
 * reports in a citizen's name, so the channel refuses to start without the secret.
 */
export function createSmsChannel(deps: SmsChannelDeps): SmsChannel {
  const { SMS_GATEWAY_URL: gatewayUrl, SMS_WEBHOOK_SECRET: secret } = deps.config;
  if (!gatewayUrl || !secret) {
    throw new SmsConfigError('SMS needs both SMS_GATEWAY_URL (outbound) and SMS_WEBHOOK_SECRET (to authenticate the gateway)');
  }
  const origin = deps.publicOrigin?.replace(/\/+$/, '');
  const adapter = createSmsAdapter();
  const sender = createSmsSender({
    gatewayUrl,
    from: deps.from,
    statusCallbackUrl: origin ? `${origin}/channels/sms/status` : undefined,
    fetch: deps.fetch,
  });
  const deliver = deps.deliver ?? sendInOrder(sender);
  const recordReceipt = deps.recordReceipt ?? createSmsReceiptStore(deps.db);
  return {
    adapter,
    sender,
    routes: (app) =>
      registerSmsRoutes(app, {
        adapter,
        runtime: deps.runtime,
        deliver,
        secret,
        recordReceipt,
        logger: deps.logger,
        publicOrigin: origin,
      }),
  };
}

/**
 * A `deliver` that sends each message straight through a sender, in order, stopping
 * at the first failure (later parts would read out of order without it). No throttle
 * and no record: for tests and for running without the delivery queue.
 */
export function sendInOrder(sender: ChannelSender): (messages: OutboundMessage[]) => Promise<void> {
  return async (messages) => {
    for (const message of messages) await sender.send(message);
  };
}
