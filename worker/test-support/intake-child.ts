/**
 * An intake worker in its own process, for the killed-worker test: it announces
 * `ready`, and `<phase> <n>` each time a batch of n reports reaches INTAKE_PAUSE_AT
 * (`before-commit` or `after-commit`), then pauses INTAKE_PAUSE_MS there so the test
 * can SIGKILL it with jobs in flight. Never used outside tests.
 */
import { createLogger } from '../../core/logger.js';
import { createRedis } from '../../core/redis.js';
import { openDatabase } from '../../db/connect.js';
import { startIntakeWorker } from '../intake-worker.js';

const env = (name: string): string => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is required`);
  return value;
};
const pauseAt = env('INTAKE_PAUSE_AT');
const pauseMs = Number(env('INTAKE_PAUSE_MS'));
const lockMs = Number(env('INTAKE_LOCK_MS'));

const pause = async (phase: string, n: number) => {
  if (phase !== pauseAt) return;
  process.stdout.write(`${phase} ${n}\n`);
  await new Promise((r) => setTimeout(r, pauseMs));
};

const handle = await openDatabase({ url: env('DATABASE_URL'), poolSize: 2 });
const intake = startIntakeWorker({
  db: handle.db,
  connection: createRedis(env('REDIS_URL')),
  redisPrefix: env('REDIS_PREFIX'),
  logger: createLogger({ level: 'silent' }),
  concurrency: 20,
  lockDuration: lockMs,
  stalledInterval: lockMs,
  batch: { maxWaitMs: 200 },
  hooks: {
    beforeCommit: (tickets) => pause('before-commit', tickets.length),
    afterCommit: (written) => pause('after-commit', written.length),
  },
});
await intake.worker.waitUntilReady();
process.stdout.write('ready\n');
