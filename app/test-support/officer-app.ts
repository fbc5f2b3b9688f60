import { randomInt } from 'node:crypto';
import type { FakeBotApi } from '../../bot/channels/telegram/test-support/fake-bot-api.js';
import type { fakeClientFactory } from '../../bot/channels/whatsapp/test-support/fake-client.js';
import { ticketCounterKey } from '../../bot/runtime/keys.js';
import type { Config } from '../../core/config.js';
import { createLogger } from '../../core/logger.js';
import { createRedis } from '../../core/redis.js';
import { testConfig } from '../../test/support.js';
import { startProcess, type RunningProcess } from '../start-process.js';
import { waitUntil } from './whatsapp-officer.js';

/**
 * The whole product as `npm start` runs it, in this test process, for the officers'
 * end-to-end tests: channels, officer desk, delivery and workers, telegraf against the
 * fake Bot API `api`, a whatsapp-web.js client from `whatsapp` that is paired and
 * ready, state under `dataDir`.
 */
export async function startOfficerApp(
  api: FakeBotApi,
  whatsapp: ReturnType<typeof fakeClientFactory>,
  dataDir: string,
): Promise<{ config: Config; running: RunningProcess }> {
  const config = testConfig({
    PORT: '0',
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    TELEGRAM_BOT_TOKEN: api.token,
    TELEGRAM_API_ROOT: api.apiRoot,
    WHATSAPP_ENABLED: 'true',
    // The real throttles, opened up: one message a second per chat would make a
    // twenty-question intake take twenty seconds and prove nothing more.
    DELIVERY_TELEGRAM_PER_SECOND: '200',
    DELIVERY_TELEGRAM_PER_CHAT_PER_SECOND: '100',
    DELIVERY_WHATSAPP_PER_SECOND: '100',
  });
  // Every test process leases tickets from its own counter (its own REDIS_PREFIX),
  // all re-seeded from the same shared table: two files starting together would hand
  // out the same tickets, and the intake keeps the first report of a ticket. A random
  // start in the upper half of the serial space keeps this file's tickets its own.
  const redis = createRedis(config.REDIS_URL);
  await redis.set(ticketCounterKey(config.REDIS_PREFIX), String(randomInt(2 ** 29, 2 ** 29 + 2 ** 28)), 'NX');
  await redis.quit();

  const running = await startProcess(config, 'all', createLogger({ level: 'silent' }), { whatsappClient: whatsapp.create });
  await waitUntil(() => (whatsapp.clients.length > 0 ? true : undefined), 'the WhatsApp client to be created');
  // The phone is paired: whatsapp-web.js says so with `ready`.
  whatsapp.latest().emit('ready');
  return { config, running };
}
