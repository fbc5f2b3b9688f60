import { randomBytes } from 'node:crypto';
import { inject } from 'vitest';
import { loadConfig, type Config } from '../core/config.js';
import { openDatabase, type DatabaseHandle } from '../db/connect.js';

/**
 * Test helpers shared by every suite. The database and Redis prefix come from the
 * global setup (one per run); {@link uniquePrefix} gives each file or test its own
 * corner of Redis so queues never cross.
 */

/** A Redis prefix unique to the caller, under the run's prefix. */
export function uniquePrefix(label: string): string {
  return `${inject('redisPrefix')}:${label}:${randomBytes(3).toString('hex')}`;
}

/** Configuration for a test: the run's database and Redis, plus overrides. */
export function testConfig(overrides: Record<string, string> = {}): Config {
  return loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    DATABASE_URL: inject('databaseUrl'),
    REDIS_URL: inject('redisUrl'),
    REDIS_PREFIX: uniquePrefix('cfg'),
    SEED_ON_START: 'false',
    MIGRATE_ON_START: 'false',
    ...overrides,
  });
}

/** Opens the run's database (migrated and seeded by the global setup). */
export function openTestDatabase(): Promise<DatabaseHandle> {
  return openDatabase({ url: inject('databaseUrl'), poolSize: 5 });
}
