/**
 * A process that dies between a lifecycle change's COMMIT and its queueing, for the
 * notice sweep's kill test: it opens the notifications queue as a caller would,
 * disposes a report (which commits the event with its notices), then SIGKILLs itself
 * where queueLifecycleNotices would have run. Reads DATABASE_URL, REDIS_URL,
 * REDIS_PREFIX, TICKET, OFFICER_ID and TARGET_OPD from the environment.
 */
import { createRedis } from '../../core/redis.js';
import { openDatabase } from '../../db/connect.js';
import { verifyAndDispose } from '../../db/lifecycle/index.js';
import { notificationsQueue, openQueue } from '../queues.js';

const env = (name: string): string => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is required`);
  return value;
};

const database = await openDatabase({ url: env('DATABASE_URL'), poolSize: 1 });
const redis = createRedis(env('REDIS_URL'));
// Opened like the officer desk's queue, so the only thing missing is the add itself.
const notifications = openQueue(notificationsQueue, redis, env('REDIS_PREFIX'));
await notifications.waitUntilReady();
const result = await verifyAndDispose(
  database.db,
  { kind: 'officer', officerId: env('OFFICER_ID') },
  { ticket: env('TICKET'), targetOpdCode: env('TARGET_OPD') },
  new Date(),
);
if (!result.ok) {
  process.stderr.write(`transition refused: ${result.reason}\n`);
  process.exit(2);
}
// The crash: committed, not queued (queueLifecycleNotices would come next).
process.kill(process.pid, 'SIGKILL');
