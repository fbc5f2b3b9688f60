import type { Queue } from 'bullmq';
import type { FastifyInstance } from 'fastify';
import type { Config } from '../core/config.js';
import type { Logger } from '../core/logger.js';
import { assertRedisReachable, createRedis } from '../core/redis.js';
import { openDatabase, type DatabaseHandle } from '../db/connect.js';
import { migrateToLatest } from '../db/migrate.js';
import { seedDatabase } from '../db/seed.js';
import { startIntakeWorker } from '../worker/intake-worker.js';
import { deliveryQueue, notificationsQueue, openQueue, remindersQueue } from '../worker/queues.js';
import { openIntakeQueue } from '../worker/submit-report.js';
import { startAutoCloseScheduler } from '../worker/maintenance/auto-close-scheduler.js';
import { startNoticeSweepScheduler } from '../worker/maintenance/notice-sweep-scheduler.js';
import { startReminderScheduler } from '../worker/reminders/scheduler.js';
import { buildHttpServer } from './http/server.js';
import { startBotRole, type BotRole } from './start-bot-role.js';
import type { WhatsAppClientFactory } from '../bot/channels/whatsapp/start-whatsapp.js';

/** The roles a process can take: everything, the citizen-facing bot, or the workers. */
export const ROLES = ['all', 'bot', 'worker'] as const;
/** A process role. */
export type Role = (typeof ROLES)[number];

/** A started process: its HTTP server, its database, and how to stop it all. */
export interface RunningProcess {
  http: FastifyInstance;
  database: DatabaseHandle;
  /** The address the HTTP server listens on, e.g. `http://127.0.0.1:3000`. */
  address: string;
  /** Stops taking work, finishes what is in hand, closes connections (newest first). */
  stop(): Promise<void>;
}

/** Raised when the configuration cannot work for the role asked for. */
export class RoleConfigError extends Error {
  override readonly name = 'RoleConfigError';
  readonly code = 'ROLE_CONFIG_INVALID';
}

/**
 * Starts one process of the given role: checks Redis, opens the routing store
 * (PGlite when DATABASE_URL is unset, announced in the log), migrates and seeds when
 * configured, starts the role's workers and the HTTP server.
 */
export async function startProcess(
  config: Config,
  role: Role,
  logger: Logger,
  options: { whatsappClient?: WhatsAppClientFactory | undefined } = {},
): Promise<RunningProcess> {
  // The embedded database lives inside one process; a bot and a worker apart would
  // each open their own copy and never see each other's reports.
  if (role !== 'all' && !config.DATABASE_URL) {
    throw new RoleConfigError(`--role ${role} needs DATABASE_URL: the embedded database serves one process only`);
  }
  await assertRedisReachable(config.REDIS_URL);

  const closers: Array<() => Promise<unknown>> = [];
  const stop = async () => {
    for (const close of closers.reverse()) {
      await close().catch((err: unknown) => logger.warn({ err }, 'error while closing'));
    }
  };

  try {
    const database = await openDatabase({
      url: config.DATABASE_URL,
      dataDir: config.DATA_DIR,
      poolSize: config.DATABASE_POOL_SIZE,
    });
    closers.push(() => database.close());
    if (database.kind === 'pglite') {
      logger.info({ path: database.location }, 'DATABASE_URL not set: using the embedded PostgreSQL (PGlite)');
    } else {
      logger.info({ url: database.location }, 'using PostgreSQL');
    }

    if (config.MIGRATE_ON_START) {
      const applied = await migrateToLatest(database.db);
      logger.info({ applied }, applied.length ? 'migrations applied' : 'schema up to date');
    }
    if (config.SEED_ON_START) {
      await seedDatabase(database.db, { log: (line) => logger.info(`seed: ${line}`) });
    }

    const redis = createRedis(config.REDIS_URL);
    closers.push(() => redis.quit());
    const queues: Queue[] = [
      openIntakeQueue(redis, config.REDIS_PREFIX, {
        attempts: config.INTAKE_ATTEMPTS,
        backoffMs: config.INTAKE_BACKOFF_MS,
      }),
      openQueue(notificationsQueue, redis, config.REDIS_PREFIX),
      openQueue(remindersQueue, redis, config.REDIS_PREFIX),
      // Opened for the dashboard and metrics only; the delivery outbox adds to them.
      ...(['telegram', 'whatsapp', 'sms'] as const).map((channel) =>
        openQueue(deliveryQueue(channel), redis, config.REDIS_PREFIX),
      ),
    ];
    for (const queue of queues) closers.push(() => queue.close());

    if (role === 'all' || role === 'worker') {
      const intake = startIntakeWorker({
        db: database.db,
        connection: redis,
        redisPrefix: config.REDIS_PREFIX,
        logger: logger.child({ component: 'intake' }),
        concurrency: config.INTAKE_CONCURRENCY,
        verificationWorkingDays: config.VERIFICATION_WORKING_DAYS,
        notifications: queues[1],
      });
      closers.push(() => intake.close());

      // Registering the weekly reminders from every worker is harmless: the
      // scheduler id keeps one schedule per deployment.
      const reminders = await startReminderScheduler({
        db: database.db,
        redis,
        redisPrefix: config.REDIS_PREFIX,
        logger: logger.child({ component: 'reminders' }),
        cron: config.REMINDER_CRON,
      });
      closers.push(() => reminders.close());

      // Answered reports the citizen left unanswered close by themselves (10 working days).
      const autoClose = await startAutoCloseScheduler({
        db: database.db,
        redis,
        redisPrefix: config.REDIS_PREFIX,
        logger: logger.child({ component: 'auto-close' }),
      });
      closers.push(() => autoClose.close());

      // Lifecycle notices are stored with their event; a crash between a change and its
      // queueing leaves them for this sweep (every 2 minutes) instead of losing them.
      const noticeSweep = await startNoticeSweepScheduler({
        db: database.db,
        redis,
        redisPrefix: config.REDIS_PREFIX,
        logger: logger.child({ component: 'notice-sweep' }),
      });
      closers.push(() => noticeSweep.close());
    }

    let bot: BotRole | undefined;
    if (role === 'all' || role === 'bot') {
      bot = await startBotRole(config, { db: database.db, redis, logger, whatsappClient: options.whatsappClient });
      closers.push(() => bot!.stop());
    }

    const http = await buildHttpServer({
      db: database.db,
      redis,
      queues,
      logger,
      admin: config.ADMIN_PASSWORD ? { user: config.ADMIN_USER, password: config.ADMIN_PASSWORD } : undefined,
      routes: bot?.routes,
      adminRoutes: bot?.adminRoutes,
      readinessChecks: bot?.readinessChecks,
      registerMetrics: bot?.registerMetrics,
    });
    const address = await http.listen({ host: config.HOST, port: config.PORT });
    closers.push(() => http.close());
    logger.info({ address, role }, 'ready');
    return { http, database, address, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}
