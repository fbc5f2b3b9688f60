import { userInfo } from 'node:os';
import { createInterface } from 'node:readline/promises';
import { parseArgs } from 'node:util';
import { pino } from 'pino';
import { createEngine, defaultCategories, loadGazetteer } from '../../../conversations/index.js';
import { loadConfigOrExit } from '../../../core/config.js';
import { createLogger } from '../../../core/logger.js';
import { assertRedisReachable, RedisUnavailableError } from '../../../core/redis.js';
import { openDatabase } from '../../../db/connect.js';
import { migrateToLatest } from '../../../db/migrate.js';
import { openBotRuntime } from '../../runtime/open-bot-runtime.js';
import { createTerminalAdapter } from './adapter.js';

/**
 * `npm run chat [-- --chat <name>]`: be the citizen in a terminal. Each line typed goes
 * through the real bot runtime (Redis session, lock, de-dup, tickets) and the real
 * engine; a confirmed report lands on the real intake queue, where `npm run worker`
 * (or `npm start`) stores and routes it. The session survives quitting: run it again
 * with the same --chat to carry on where you were.
 */

const HELP = `Type your messages as a citizen would. A number picks the choice shown under it.
  /photo <file>   /document <file>   /location <lat>,<lon>   /sticker   stand in for a phone's attachments
  /quit (or Ctrl-D) leaves; your session is kept for next time.`;

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { chat: { type: 'string' } } });
  const config = loadConfigOrExit();
  const chatRef = values.chat ?? userInfo().username;
  // Logs go to stderr so they never mix into the conversation; quiet unless asked for.
  const logger = createLogger(
    { level: process.env.LOG_LEVEL ? config.LOG_LEVEL : 'warn', name: 'chat' },
    pino.destination(2),
  );

  try {
    await assertRedisReachable(config.REDIS_URL);
  } catch (err) {
    if (err instanceof RedisUnavailableError) {
      process.stderr.write(`${err.message}\n`);
      process.exit(1);
    }
    throw err;
  }
  const database = await openDatabase({ url: config.DATABASE_URL, dataDir: config.DATA_DIR, poolSize: 2 });
  await migrateToLatest(database.db);
  const engine = createEngine({
    gazetteer: loadGazetteer(),
    categories: defaultCategories,
    verificationWorkingDays: config.VERIFICATION_WORKING_DAYS,
    followUpWorkingDays: config.FOLLOWUP_WORKING_DAYS,
  });
  const bot = await openBotRuntime(config, { engine, db: database.db, logger });
  const adapter = createTerminalAdapter({ chatRef });

  const print = (text: string) => process.stdout.write(`${text}\n`);
  print(`LAPOR! terminal chat as "${chatRef}" (database: ${database.location}, Redis prefix: ${config.REDIS_PREFIX}).`);
  print(HELP);
  print('Say hello to start (e.g. "halo").\n');

  const lines = createInterface({ input: process.stdin, output: process.stdout, prompt: '> ' });
  lines.prompt();
  try {
    for await (const line of lines) {
      if (line.trim() === '/quit') break;
      const inbound = adapter.parseInbound(line, new Date());
      if (inbound.status === 'accepted') {
        const replies = await bot.runtime.handleInbound(inbound.envelope);
        for (const message of adapter.render(chatRef, replies)) print(`\n${message.text}`);
        print('');
      }
      lines.prompt();
    }
  } finally {
    lines.close();
    await bot.close();
    await database.close();
  }
}

await main();
