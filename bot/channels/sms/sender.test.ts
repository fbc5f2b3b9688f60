import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SendError } from '../../delivery/send-errors.js';
import { createSmsSender } from './sender.js';
import { startFakeGateway, type FakeGateway } from './test-support/fake-gateway.js';

const message = { channel: 'sms' as const, chatRef: '+6281377001122', text: 'Laporan Anda diterima. Nomor: LPR-7K3QX9' };

describe('SMS sender against a local fake gateway', () => {
  let gateway: FakeGateway;
  beforeEach(async () => {
    gateway = await startFakeGateway();
  });
  afterEach(async () => {
    await gateway.close();
  });

  it('posts To, Body, From and StatusCallback as a form, with URL credentials as basic auth', async () => {
    const url = new URL(gateway.url);
    url.username = 'ACtest';
    url.password = 'rahasia token';
    const sender = createSmsSender({
      gatewayUrl: url.toString(),
      from: '1708',
      statusCallbackUrl: 'https://lapor.example.go.id/channels/sms/status',
    });
    const receipt = await sender.send(message);

    expect(receipt).toEqual({ providerMessageId: 'SMfake1' });
    expect(gateway.requests).toHaveLength(1);
    const [request] = gateway.requests;
    expect(request).toMatchObject({ method: 'POST', path: '/2010-04-01/Accounts/ACtest/Messages.json' });
    expect(request?.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(request?.headers.authorization).toBe(`Basic ${Buffer.from('ACtest:rahasia token').toString('base64')}`);
    expect(request?.form).toEqual({
      To: '+6281377001122',
      Body: message.text,
      From: '1708',
      StatusCallback: 'https://lapor.example.go.id/channels/sms/status',
    });
  });

  it('sends only To and Body when nothing else is configured, and takes `id` as the provider id', async () => {
    gateway.answer = () => ({ status: 200, body: { id: 'gw-out-1' } });
    const receipt = await createSmsSender({ gatewayUrl: gateway.url }).send(message);
    expect(receipt.providerMessageId).toBe('gw-out-1');
    expect(gateway.requests[0]?.form).toEqual({ To: message.chatRef, Body: message.text });
    expect(gateway.requests[0]?.headers.authorization).toBeUndefined();
  });

  const failures = [
    { label: '429 with Retry-After', answer: { status: 429, headers: { 'retry-after': '7' } }, kind: 'throttled', retryAfterMs: 7000 },
    { label: '429 without Retry-After', answer: { status: 429 }, kind: 'throttled', retryAfterMs: 1000 },
    { label: '500', answer: { status: 500 }, kind: 'transient' },
    { label: '503', answer: { status: 503 }, kind: 'transient' },
    { label: '401', answer: { status: 401, body: { code: 20003, message: 'Authenticate' } }, kind: 'unauthorized' },
    { label: '403', answer: { status: 403 }, kind: 'unauthorized' },
    { label: '400', answer: { status: 400, body: { code: 21211, message: "The 'To' number is not valid" } }, kind: 'rejected' },
    { label: 'Twilio 21610 (the citizen sent STOP)', answer: { status: 400, body: { code: 21610 } }, kind: 'recipient_gone' },
  ] as const;

  for (const row of failures) {
    it(`classifies ${row.label} as ${row.kind}`, async () => {
      gateway.answer = () => row.answer;
      const error = await createSmsSender({ gatewayUrl: gateway.url }).send(message).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(SendError);
      expect((error as SendError).kind).toBe(row.kind);
      if ('retryAfterMs' in row) expect((error as SendError).retryAfterMs).toBe(row.retryAfterMs);
    });
  }

  it('classifies a refused connection as transient', async () => {
    const url = gateway.url;
    await gateway.close();
    const error = await createSmsSender({ gatewayUrl: url }).send(message).catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: 'transient', retryable: true });
    gateway = await startFakeGateway(); // for afterEach
  });

  it('classifies a gateway that does not answer in time as transient', async () => {
    const hanging = await startHangingServer();
    const error = await createSmsSender({ gatewayUrl: hanging.url, timeoutMs: 200 }).send(message).catch((e: unknown) => e);
    await hanging.close();
    expect(error).toMatchObject({ kind: 'transient' });
  });
});

async function startHangingServer() {
  const { createServer } = await import('node:http');
  const server = createServer(() => {
    // Never answers.
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  return {
    url: `http://127.0.0.1:${port}/send`,
    close: () => {
      server.closeAllConnections();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
