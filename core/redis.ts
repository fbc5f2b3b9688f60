import { Redis, type RedisOptions } from 'ioredis';

/** Raised when Redis cannot be reached at start; the message says how to start it. */
export class RedisUnavailableError extends Error {
  override readonly name = 'RedisUnavailableError';
  readonly code = 'REDIS_UNAVAILABLE';
}

/**
 * A Redis connection suitable for BullMQ workers and blocking commands
 * (`maxRetriesPerRequest: null`, as BullMQ requires for workers).
 */
export function createRedis(url: string, options: RedisOptions = {}): Redis {
  return new Redis(url, { maxRetriesPerRequest: null, enableReadyCheck: true, ...options });
}

/**
 * Pings Redis once with a short timeout so a process that cannot reach it stops
 * with one clear line instead of retrying silently forever.
 */
export async function assertRedisReachable(url: string, timeoutMs = 3000): Promise<void> {
  const probe = new Redis(url, {
    lazyConnect: true,
    maxRetriesPerRequest: 0,
    connectTimeout: timeoutMs,
    retryStrategy: () => null,
  });
  probe.on('error', () => {});
  try {
    await probe.connect();
    await probe.ping();
  } catch (err) {
    throw new RedisUnavailableError(
      `Redis is not reachable at ${url} (${(err as Error).message}). ` +
        'Start it with `redis-server --daemonize yes` (or `docker compose up -d redis`), or set REDIS_URL.',
    );
  } finally {
    probe.disconnect();
  }
}
