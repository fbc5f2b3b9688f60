import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildHttpServer } from '../../../app/http/server.js';
import { fitsOneSms } from '../../../conversations/sms/gsm7.js';
import { createSmsChannel } from './start-sms.js';
import { openE2eStack, type E2eStack } from './test-support/e2e-stack.js';
import { readExample, walkExample } from './test-support/example-walk.js';
import { startFakeGateway, type FakeGateway } from './test-support/fake-gateway.js';
import { twilioPost } from './test-support/signed-requests.js';

const SECRET = 'twilio-auth-token-e2e';
const example = readExample('03-sms-lapor-info-request.json');

describe(`SMS end to end: ${example.title}`, () => {
  let stack: E2eStack;
  let gateway: FakeGateway;
  let app: FastifyInstance;
  let base: string;

  beforeAll(async () => {
    stack = await openE2eStack({ clock: () => new Date(example.now) });
    gateway = await startFakeGateway();
    const channel = createSmsChannel({
      config: { SMS_GATEWAY_URL: gateway.url, SMS_WEBHOOK_SECRET: SECRET },
      runtime: stack.bot.runtime,
      db: stack.database.db,
      logger: stack.logger,
    });
    app = await buildHttpServer({ db: stack.database.db, redis: stack.bot.redis, queues: [], logger: stack.logger, routes: channel.routes });
    base = await app.listen({ host: '127.0.0.1', port: 0 });
  });
  afterAll(async () => {
    await app?.close();
    await gateway?.close();
    await stack?.close();
  });

  it('takes the citizen from "LAPOR …" to a ticket, every reply one SMS, and stores the report', async () => {
    let sequence = 0;
    const phone = example.from;
    await walkExample(example, {
      async send(text) {
        sequence += 1;
        const fields = {
          ToCountry: 'ID',
          SmsMessageSid: `SMe2e${sequence}`,
          NumMedia: '0',
          SmsSid: `SMe2e${sequence}`,
          SmsStatus: 'received',
          Body: text,
          FromCountry: 'ID',
          To: '+6281100001708',
          NumSegments: '1',
          MessageSid: `SMe2e${sequence}`,
          AccountSid: 'AC3f9a1c2b7d4e5f60718293a4b5c6d7e8',
          From: phone,
          ApiVersion: '2010-04-01',
        };
        const signed = twilioPost(SECRET, `${base}/channels/sms/inbound`, fields);
        const response = await fetch(`${base}/channels/sms/inbound`, { method: 'POST', headers: signed.headers, body: signed.body });
        expect(response.status, `answer to ${JSON.stringify(text)}`).toBe(200);
      },
      step: () => stack.step('sms', phone),
    });

    const sent = gateway.requests.map((r) => r.form);
    expect(sent.length).toBeGreaterThan(10);
    for (const message of sent) {
      expect(message.To).toBe(phone);
      expect(fitsOneSms(message.Body!), message.Body).toBe(true);
      // The engine packs its prompts to fit; nothing needed cutting into parts.
      expect(message.Body).not.toMatch(/^\(\d+\/\d+\) /);
    }

    const ticket = /LPR-[0-9A-HJKMNP-TV-Z]{6,12}/.exec(sent.at(-1)?.Body ?? '')?.[0];
    expect(ticket, `last SMS: ${sent.at(-1)?.Body}`).toBeDefined();
    const report = await stack.waitForReport(ticket!);
    expect(report).toMatchObject({
      kind: 'permintaan_informasi',
      category: 'administrasi kependudukan',
      village_code: '64.71.01.1001',
      source_channel: 'sms',
      chat_ref: phone,
      reporter_name: 'Agus Salim',
      reporter_nik: '6471010101800002',
      reporter_phone: phone,
    });
    expect(report.body).toContain('akta kelahiran');
  });
});
