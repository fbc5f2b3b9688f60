import { sql } from 'kysely';
import { defaultCategories } from '../../../../conversations/categories.js';
import { createEngine } from '../../../../conversations/engine.js';
import type { Gazetteer } from '../../../../conversations/regions/gazetteer.js';
import { loadGazetteer } from '../../../../conversations/regions/load-gazetteer.js';
import type { Config } from '../../../../core/config.js';
import { createLogger, type Logger } from '../../../../core/logger.js';
import type { DatabaseHandle } from '../../../../db/connect.js';
import { testConfig, openTestDatabase } from '../../../../test/support.js';
import { startIntakeWorker, type IntakeWorker } from '../../../../worker/intake-worker.js';
import type { Channel } from '../../../../worker/queues.js';
import { openBotRuntime, type OpenedBotRuntime } from '../../../runtime/index.js';
import { chatId, chatKey } from '../../../runtime/keys.js';

/**
 * The production path behind a channel, for end-to-end tests: the real conversation
 * engine over the real regions, the runtime as `npm run bot` opens it, and the real
 * intake worker writing to the test PostgreSQL. Shared by the SMS and WhatsApp tests.
 */
export interface E2eStack {
  config: Config;
  database: DatabaseHandle;
  bot: OpenedBotRuntime;
  worker: IntakeWorker;
  logger: Logger;
  /** The open question of a chat's saved session, or null when there is none. */
  step(channel: Channel, chatRef: string): Promise<string | null>;
  /** Polls PostgreSQL until the report with this ticket is written. */
  waitForReport(ticket: string, timeoutMs?: number): Promise<StoredReport>;
  close(): Promise<void>;
}

/** The columns the end-to-end tests check. */
export interface StoredReport {
  ticket: string;
  kind: string;
  category: string;
  body: string;
  incident_date: string | null;
  village_code: string | null;
  anonim: boolean;
  rahasia: boolean;
  source_channel: string;
  chat_ref: string;
  reporter_name: string;
  reporter_nik: string;
  reporter_phone: string;
}

let gazetteer: Gazetteer | undefined;

/** Opens the stack in a Redis prefix of its own; `clock` fixes "now" for the engine. */
export async function openE2eStack(options: { clock?: () => Date } = {}): Promise<E2eStack> {
  const config = testConfig();
  const logger = createLogger({ level: 'silent' });
  const database = await openTestDatabase();
  gazetteer ??= loadGazetteer();
  const engine = createEngine({ gazetteer, categories: defaultCategories });
  const bot = await openBotRuntime(config, { engine, db: database.db, logger, ...(options.clock ? { clock: options.clock } : {}) });
  const worker = startIntakeWorker({
    db: database.db,
    connection: { url: config.REDIS_URL, maxRetriesPerRequest: null },
    redisPrefix: config.REDIS_PREFIX,
    logger,
  });

  return {
    config,
    database,
    bot,
    worker,
    logger,
    async step(channel, chatRef) {
      const saved = await bot.redis.hget(chatKey(config.REDIS_PREFIX, chatId(channel, chatRef)), 's');
      return saved ? String((JSON.parse(saved) as { step?: unknown }).step) : null;
    },
    async waitForReport(ticket, timeoutMs = 20_000) {
      const until = Date.now() + timeoutMs;
      while (Date.now() < until) {
        const { rows } = await sql<StoredReport>`
          select r.ticket, r.kind, r.category, r.body, r.incident_date::text as incident_date, r.village_code,
                 r.anonim, r.rahasia, r.source_channel, r.chat_ref,
                 p.name as reporter_name, p.nik as reporter_nik, p.phone as reporter_phone
          from reports r join reporters p on p.id = r.reporter_id
          where r.ticket = ${ticket}`.execute(database.db);
        if (rows[0]) return rows[0];
        await new Promise((r) => setTimeout(r, 100));
      }
      throw new Error(`report ${ticket} never reached PostgreSQL`);
    },
    async close() {
      await worker.close();
      await bot.close();
      await database.close();
    },
  };
}
