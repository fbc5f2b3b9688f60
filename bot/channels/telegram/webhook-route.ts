import { createHmac, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { Update } from 'telegraf/types';
import type { Logger } from '../../../core/logger.js';

/**
 * The webhook endpoint on our own fastify server. Telegram sends every update as a
 * POST carrying `X-Telegram-Bot-Api-Secret-Token`; a call without the right token is
 * refused with 401 before its body is even read, and changes nothing. The answer is
 * 200 only after the update was handled, 500 when it could not be (the runtime said
 * CHAT_BUSY or Redis is down): Telegram then sends it again, for up to 24 hours.
 * Nothing is answered in the response body (telegraf's webhookReply is off), so a
 * reply can never be lost with a response Telegram does not read.
 */

/** Options of {@link telegramWebhookRoutes}. */
export interface TelegramWebhookOptions {
  /** The path Telegram posts to: the path of TELEGRAM_WEBHOOK_URL. */
  path: string;
  /** The secret_token given to setWebhook. */
  secret: string;
  handle: (update: Update) => Promise<void>;
  logger: Logger;
}

/** The header Telegram puts the secret in. */
export const SECRET_HEADER = 'x-telegram-bot-api-secret-token';

/** Registers the webhook route; pass to `buildHttpServer({ routes })`. */
export function telegramWebhookRoutes(options: TelegramWebhookOptions): (app: FastifyInstance) => Promise<void> {
  const expected = Buffer.from(options.secret);
  const authentic = (header: unknown) => {
    if (typeof header !== 'string') return false;
    const given = Buffer.from(header);
    return given.length === expected.length && timingSafeEqual(given, expected);
  };

  return async (app) => {
    app.post(
      options.path,
      {
        // Updates are a few kilobytes; a larger body is not Telegram.
        bodyLimit: 1024 * 1024,
        onRequest: async (request, reply) => {
          if (!authentic(request.headers[SECRET_HEADER])) {
            options.logger.warn({ ip: request.ip }, 'telegram webhook: call without the right secret token refused');
            return reply.code(401).send({ ok: false, error: 'unauthorized' });
          }
        },
      },
      async (request, reply) => {
        const update = request.body as Update | null;
        if (typeof update !== 'object' || update === null || !Number.isSafeInteger(update.update_id)) {
          return reply.code(400).send({ ok: false, error: 'not a Telegram update' });
        }
        try {
          await options.handle(update);
          return reply.code(200).send({ ok: true });
        } catch (err) {
          options.logger.warn({ err, updateId: update.update_id }, 'telegram webhook: update not handled; Telegram will resend it');
          return reply.code(500).send({ ok: false, error: 'not handled, send again' });
        }
      },
    );
  };
}

/**
 * A webhook secret derived from the bot token, for deployments that set no
 * TELEGRAM_WEBHOOK_SECRET: stable across restarts and processes, only the allowed
 * characters (A-Z a-z 0-9 _ -), and it reveals nothing about the token.
 */
export function deriveWebhookSecret(token: string): string {
  return createHmac('sha256', token).update('lapor telegram webhook secret').digest('base64url');
}
