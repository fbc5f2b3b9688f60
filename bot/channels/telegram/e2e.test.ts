import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEngine, defaultCategories, loadGazetteer } from '../../../conversations/index.js';
import type { InboundEnvelope } from '../../../conversations/contract.js';
import type { Config } from '../../../core/config.js';
import { createLogger } from '../../../core/logger.js';
import type { DatabaseHandle } from '../../../db/connect.js';
import { openTestDatabase, testConfig } from '../../../test/support.js';
import { startIntakeWorker, type IntakeWorker } from '../../../worker/intake-worker.js';
import { BotRuntimeError, openBotRuntime, type BotRuntime, type OpenedBotRuntime } from '../../runtime/index.js';
import { chatId, chatKey } from '../../runtime/keys.js';
import { attachmentBasePath } from './attachments.js';
import { startTelegramChannel, type TelegramChannel } from './start-telegram.js';
import { citizen } from './test-support/citizen.js';
import { startFakeBotApi, type FakeBotApi } from './test-support/fake-bot-api.js';
import { SECRET_HEADER } from './webhook-route.js';

/**
 * The Telegram channel end to end: the real telegraf client polling a fake Bot API,
 * the real runtime and engine on real Redis, the real intake worker writing to the
 * test PostgreSQL. A second channel runs in webhook mode on a fastify server.
 */

interface Example {
  now: string;
  first: string;
  answers: Record<string, string>;
}
const example = JSON.parse(
  readFileSync(new URL('../../../../shared/conversations/01-telegram-road-batam.json', import.meta.url), 'utf8'),
) as Example;

const logger = createLogger({ level: 'silent' });
let config: Config;
let database: DatabaseHandle;
let opened: OpenedBotRuntime;
let worker: IntakeWorker;
let dataDir: string;

/** Chats whose next N messages the runtime refuses, as when Redis is down or the chat is busy. */
const refuse = new Map<string, number>();
const runtime: Pick<BotRuntime, 'handleInbound'> = {
  handleInbound(envelope: InboundEnvelope) {
    const left = refuse.get(envelope.chatRef) ?? 0;
    if (left > 0) {
      refuse.set(envelope.chatRef, left - 1);
      return Promise.reject(new BotRuntimeError('CHAT_BUSY', 'chat is locked by another process'));
    }
    return opened.runtime.handleInbound(envelope);
  },
};

async function step(chatRef: string): Promise<string | null> {
  const saved = await opened.redis.hget(chatKey(config.REDIS_PREFIX, chatId('telegram', chatRef)), 's');
  return saved ? String((JSON.parse(saved) as { step?: unknown }).step) : null;
}

async function waitForReport(ticket: string) {
  for (const until = Date.now() + 20_000; Date.now() < until; ) {
    const { rows } = await sql<Record<string, unknown>>`
      select r.id, r.ticket, r.kind, r.category, r.village_code, r.incident_date::text as incident_date,
             r.anonim, r.rahasia, r.source_channel, r.chat_ref,
             p.name as reporter_name, p.nik as reporter_nik, p.phone as reporter_phone
      from reports r join reporters p on p.id = r.reporter_id where r.ticket = ${ticket}`.execute(database.db);
    if (rows[0]) return rows[0];
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`report ${ticket} never reached PostgreSQL`);
}

beforeAll(async () => {
  config = testConfig();
  database = await openTestDatabase();
  dataDir = mkdtempSync(join(tmpdir(), 'lapor-telegram-'));
  const engine = createEngine({ gazetteer: loadGazetteer(), categories: defaultCategories });
  // The example's relative dates ("2 hari lalu") are relative to its `now`.
  opened = await openBotRuntime(config, { engine, db: database.db, logger, clock: () => new Date(example.now) });
  worker = startIntakeWorker({
    db: database.db,
    connection: { url: config.REDIS_URL, maxRetriesPerRequest: null },
    redisPrefix: config.REDIS_PREFIX,
    logger,
  });
});

afterAll(async () => {
  await worker?.close();
  await opened?.close();
  await database?.close();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

describe('telegram channel, long polling', () => {
  let api: FakeBotApi;
  let channel: TelegramChannel;

  beforeAll(async () => {
    api = await startFakeBotApi();
    channel = await startTelegramChannel({
      token: api.token,
      apiRoot: api.apiRoot,
      runtime,
      logger,
      dataDir,
      pollingTimeoutSeconds: 1,
      retryDelayMs: 50,
    });
  });

  afterAll(async () => {
    await channel?.stop();
    await api?.close();
  });

  it('walks a citizen from /start to the ticket, pressing buttons, and the report lands in PostgreSQL', async () => {
    expect(channel.mode).toBe('polling');
    const budi = citizen(api, 5012345678);
    const photoIds = ['AgACAgUAAxkBAAIC-small-90x67', 'AgACAgUAAxkBAAIC-large-1280x960'];
    api.addFile(photoIds[1]!, Buffer.from('jpeg bytes of a pothole'), 'photos/file_7.jpg');

    await budi.say(example.first);
    const pressed: string[] = [];
    let photoSent = false;
    for (let guard = 0; ; guard += 1) {
      const open = await step(String(budi.chatId));
      if (open === null) break;
      expect(guard, `stuck at ${open}`).toBeLessThan(60);
      if (open === 'attachments' && !photoSent) {
        photoSent = true;
        await budi.sendPhoto(photoIds, 'Lubang di depan SD 005');
        continue;
      }
      const answer = example.answers[open === 'summary' || open === 'confirm_extracted' ? 'confirm' : open];
      if (answer === undefined) throw new Error(`the bot asked "${open}", which the example has no answer for`);
      const update = await budi.answer(answer);
      if ('callback_query' in update) pressed.push(open);
    }

    // Buttons were offered and pressed for the closed questions, and every press answered.
    expect(pressed).toEqual(expect.arrayContaining(['consent', 'kind']));
    const answeredQueries = api.calls.filter((c) => c.method === 'answerCallbackQuery').length;
    expect(answeredQueries).toBeGreaterThanOrEqual(pressed.length);
    // Nothing was sent with a parse mode, so nothing the citizen typed can become markup.
    expect(budi.received().every((m) => m.parse_mode === undefined)).toBe(true);

    const ticket = budi.received().map((m) => /LPR-[0-9A-Z]{6,12}/.exec(m.text)?.[0]).findLast(Boolean);
    expect(ticket, 'the bot told the citizen a ticket').toBeTruthy();
    const report = await waitForReport(ticket!);
    expect(report).toMatchObject({
      kind: 'pengaduan',
      category: 'infrastruktur',
      village_code: '21.71.07.1004',
      incident_date: '2026-11-18',
      anonim: false,
      rahasia: false,
      source_channel: 'telegram',
      chat_ref: '5012345678',
      reporter_name: 'Budi Santoso',
      reporter_nik: '2171070512900003',
      reporter_phone: '+6281266778899',
    });

    // The photo: its largest size's file id is in the report, its bytes in the attachment store.
    const { rows } = await sql<{ channel_file_ref: string; kind: string }>`
      select channel_file_ref, kind from attachments where report_id = ${report['id'] as string}`.execute(database.db);
    expect(rows).toEqual([{ channel_file_ref: photoIds[1], kind: 'photo' }]);
    const stored = `${attachmentBasePath(join(dataDir, 'attachments'), photoIds[1]!)}.jpg`;
    await api.waitFor(() => existsSync(stored), 5000, 'the photo download');
    await expect.poll(() => existsSync(stored) && readFileSync(stored, 'utf8')).toBe('jpeg bytes of a pothole');
  });

  it('handles an update delivered twice with the same update_id once', async () => {
    const siti = citizen(api, 5012345679);
    const first = await siti.say('/start');
    const answered = siti.received().length;
    expect(answered).toBeGreaterThan(0);

    // Telegram re-sends (same update_id) — twice in one batch and once more later.
    siti.push(first);
    siti.push(first);
    await siti.handled(first);
    siti.push(first);
    await siti.handled(first);
    expect(siti.received()).toHaveLength(answered);
  });

  it('answers an edited message politely and changes nothing', async () => {
    const andi = citizen(api, 5012345680);
    const start = await andi.say('/start');
    const before = await step(String(andi.chatId));
    const count = andi.received().length;
    await andi.edit(('message' in start ? start.message.message_id : 0), '/start lagi');
    expect(andi.received()).toHaveLength(count + 1);
    expect(andi.received().at(-1)?.text).toMatch(/pesan yang diedit tidak diproses.*kirim pesan baru/i);
    expect(await step(String(andi.chatId))).toBe(before);
  });

  it('leaves an update the runtime refused unacknowledged, and answers it when Telegram serves it again', async () => {
    const dewi = citizen(api, 5012345681);
    refuse.set(String(dewi.chatId), 2);
    const update = dewi.push({
      update_id: 810_999_001,
      message: {
        message_id: 9001,
        date: Math.floor(Date.now() / 1000),
        chat: { id: dewi.chatId, type: 'private', first_name: 'Dewi' },
        from: { id: dewi.chatId, is_bot: false, first_name: 'Dewi' },
        text: '/start',
        entities: [{ offset: 0, length: 6, type: 'bot_command' }],
      },
    } as never);
    await dewi.handled(update);
    expect(refuse.get(String(dewi.chatId))).toBe(0);
    // Served three times (refused, refused, handled), answered once.
    const served = api.calls.filter((c) => c.method === 'getUpdates').length;
    expect(served).toBeGreaterThan(3);
    expect(dewi.received().length).toBeGreaterThan(0);
    expect(await step(String(dewi.chatId))).not.toBeNull();
    expect(await channel.readiness()).toBeNull();
  });
});

describe('telegram channel, webhook mode', () => {
  const url = 'https://lapor.example.go.id/channels/telegram/webhook';
  const secret = 'lapor-webhook_s3cret';
  let api: FakeBotApi;
  let channel: TelegramChannel;
  let app: FastifyInstance;

  const textUpdate = (updateId: number, chat: number, text: string) => ({
    update_id: updateId,
    message: {
      message_id: updateId % 100_000,
      date: Math.floor(Date.now() / 1000),
      chat: { id: chat, type: 'private', first_name: 'Rina' },
      from: { id: chat, is_bot: false, first_name: 'Rina', language_code: 'id' },
      text,
      ...(text.startsWith('/') ? { entities: [{ offset: 0, length: text.split(' ')[0]!.length, type: 'bot_command' }] } : {}),
    },
  });
  const post = (body: unknown, headers: Record<string, string> = { [SECRET_HEADER]: secret }) =>
    app.inject({ method: 'POST', url: '/channels/telegram/webhook', payload: body as object, headers });

  beforeAll(async () => {
    api = await startFakeBotApi();
    channel = await startTelegramChannel({ token: api.token, apiRoot: api.apiRoot, runtime, logger, dataDir, webhook: { url, secret } });
    app = Fastify();
    await channel.routes(app);
    await app.ready();
  });

  afterAll(async () => {
    await app?.close();
    await channel?.stop();
    await api?.close();
  });

  it('sets the webhook with its secret_token and turns telegraf webhookReply off', () => {
    expect(channel.mode).toBe('webhook');
    expect(api.webhook).toEqual({ url, secret_token: secret });
    const call = api.calls.find((c) => c.method === 'setWebhook');
    expect(call?.params['allowed_updates']).toEqual(['message', 'edited_message', 'callback_query']);
    expect(channel.bot.telegram.webhookReply).toBe(false);
  });

  it('refuses calls without the right secret with 401 and changes nothing', async () => {
    const chat = 5012345690;
    for (const headers of [{}, { [SECRET_HEADER]: 'wrong' }, { [SECRET_HEADER]: `${secret}x` }] as Record<string, string>[]) {
      const response = await post(textUpdate(820_000_001, chat, '/start'), headers);
      expect(response.statusCode).toBe(401);
    }
    expect(api.sent.filter((m) => m.chat_id === String(chat))).toEqual([]);
    expect(await step(String(chat))).toBeNull();
    // The update id was not burnt: the authentic delivery of the same update is handled.
    const response = await post(textUpdate(820_000_001, chat, '/start'));
    expect(response.statusCode).toBe(200);
    expect(api.sent.filter((m) => m.chat_id === String(chat)).length).toBeGreaterThan(0);
    expect(await step(String(chat))).not.toBeNull();
  });

  it('answers 200 only once handled, and 500 when the runtime refuses so Telegram sends it again', async () => {
    const chat = 5012345691;
    refuse.set(String(chat), 1);
    const refused = await post(textUpdate(820_000_010, chat, '/start'));
    expect(refused.statusCode).toBe(500);
    expect(api.sent.filter((m) => m.chat_id === String(chat))).toEqual([]);

    const again = await post(textUpdate(820_000_010, chat, '/start'));
    expect(again.statusCode).toBe(200);
    const answered = api.sent.filter((m) => m.chat_id === String(chat)).length;
    expect(answered).toBeGreaterThan(0);

    // A third delivery of the same update_id is acknowledged and answers nothing.
    expect((await post(textUpdate(820_000_010, chat, '/start'))).statusCode).toBe(200);
    expect(api.sent.filter((m) => m.chat_id === String(chat))).toHaveLength(answered);
  });

  it('refuses a body that is not an update with 400', async () => {
    expect((await post({ hello: 'world' })).statusCode).toBe(400);
  });
});
