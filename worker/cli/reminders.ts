/**
 * `npm run reminders -- --now` sends this week's reminders to lagging OPDs at once (as
 * the Monday job would; a week already sent sends nothing new). `--dry-run` prints
 * what would be sent and sends nothing; `--at <ISO time>` computes for another moment.
 * Reads DATABASE_URL, REDIS_URL and REDIS_PREFIX like the workers.
 */
import { parseArgs } from 'node:util';
import { createDeliveryOutbox } from '../../bot/delivery/outbox.js';
import { loadConfigOrExit } from '../../core/config.js';
import { assertRedisReachable, createRedis } from '../../core/redis.js';
import { openDatabase } from '../../db/connect.js';
import { runWeeklyReminders } from '../reminders/run-reminders.js';

const { values } = parseArgs({
  options: { now: { type: 'boolean', default: false }, 'dry-run': { type: 'boolean', default: false }, at: { type: 'string' } },
});
const dryRun = values['dry-run'];
if (!values.now && !dryRun) {
  process.stderr.write('usage: npm run reminders -- --now | --dry-run [--at 2026-11-23T08:00:00+07:00]\n');
  process.exit(2);
}
const now = values.at ? new Date(values.at) : new Date();
if (Number.isNaN(now.getTime())) {
  process.stderr.write(`reminders: --at ${values.at} is not a time\n`);
  process.exit(2);
}

const config = loadConfigOrExit();
const database = await openDatabase({ url: config.DATABASE_URL, dataDir: config.DATA_DIR });
let redis: ReturnType<typeof createRedis> | undefined;
try {
  let outbox;
  if (!dryRun) {
    await assertRedisReachable(config.REDIS_URL);
    redis = createRedis(config.REDIS_URL);
    outbox = createDeliveryOutbox({ db: database.db, redis, redisPrefix: config.REDIS_PREFIX });
  }
  const result = await runWeeklyReminders({ db: database.db, outbox }, { now, dryRun });
  await outbox?.close();
  if (dryRun) {
    for (const p of result.enqueued) {
      const m = p.message;
      process.stdout.write(`--- ${m.channel} ${m.chatRef} (${m.deliveryId})\n${m.text}\n`);
      for (const row of m.buttons ?? []) process.stdout.write(`${row.map((b) => `[${b.label} -> ${b.data}]`).join(' ')}\n`);
    }
  }
  process.stdout.write(
    `reminders ${result.week}: ${result.planned.length} message(s) for the week, ` +
      `${result.alreadySent} already sent, ${result.enqueued.length} ${dryRun ? 'would be sent (dry run: nothing sent)' : 'queued'}\n`,
  );
} finally {
  await redis?.quit();
  await database.close();
}
