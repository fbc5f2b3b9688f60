import { readFileSync } from 'node:fs';
import Fastify, { type FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { buildHttpServer } from '../../../app/http/server.js';
import { createLogger } from '../../../core/logger.js';
import type { DatabaseHandle } from '../../../db/connect.js';
import { openTestDatabase } from '../../../test/support.js';
import { BotRuntimeError } from '../../runtime/errors.js';
import { testRuntime, type TestRuntime } from '../../runtime/fixtures/test-runtime.js';
import { chatId, chatKey } from '../../runtime/keys.js';
import { createSmsAdapter } from './adapter.js';
import { createSmsChannel } from './start-sms.js';
import { startFakeGateway, type FakeGateway } from './test-support/fake-gateway.js';
import { formFields, hmacJsonPost, twilioPost } from './test-support/signed-requests.js';
import { registerSmsRoutes } from './webhook.js';

const SECRET = 'twilio-auth-token-uji';
const logger = createLogger({ level: 'silent' });
const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');

describe('SMS webhooks on the real HTTP server', () => {
  let database: DatabaseHandle;
  let gateway: FakeGateway;
  let bot: TestRuntime;
  let app: FastifyInstance;
  let base: string;
  let sequence = 0;

  beforeAll(async () => {
    database = await openTestDatabase();
    gateway = await startFakeGateway();
  });
  afterAll(async () => {
    await gateway.close();
    await database.close();
  });

  // A fresh runtime (own Redis corner) and server per test: test-runtime closes its
  // Redis clients when each test ends.
  beforeEach(async () => {
    bot = await testRuntime('sms-webhook');
    gateway.requests.length = 0;
    const channel = createSmsChannel({
      config: { SMS_GATEWAY_URL: gateway.url, SMS_WEBHOOK_SECRET: SECRET },
      runtime: bot.runtime,
      db: database.db,
      logger,
    });
    app = await buildHttpServer({ db: database.db, redis: bot.redis, queues: [], logger, routes: channel.routes });
    base = await app.listen({ host: '127.0.0.1', port: 0 });
    return () => app.close();
  });

  // Each test writes from its own number, so Redis state is easy to look at.
  const nextPhone = () => `+62813770${String(++sequence).padStart(5, '0')}`;
  const session = (phone: string) => bot.redis.hget(chatKey(bot.prefix, chatId('sms', phone)), 's');
  const post = (path: string, request: { headers: Record<string, string>; body: string }) =>
    fetch(`${base}${path}`, { method: 'POST', headers: request.headers, body: request.body });
  const inboundUrl = () => `${base}/channels/sms/inbound`;

  it('handles a Twilio-signed message, answers empty TwiML and sends the reply through the gateway', async () => {
    const phone = nextPhone();
    const fields = formFields(fixture('twilio-lapor.form'), { From: phone, MessageSid: `SMa${sequence}` });
    const response = await post('/channels/sms/inbound', twilioPost(SECRET, inboundUrl(), fields));

    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/xml/);
    expect(await response.text()).toBe('<?xml version="1.0" encoding="UTF-8"?><Response/>');
    expect(JSON.parse((await session(phone))!).log).toEqual([fields.Body]);
    expect(gateway.requests.map((r) => r.form)).toEqual([{ To: phone, Body: `#1 ${fields.Body}` }]);
  });

  it('handles a redelivered MessageSid once', async () => {
    const phone = nextPhone();
    const fields = formFields(fixture('twilio-number.form'), { From: phone, MessageSid: `SMdup${sequence}` });
    for (let i = 0; i < 3; i += 1) {
      expect((await post('/channels/sms/inbound', twilioPost(SECRET, inboundUrl(), fields))).status).toBe(200);
    }
    expect(JSON.parse((await session(phone))!).log).toEqual(['1']);
    expect(gateway.requests).toHaveLength(1);
  });

  const refusals = [
    { label: 'no credentials at all', status: 401, sign: (f: Record<string, string>) => ({ ...twilioPost(SECRET, inboundUrl(), f), headers: { 'content-type': 'application/x-www-form-urlencoded' } }) },
    { label: 'a signature made with another token', status: 403, sign: (f: Record<string, string>) => twilioPost('not-the-token', inboundUrl(), f) },
    { label: 'a signature for another URL', status: 403, sign: (f: Record<string, string>) => twilioPost(SECRET, 'https://evil.example/channels/sms/inbound', f) },
    {
      label: 'a body changed after signing',
      status: 403,
      sign: (f: Record<string, string>) => {
        const signed = twilioPost(SECRET, inboundUrl(), f);
        return { ...signed, body: signed.body.replace('Body=1', 'Body=2') };
      },
    },
    { label: 'a wrong shared secret', status: 403, sign: (f: Record<string, string>) => ({ headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-sms-secret': 'tebakan' }, body: new URLSearchParams(f).toString() }) },
  ];

  for (const row of refusals) {
    it(`refuses ${row.label} with ${row.status} and changes nothing`, async () => {
      const phone = nextPhone();
      const fields = formFields(fixture('twilio-number.form'), { From: phone, MessageSid: `SMno${sequence}` });
      const response = await post('/channels/sms/inbound', row.sign(fields));
      expect(response.status).toBe(row.status);
      expect(await session(phone)).toBeNull();
      expect(gateway.requests).toHaveLength(0);
      // The same message, properly signed, is still new to the runtime: the refusal recorded nothing.
      expect((await post('/channels/sms/inbound', twilioPost(SECRET, inboundUrl(), fields))).status).toBe(200);
      expect(JSON.parse((await session(phone))!).log).toEqual(['1']);
    });
  }

  it('accepts the JSON variant with the shared-secret header or an HMAC-SHA256 body signature', async () => {
    const phone = nextPhone();
    const payload = { ...JSON.parse(fixture('json-text.json')), from: phone };
    const bySecret = await post('/channels/sms/inbound', {
      headers: { 'content-type': 'application/json', 'x-sms-secret': SECRET },
      body: JSON.stringify(payload),
    });
    expect(bySecret.status).toBe(200);
    expect(await bySecret.json()).toEqual({ ok: true });

    const byHmac = await post('/channels/sms/inbound', hmacJsonPost(SECRET, { ...payload, id: 'gw-2', text: 'kedua' }));
    expect(byHmac.status).toBe(200);
    expect(JSON.parse((await session(phone))!).log).toEqual([payload.text, 'kedua']);

    const forged = hmacJsonPost('bukan-rahasia', { ...payload, id: 'gw-3', text: 'palsu' });
    expect((await post('/channels/sms/inbound', forged)).status).toBe(403);
    expect(JSON.parse((await session(phone))!).log).toEqual([payload.text, 'kedua']);
  });

  it('checks a Twilio signature made for the public https URL a proxy forwarded', async () => {
    const phone = nextPhone();
    const fields = formFields(fixture('twilio-number.form'), { From: phone, MessageSid: `SMproxy${sequence}` });
    const signed = twilioPost(SECRET, 'https://lapor.example.go.id/channels/sms/inbound', fields);
    const response = await post('/channels/sms/inbound', {
      headers: { ...signed.headers, 'x-forwarded-proto': 'https', 'x-forwarded-host': 'lapor.example.go.id' },
      body: signed.body,
    });
    expect(response.status).toBe(200);
    expect(await session(phone)).not.toBeNull();
  });

  it('acknowledges an empty SMS without handing it to the runtime', async () => {
    const phone = nextPhone();
    const fields = formFields(fixture('twilio-empty.form'), { From: phone });
    expect((await post('/channels/sms/inbound', twilioPost(SECRET, inboundUrl(), fields))).status).toBe(200);
    expect(await session(phone)).toBeNull();
    expect(gateway.requests).toHaveLength(0);
  });

  it('answers 400 to an authenticated body that is not an SMS', async () => {
    const response = await post('/channels/sms/inbound', hmacJsonPost(SECRET, JSON.parse(fixture('json-no-sender.json'))));
    expect(response.status).toBe(400);
    const notJson = await post('/channels/sms/inbound', { headers: { 'content-type': 'application/json', 'x-sms-secret': SECRET }, body: '[1,2' });
    expect(notJson.status).toBe(400);
  });

  describe('delivery receipts', () => {
    const statusUrl = () => `${base}/channels/sms/status`;
    const receipts = (id: string) =>
      sql<{ status: string; error_code: string | null }>`
        select status, error_code from sms_delivery_receipts where provider_message_id = ${id} order by id`
        .execute(database.db)
        .then((r) => r.rows);

    it('records Twilio receipts by MessageSid, once per status, and refuses unsigned ones', async () => {
      const delivered = formFields(fixture('twilio-status-delivered.form'));
      const sid = delivered.MessageSid!;
      const unsigned = await post('/channels/sms/status', { headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(delivered).toString() });
      expect(unsigned.status).toBe(401);
      expect(await receipts(sid)).toEqual([]);

      const sent = { ...delivered, MessageStatus: 'sent', SmsStatus: 'sent' };
      expect((await post('/channels/sms/status', twilioPost(SECRET, statusUrl(), sent))).status).toBe(200);
      expect((await post('/channels/sms/status', twilioPost(SECRET, statusUrl(), delivered))).status).toBe(200);
      expect((await post('/channels/sms/status', twilioPost(SECRET, statusUrl(), delivered))).status).toBe(200);
      expect(await receipts(sid)).toEqual([
        { status: 'sent', error_code: null },
        { status: 'delivered', error_code: null },
      ]);
    });

    it('keeps the error code of an undelivered SMS, from Twilio or the JSON variant', async () => {
      const undelivered = formFields(fixture('twilio-status-undelivered.form'));
      expect((await post('/channels/sms/status', twilioPost(SECRET, statusUrl(), undelivered))).status).toBe(200);
      expect(await receipts(undelivered.MessageSid!)).toEqual([{ status: 'undelivered', error_code: '30003' }]);

      const json = JSON.parse(fixture('json-status.json'));
      expect((await post('/channels/sms/status', hmacJsonPost(SECRET, json))).status).toBe(200);
      expect(await receipts(json.id)).toEqual([{ status: 'failed', error_code: '30005' }]);
    });

    it('marks the outbound message failed when its SMS was not delivered, and leaves a delivered one sent', async () => {
      const outbound = (id: string, sid: string) =>
        sql`insert into outbound_messages (id, channel, chat_ref, text, status, attempts, provider_message_id, sent_at)
            values (${id}, 'sms', '+6281377001122', 'Laporan diterima', 'sent', 1, ${sid}, now())`.execute(database.db);
      const fate = (id: string) =>
        sql<{ status: string; last_error: string | null }>`select status, last_error from outbound_messages where id = ${id}`
          .execute(database.db)
          .then((r) => r.rows[0]);
      await outbound('dlv-lost', 'SMlost0001');
      await outbound('dlv-ok', 'SMok0001');
      const base = formFields(fixture('twilio-status-undelivered.form'));
      const lost = { ...base, MessageSid: 'SMlost0001', SmsSid: 'SMlost0001' };
      const ok = { ...base, MessageSid: 'SMok0001', SmsSid: 'SMok0001', MessageStatus: 'delivered', SmsStatus: 'delivered' };
      delete (ok as Record<string, string>).ErrorCode;
      expect((await post('/channels/sms/status', twilioPost(SECRET, statusUrl(), lost))).status).toBe(200);
      expect((await post('/channels/sms/status', twilioPost(SECRET, statusUrl(), ok))).status).toBe(200);
      expect(await fate('dlv-lost')).toEqual({ status: 'failed', last_error: 'gateway receipt: undelivered (error 30003)' });
      expect(await fate('dlv-ok')).toEqual({ status: 'sent', last_error: null });
    });

    it('answers 400 to an unknown status', async () => {
      const response = await post('/channels/sms/status', hmacJsonPost(SECRET, { id: 'x', status: 'exploded' }));
      expect(response.status).toBe(400);
      expect(await receipts('x')).toEqual([]);
    });
  });
});

describe('SMS webhook when the runtime cannot take a message', () => {
  it('answers 503 so the gateway delivers it again, and sends nothing', async () => {
    const delivered: unknown[] = [];
    const app = Fastify();
    await registerSmsRoutes(app, {
      adapter: createSmsAdapter(),
      runtime: { handleInbound: async () => Promise.reject(new BotRuntimeError('CHAT_BUSY', 'locked')) },
      deliver: async (messages) => void delivered.push(...messages),
      secret: SECRET,
      recordReceipt: async () => {},
      logger,
    });
    const response = await app.inject({
      method: 'POST',
      url: '/channels/sms/inbound',
      ...hmacJsonPost(SECRET, JSON.parse(fixture('json-text.json'))),
    });
    expect(response.statusCode).toBe(503);
    expect(delivered).toEqual([]);
    await app.close();
  });
});
