import type { Queue } from 'bullmq';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import type { Redis } from 'ioredis';
import { sql, type Kysely } from 'kysely';
import type { Logger } from '../../core/logger.js';
import type { Database } from '../../db/database.js';
import { registerAdminPages, type AdminCredentials } from './admin.js';
import type { Registry } from 'prom-client';
import { createMetrics } from './metrics.js';

/** What the HTTP server needs from the running process. */
export interface HttpServerDeps {
  db: Kysely<Database>;
  redis: Redis;
  queues: readonly Queue[];
  logger: Logger;
  /** Admin pages are served only when a password is configured. */
  admin?: AdminCredentials | undefined;
  /** Extra readiness checks (e.g. a channel's connection); each returns an error text or null. */
  readinessChecks?: Record<string, () => Promise<string | null>>;
  /** Registers further routes (channel webhooks) before the server starts listening. */
  routes?: (app: FastifyInstance) => Promise<void>;
  /** Registers further admin-only routes (the WhatsApp pairing QR) behind the same basic auth. */
  adminRoutes?: (admin: FastifyInstance) => Promise<void>;
  /** Adds further gauges (a channel's connection state) to the Prometheus registry. */
  registerMetrics?: (registry: Registry) => void;
}

const CHECK_TIMEOUT_MS = 2000;

/**
 * The process's HTTP face: `/healthz` (the process is up), `/readyz` (PostgreSQL and
 * Redis answer — 503 with the failing part otherwise), `/metrics` (Prometheus) and the
 * queue dashboard at `/admin/queues` behind basic auth.
 */
export async function buildHttpServer(deps: HttpServerDeps): Promise<FastifyInstance> {
  const app: FastifyInstance = Fastify({
    // Per-request lines would drown the log in health checks; keep warnings and errors.
    // (pino's Logger and fastify's logger interface differ only in generics.)
    loggerInstance: deps.logger.child({ component: 'http' }, { level: 'warn' }) as FastifyBaseLogger,
  });
  const metrics = createMetrics({ db: deps.db, queues: deps.queues });
  deps.registerMetrics?.(metrics);

  app.get('/healthz', async () => ({ status: 'ok' }));

  app.get('/readyz', async (_req, reply) => {
    const checks: Record<string, () => Promise<string | null>> = {
      postgres: async () => (await sql`select 1`.execute(deps.db), null),
      redis: async () => ((await deps.redis.ping()) === 'PONG' ? null : 'no PONG'),
      ...deps.readinessChecks,
    };
    const results: Record<string, string> = {};
    let ready = true;
    for (const [name, check] of Object.entries(checks)) {
      const problem = await withTimeout(check()).catch((err: Error) => err.message || String(err));
      results[name] = problem ?? 'ok';
      if (problem) ready = false;
    }
    return reply.code(ready ? 200 : 503).send({ status: ready ? 'ready' : 'not ready', checks: results });
  });

  app.get('/metrics', async (_req, reply) => {
    reply.header('content-type', metrics.contentType);
    return metrics.metrics();
  });

  if (deps.admin) await registerAdminPages(app, deps.queues, deps.admin, deps.adminRoutes);
  if (deps.routes) await deps.routes(app);
  return app;
}

function withTimeout<T>(promise: Promise<T>): Promise<T> {
  return Promise.race([
    promise,
    new Promise<never>((_, reject) => setTimeout(() => reject(new Error('timed out')), CHECK_TIMEOUT_MS).unref()),
  ]);
}
