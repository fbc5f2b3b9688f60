/**
 * A delivery worker in a process of its own that dies (SIGKILL) right after the
 * channel accepted a message and its id was recorded, before the job completes: the
 * moment where a careless worker would send the message again on the re-run.
 * Env: DATABASE_URL, REDIS_URL, REDIS_PREFIX, FAKE_API_ROOT, FAKE_TOKEN.
 */
import { Redis } from 'ioredis';
import { createLogger } from '../../../core/logger.js';
import { openDatabase } from '../../../db/connect.js';
import { startDeliveryWorker } from '../delivery-worker.js';
import { httpTelegramSender } from './http-telegram-sender.js';

const env = (name: string) => process.env[name] ?? `missing ${name}`;
const database = await openDatabase({ url: env('DATABASE_URL'), poolSize: 2 });
startDeliveryWorker({
  senders: { telegram: httpTelegramSender(env('FAKE_API_ROOT'), env('FAKE_TOKEN')) },
  db: database.db,
  connection: new Redis(env('REDIS_URL'), { maxRetriesPerRequest: null }),
  redisPrefix: env('REDIS_PREFIX'),
  logger: createLogger({ level: 'silent' }),
  // Short, so the parent's worker takes the orphaned job over quickly. The stalled
  // check interval is shared through Redis by every worker of the queue: keep it short here too.
  lockDuration: 1500,
  stalledInterval: 300,
  hooks: {
    afterRecorded: () => {
      process.kill(process.pid, 'SIGKILL');
      return new Promise<void>(() => {});
    },
  },
});
process.stdout.write('ready\n');
