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

/**
 * Deletes every key that starts with `prefix` (SCAN + UNLINK, never KEYS, so a busy
 * Redis is not blocked). For throw-away prefixes of tests and benchmarks.
 * Returns how many keys it removed.
 */
export async function deleteKeysByPrefix(redis: Redis, prefix: string): Promise<number> {
  let cursor = '0';
  let deleted = 0;
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
    cursor = next;
    if (keys.length > 0) deleted += await redis.unlink(...keys);
  } while (cursor !== '0');
  return deleted;
}
