import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { citizen } from '../bot/channels/telegram/test-support/citizen.js';
import { startFakeBotApi, type FakeBotApi } from '../bot/channels/telegram/test-support/fake-bot-api.js';
import { createLogger } from '../core/logger.js';
import { createRedis } from '../core/redis.js';
import { testConfig } from '../test/support.js';
import { openIntakeQueue, submitReport } from '../worker/submit-report.js';
import { sampleReport } from '../worker/test-support/sample-reports.js';
import { startProcess, type RunningProcess } from './start-process.js';

/**
 * `npm start` with a Telegram token, wired as in production: the real telegraf
 * client polling a fake Bot API (the only fake), replies and notifications leaving
 * through the delivery outbox and its worker, reports written by the intake worker.
 */
describe('npm start with TELEGRAM_BOT_TOKEN and TELEGRAM_API_ROOT', () => {
  let api: FakeBotApi;
  let running: RunningProcess;
  let config: ReturnType<typeof testConfig>;

  beforeAll(async () => {
    api = await startFakeBotApi();
    config = testConfig({ PORT: '0', HOST: '127.0.0.1', TELEGRAM_BOT_TOKEN: api.token, TELEGRAM_API_ROOT: api.apiRoot });
    running = await startProcess(config, 'all', createLogger({ level: 'silent' }));
  });
  afterAll(async () => {
    await running?.stop();
    await api?.close();
  });

  it('answers a citizen on Telegram through the delivery path', async () => {
    const budi = citizen(api, 7_001_000_001);
    await budi.say('/start');
    await api.waitFor(() => budi.received().length > 0, 10_000, 'a reply to /start');
    expect(budi.received()[0]!.text).toMatch(/LAPOR!/);

    const ready = (await (await fetch(`${running.address}/readyz`)).json()) as { checks: Record<string, string> };
    expect(ready.checks).toMatchObject({ postgres: 'ok', redis: 'ok', telegram: 'ok' });
  });

  it('tells the citizen on their own channel once the report is stored', async () => {
    const chatId = 7_001_000_002;
    const report = { ...sampleReport({ serial: 9_200_001, villageCode: '21.71.07.1004', category: 'infrastruktur' }), channel: 'telegram' as const, chatRef: String(chatId) };
    const redis = createRedis(config.REDIS_URL);
    const queue = openIntakeQueue(redis, config.REDIS_PREFIX);
    await submitReport(queue, report);
    await queue.close();
    await redis.quit();

    const budi = citizen(api, chatId);
    await api.waitFor(() => budi.received().length > 0, 20_000, 'the report-recorded notice');
    const notice = budi.received()[0]!.text;
    expect(notice).toContain(report.ticket);
    expect(notice).toMatch(/tercatat/);

    // The fate is recorded just after the Bot API answered; give it a moment.
    const record = () =>
      running.database.db
        .selectFrom('outbound_messages')
        .select(['status', 'ticket', 'channel'])
        .where('ticket', '=', report.ticket)
        .executeTakeFirstOrThrow();
    await expect.poll(record, { timeout: 5_000 }).toEqual({ status: 'sent', ticket: report.ticket, channel: 'telegram' });
  });
});
