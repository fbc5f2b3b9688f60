import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openE2eStack, type E2eStack } from '../sms/test-support/e2e-stack.js';
import { readExample, walkExample } from '../sms/test-support/example-walk.js';
import { startWhatsAppChannel, type WhatsAppChannel } from './start-whatsapp.js';
import { fakeClientFactory, textMessage } from './test-support/fake-client.js';

const example = readExample('02-whatsapp-nik-retries-anonim.json');

describe(`WhatsApp end to end: ${example.title}`, () => {
  let stack: E2eStack;
  let channel: WhatsAppChannel;
  let dataDir: string;
  const factory = fakeClientFactory();

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'lapor-wa-e2e-'));
    stack = await openE2eStack({ clock: () => new Date(example.now) });
    channel = await startWhatsAppChannel({
      runtime: stack.bot.runtime,
      logger: stack.logger,
      dataDir,
      createClient: factory.create,
      printQr: () => {},
    });
    factory.latest().emit('ready');
  });
  afterAll(async () => {
    await channel?.stop();
    await stack?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('walks the citizen through two NIK mistakes to an anonymous report stored with the WhatsApp number', async () => {
    const client = factory.latest();
    let sequence = 0;
    let lastId = '';
    const asked = await walkExample(example, {
      async send(text) {
        sequence += 1;
        lastId = `3EB0E2E${String(sequence).padStart(13, '0')}`;
        client.emit('message', textMessage(example.from, text, lastId));
        await channel.idle();
      },
      step: () => stack.step('whatsapp', example.from),
    });
    expect(asked.nik).toBe(3);

    const replies = client.sent.map((s) => s.content);
    expect(client.sent.every((s) => s.chatId === example.from)).toBe(true);
    const ticket = /LPR-[0-9A-HJKMNP-TV-Z]{6,12}/.exec(replies.at(-1) ?? '')?.[0];
    expect(ticket, `last reply: ${replies.at(-1)}`).toBeDefined();

    // WhatsApp may hand the last message over again (a reconnect replays recent ones): handled once.
    const sentBefore = client.sent.length;
    client.emit('message', textMessage(example.from, String(example.answers.confirm), lastId));
    await channel.idle();
    expect(client.sent.length).toBe(sentBefore);

    const report = await stack.waitForReport(ticket!);
    expect(report).toMatchObject({
      kind: 'pengaduan',
      category: 'kesehatan',
      village_code: '21.04.02.1010',
      incident_date: '2026-11-16',
      anonim: true,
      rahasia: false,
      source_channel: 'whatsapp',
      chat_ref: '6285211223344@c.us',
      reporter_name: 'Siti Rahmawati',
      reporter_nik: '2104025208850001',
      reporter_phone: '+6285211223344',
    });
  });
});
