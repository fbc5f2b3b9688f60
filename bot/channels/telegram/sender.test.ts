import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SendError } from '../../delivery/send-errors.js';
import type { OutboundMessage } from '../channel.js';
import { createTelegramSender } from './sender.js';
import { slidingWindowLimit, startFakeBotApi, type FakeBotApi } from './test-support/fake-bot-api.js';

const message = (chatRef: string, text = 'Laporan Anda kami terima.'): OutboundMessage => ({ channel: 'telegram', chatRef, text });

async function sendError(promise: Promise<unknown>): Promise<SendError> {
  const err = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(SendError);
  return err as SendError;
}

describe('telegram sender against the fake Bot API', () => {
  let api: FakeBotApi;
  beforeAll(async () => {
    api = await startFakeBotApi();
  });
  afterAll(() => api.close());
  const sender = () => createTelegramSender({ token: api.token, apiRoot: api.apiRoot });

  it('sends plain text with an inline keyboard and returns the message id', async () => {
    const receipt = await sender().send({
      channel: 'telegram',
      chatRef: '5012345678',
      text: 'Jenis laporan? *tebal* <b>x</b>',
      buttons: [[{ label: 'Pengaduan', data: 'pengaduan' }], [{ label: 'Aspirasi', data: 'aspirasi' }]],
    });
    const sent = api.sent.at(-1)!;
    expect(receipt).toEqual({ providerMessageId: String(sent.message_id) });
    expect(sent).toMatchObject({
      chat_id: '5012345678',
      text: 'Jenis laporan? *tebal* <b>x</b>',
      parse_mode: undefined,
      reply_markup: {
        inline_keyboard: [[{ text: 'Pengaduan', callback_data: 'pengaduan' }], [{ text: 'Aspirasi', callback_data: 'aspirasi' }]],
      },
    });
  });

  it('turns 429 into throttled with retry_after in milliseconds', async () => {
    api.failNext('sendMessage', { error_code: 429, description: 'Too Many Requests: retry after 7', parameters: { retry_after: 7 } });
    const err = await sendError(sender().send(message('5012345678')));
    expect(err).toMatchObject({ kind: 'throttled', retryAfterMs: 7000, retryable: true });
  });

  it('honours the injectable rate-limit policy (1 message a second per chat)', async () => {
    api.setRateLimit(slidingWindowLimit({ perSecond: 30, perChatPerSecond: 1 }));
    try {
      await sender().send(message('777'));
      const err = await sendError(sender().send(message('777')));
      expect(err).toMatchObject({ kind: 'throttled', retryAfterMs: 1000 });
      await sender().send(message('778'));
    } finally {
      api.setRateLimit(null);
    }
  });

  it('turns 403 "bot was blocked by the user" into recipient_gone', async () => {
    api.blockChat('6000000001');
    const err = await sendError(sender().send(message('6000000001')));
    expect(err).toMatchObject({ kind: 'recipient_gone', retryable: false });
    expect(err.message).toContain('bot was blocked by the user');
  });

  it('turns 400 "chat not found" into recipient_gone and other 400s into rejected', async () => {
    api.failNext('sendMessage', { error_code: 400, description: 'Bad Request: chat not found' });
    expect(await sendError(sender().send(message('1')))).toMatchObject({ kind: 'recipient_gone' });
    expect(await sendError(sender().send(message('1', 'x'.repeat(4097))))).toMatchObject({
      kind: 'rejected',
      message: expect.stringContaining('message is too long'),
    });
  });

  it('sends a photo and a document by file_id, as JSON, with the caption; returns the message id', async () => {
    api.addFile('AgACAgUAAxkBAAIBphoto', Buffer.from('jpeg'));
    api.addFile('BQACAgUAAxkBAAIBdoc', Buffer.from('%PDF'));
    const calls = api.calls.length;
    const photo = await sender().send({ ...message('5012345678', 'LPR-7K3QX9M lampiran 1/2'), media: { kind: 'photo', fileRef: 'AgACAgUAAxkBAAIBphoto' } });
    const document = await sender().send({ ...message('5012345678', 'LPR-7K3QX9M lampiran 2/2'), media: { kind: 'document', fileRef: 'BQACAgUAAxkBAAIBdoc' } });
    expect(api.calls.slice(calls).map((c) => [c.method, c.params])).toEqual([
      ['sendPhoto', { chat_id: '5012345678', photo: 'AgACAgUAAxkBAAIBphoto', caption: 'LPR-7K3QX9M lampiran 1/2' }],
      ['sendDocument', { chat_id: '5012345678', document: 'BQACAgUAAxkBAAIBdoc', caption: 'LPR-7K3QX9M lampiran 2/2' }],
    ]);
    expect([photo, document]).toEqual(api.sent.slice(-2).map((m) => ({ providerMessageId: String(m.message_id) })));
  });

  it('turns a file_id the bot does not know into rejected (Telegram\'s 400 "wrong file identifier")', async () => {
    const err = await sendError(sender().send({ ...message('5012345678', 'LPR-7K3QX9M lampiran 1/1'), media: { kind: 'photo', fileRef: 'AgACunknown' } }));
    expect(err).toMatchObject({ kind: 'rejected', retryable: false });
    expect(err.message).toBe('Telegram 400: Bad Request: wrong file identifier/HTTP URL specified');
  });

  it('turns a wrong token into unauthorized', async () => {
    const wrong = createTelegramSender({ token: '999:wrong', apiRoot: api.apiRoot });
    expect(await sendError(wrong.send(message('1')))).toMatchObject({ kind: 'unauthorized', retryable: false });
  });

  it('turns 5xx into transient', async () => {
    api.failNext('sendMessage', { error_code: 502, description: 'Bad Gateway' });
    expect(await sendError(sender().send(message('1')))).toMatchObject({ kind: 'transient', retryable: true });
  });

  it('turns a refused connection into transient', async () => {
    // A port that was just free: nothing listens there any more.
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const { port } = probe.address() as AddressInfo;
    await new Promise<void>((resolve) => probe.close(() => resolve()));
    const offline = createTelegramSender({ token: api.token, apiRoot: `http://127.0.0.1:${port}` });
    expect(await sendError(offline.send(message('1')))).toMatchObject({ kind: 'transient' });
  });
});
