/**
 * `npm run intake:retry`: replays every failed intake job (after PostgreSQL was down
 * longer than the retries lasted, or once a refused report's cause is fixed) and
 * prints how many. Reads REDIS_URL and REDIS_PREFIX like the workers.
 */
import { loadConfigOrExit } from '../../core/config.js';
import { assertRedisReachable, createRedis } from '../../core/redis.js';
import { replayFailedIntake } from '../replay-failed-intake.js';
import { openIntakeQueue } from '../submit-report.js';
import { bullPrefix } from '../queues.js';

const config = loadConfigOrExit();
try {
  await assertRedisReachable(config.REDIS_URL);
} catch (err) {
  process.stderr.write(`${(err as Error).message}\n`);
  process.exit(1);
}
const redis = createRedis(config.REDIS_URL);
const queue = openIntakeQueue(redis, config.REDIS_PREFIX, { attempts: config.INTAKE_ATTEMPTS, backoffMs: config.INTAKE_BACKOFF_MS });
try {
  const { replayed, skipped } = await replayFailedIntake(queue);
  process.stdout.write(
    `intake:retry: replayed ${replayed} failed intake job${replayed === 1 ? '' : 's'}` +
      `${skipped ? ` (${skipped} changed meanwhile, skipped)` : ''} in ${bullPrefix(config.REDIS_PREFIX)}:intake\n`,
  );
} finally {
  await queue.close();
  await redis.quit();
}
