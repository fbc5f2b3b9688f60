import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Fastify from 'fastify';
import { Registry } from 'prom-client';
import QRCode from 'qrcode';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { registerAdminPages } from '../../../app/http/admin.js';
import { createLogger } from '../../../core/logger.js';
import { testRuntime, type TestRuntime } from '../../runtime/fixtures/test-runtime.js';
import { chatId, chatKey } from '../../runtime/keys.js';
import { PAIRING_ALERT } from './connection.js';
import { startWhatsAppChannel, type WhatsAppChannel, type WhatsAppChannelDeps } from './start-whatsapp.js';
import { testEngine } from '../../../conversations/testing/harness.js';
import type { WhatsAppMessageLike } from './client-surface.js';
import { WHATSAPP_FILE_MAX_BYTES } from './file-cap.js';
import { fakeClientFactory, fixtureMessage, textMessage } from './test-support/fake-client.js';

const CHAT = '6285211223344@c.us';
const admin = { user: 'admin', password: 'rahasia-admin' };
const basic = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

describe('WhatsApp starter against a fake client', () => {
  let dataDir: string;
  let logLines: { level: number; msg: string; alert?: string; delayMs?: number }[];
  let bot: TestRuntime;
  let factory: ReturnType<typeof fakeClientFactory>;
  let printed: string[];
  let channel: WhatsAppChannel | undefined;

  beforeEach(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'lapor-wa-'));
    logLines = [];
    printed = [];
    factory = fakeClientFactory();
    bot = await testRuntime('wa-start');
    return async () => {
      await channel?.stop();
      channel = undefined;
      rmSync(dataDir, { recursive: true, force: true });
    };
  });

  async function start(overrides: Partial<WhatsAppChannelDeps> = {}) {
    const logger = createLogger({ level: 'debug' }, { write: (line: string) => void logLines.push(JSON.parse(line)) });
    channel = await startWhatsAppChannel({
      runtime: bot.runtime,
      logger,
      dataDir,
      createClient: factory.create,
      printQr: (text) => void printed.push(text),
      initialBackoffMs: 20,
      ...overrides,
    });
    return channel;
  }

  const session = (ref = CHAT) => bot.redis.hget(chatKey(bot.prefix, chatId('whatsapp', ref)), 's');

  it('prints the pairing QR to the terminal and serves it as a PNG on the admin page, behind auth', async () => {
    const wa = await start();
    expect(factory.latest().initializeCalls).toBe(1);
    factory.latest().emit('qr', '2@pairing-code-sample,AbCdEf==,GhIjKl==,MnOpQr==');
    await vi.waitFor(() => expect(printed).toHaveLength(1));
    expect(printed[0]).toBe(await QRCode.toString('2@pairing-code-sample,AbCdEf==,GhIjKl==,MnOpQr==', { type: 'terminal', small: true }));
    expect(wa.status()).toMatchObject({ state: 'waiting_for_scan', qr: '2@pairing-code-sample,AbCdEf==,GhIjKl==,MnOpQr==' });
    expect(await wa.readiness()).toMatch(/QR/);

    const app = Fastify();
    await registerAdminPages(app, [], admin, (scope) => wa.adminRoutes(scope));
    expect((await app.inject({ url: '/admin/whatsapp/qr.png' })).statusCode).toBe(401);
    expect((await app.inject({ url: '/admin/whatsapp/qr.png', headers: { authorization: basic('admin', 'salah') } })).statusCode).toBe(401);
    const png = await app.inject({ url: '/admin/whatsapp/qr.png', headers: { authorization: basic(admin.user, admin.password) } });
    expect(png.statusCode).toBe(200);
    expect(png.headers['content-type']).toBe('image/png');
    expect(png.headers['cache-control']).toBe('no-store');
    expect(png.rawPayload).toEqual(await QRCode.toBuffer('2@pairing-code-sample,AbCdEf==,GhIjKl==,MnOpQr==', { type: 'png', width: 320, margin: 2 }));
    const page = await app.inject({ url: '/admin/whatsapp/qr', headers: { authorization: basic(admin.user, admin.password) } });
    expect(page.body).toContain('<img src="/admin/whatsapp/qr.png');

    // Once paired, the QR is gone from the page.
    factory.latest().emit('authenticated');
    factory.latest().emit('ready');
    expect((await app.inject({ url: '/admin/whatsapp/qr.png', headers: { authorization: basic(admin.user, admin.password) } })).statusCode).toBe(404);
    await app.close();
  });

  it('is ready after `ready`: readiness passes, the metric says 1 and replies can be sent', async () => {
    const wa = await start();
    expect(await wa.readiness()).not.toBeNull();
    factory.latest().emit('ready');
    expect(wa.status()).toMatchObject({ state: 'ready', attention: null });
    expect(await wa.readiness()).toBeNull();
    const registry = new Registry();
    wa.registerMetrics(registry);
    const text = await registry.metrics();
    expect(text).toMatch(/^lapor_whatsapp_ready 1$/m);
    expect(text).toMatch(/^lapor_whatsapp_state\{state="ready"\} 1$/m);
    await wa.sender.send({ channel: 'whatsapp', chatRef: CHAT, text: 'halo' });
    expect(factory.latest().sent).toEqual([{ chatId: CHAT, content: 'halo' }]);
  });

  it('reconnects with a new client after a disconnect, doubling the wait while it keeps failing', async () => {
    const created: number[] = [];
    await start({
      createClient: () => {
        created.push(Date.now());
        return factory.create();
      },
    });
    factory.latest().emit('ready');
    const first = factory.latest();
    first.emit('disconnected', 'NAVIGATION');
    expect(channel!.status().state).toBe('reconnecting');
    expect(await channel!.readiness()).toMatch(/reconnecting/);
    await vi.waitFor(() => expect(factory.clients).toHaveLength(2));
    expect(first.destroyed).toBe(true);
    await vi.waitFor(() => expect(factory.latest().initializeCalls).toBe(1));

    // The new client fails before becoming ready: the next wait is twice as long.
    factory.latest().emit('disconnected', 'TIMEOUT');
    await vi.waitFor(() => expect(factory.clients).toHaveLength(3));
    const gaps = [created[1]! - created[0]!, created[2]! - created[1]!];
    const waits = logLines.filter((l) => l.msg === 'WhatsApp disconnected; reconnecting after a pause').map((l) => l.delayMs);
    expect(waits).toEqual([20, 40]);
    // And the waits were real. Node times a timer from the event loop's cached clock,
    // which lags Date.now() by however long the current turn has run: a 20 ms wait
    // measured this way has read 19, so the bounds leave room.
    expect(gaps[0]).toBeGreaterThanOrEqual(15);
    expect(gaps[1]).toBeGreaterThanOrEqual(35);
    expect(channel!.status().reconnects).toBe(2);

    // Events of a replaced client no longer count.
    first.emit('ready');
    expect(channel!.status().state).not.toBe('ready');
    factory.latest().emit('ready');
    expect(channel!.status().state).toBe('ready');
  });

  it('alerts operators and is not ready after auth_failure, and drops the stale session', async () => {
    const sessionDir = join(dataDir, 'whatsapp', 'session');
    mkdirSync(sessionDir, { recursive: true });
    const wa = await start();
    factory.latest().emit('auth_failure', 'Unable to log in. Are the session details valid?');
    expect(await wa.readiness()).toBe(PAIRING_ALERT);
    expect(wa.status().attention).toBe('needs_pairing');
    expect(logLines.filter((l) => l.msg === PAIRING_ALERT)).toEqual([expect.objectContaining({ level: 50, alert: 'whatsapp_pairing' })]);
    await vi.waitFor(() => expect(factory.clients).toHaveLength(2));
    expect(existsSync(sessionDir)).toBe(false);
    // The next client offers a QR; the page and readiness still say pairing is needed.
    factory.latest().emit('qr', 'qr-after-failure');
    expect(wa.status()).toMatchObject({ state: 'waiting_for_scan', attention: 'needs_pairing', qr: 'qr-after-failure' });
    expect(await wa.readiness()).toBe(PAIRING_ALERT);
  });

  it('watches the state: UNPAIRED without a disconnect event still alerts and reconnects', async () => {
    const wa = await start();
    factory.latest().emit('ready');
    factory.latest().emit('change_state', 'UNPAIRED');
    expect(await wa.readiness()).toBe(PAIRING_ALERT);
    await vi.waitFor(() => expect(factory.clients).toHaveLength(2));
  });

  it('polls a ready client and replaces it when its page is gone', async () => {
    await start({ watchIntervalMs: 20 });
    factory.latest().emit('ready');
    factory.latest().state = null;
    await vi.waitFor(() => expect(factory.clients).toHaveLength(2));
    expect(channel!.status().state).not.toBe('ready');
  });

  it('reports a ban as blocked', async () => {
    const wa = await start();
    factory.latest().emit('ready');
    factory.latest().emit('change_state', 'TOS_BLOCK');
    expect(wa.status().attention).toBe('blocked');
    expect(await wa.readiness()).toMatch(/blocked/);
    expect(logLines.some((l) => l.alert === 'whatsapp_blocked' && l.level === 50)).toBe(true);
  });

  it('retries initialize with backoff when Chromium cannot start', async () => {
    let calls = 0;
    await start({
      createClient: () => {
        const client = factory.create();
        calls += 1;
        if (calls === 1) client.initializeError = new Error('Failed to launch the browser process! spawn /usr/bin/chromium ENOENT');
        return client;
      },
    });
    await vi.waitFor(() => expect(factory.clients).toHaveLength(2));
    expect(factory.latest().initializeCalls).toBe(1);
  });

  describe('messages', () => {
    it('hands a text to the runtime and sends the reply through the client', async () => {
      await start();
      factory.latest().emit('ready');
      factory.latest().emit('message', fixtureMessage('text.json'));
      await channel!.idle();
      expect(factory.latest().sent).toEqual([{ chatId: CHAT, content: '#1 halo, saya mau lapor' }]);
    });

    it('handles a redelivered message id once', async () => {
      await start();
      factory.latest().emit('ready');
      const message = textMessage(CHAT, 'sekali saja', '3EB0DUP00000000000001');
      factory.latest().emit('message', message);
      factory.latest().emit('message', { ...message });
      await channel!.idle();
      factory.latest().emit('message', { ...message });
      await channel!.idle();
      expect(JSON.parse((await session())!).log).toEqual(['sekali saja']);
      expect(factory.latest().sent).toHaveLength(1);
    });

    it('ignores group messages, status broadcasts and our own messages', async () => {
      await start();
      factory.latest().emit('ready');
      for (const name of ['group.json', 'status-broadcast.json', 'from-me.json']) factory.latest().emit('message', fixtureMessage(name));
      await channel!.idle();
      expect(factory.latest().sent).toEqual([]);
      expect(await session()).toBeNull();
    });

    it('downloads and stores a photo before the runtime sees it, keeping the order with the text after it', async () => {
      await start();
      factory.latest().emit('ready');
      const photo = fixtureMessage('image.json');
      let release!: () => void;
      const slow = new Promise<void>((resolve) => (release = resolve));
      const download = photo.downloadMedia!;
      factory.latest().emit('message', { ...photo, downloadMedia: async () => (await slow, download()) });
      factory.latest().emit('message', textMessage(CHAT, 'itu fotonya', '3EB0AFTER0000000000001'));
      release();
      await channel!.idle();
      expect(JSON.parse((await session())!).log).toEqual(['media', 'itu fotonya']);
      const files = readdirSync(join(dataDir, 'attachments', 'whatsapp'));
      expect(files).toHaveLength(1);
      expect(files[0]).toMatch(/^[0-9a-f]{32}\.jpg$/);
      expect(readFileSync(join(dataDir, 'attachments', 'whatsapp', files[0]!)).toString('hex')).toBe('ffd8ffe000104a46494600');
    });

    it('refuses a 40 MB document WhatsApp announces without downloading it, and tells the citizen the limit', async () => {
      const citizen = await testRuntime('wa-too-large', { engine: testEngine() });
      await start({ runtime: citizen.runtime });
      factory.latest().emit('ready');
      let downloads = 0;
      const counted = (message: WhatsAppMessageLike): WhatsAppMessageLike => ({ ...message, downloadMedia: async () => ((downloads += 1), message.downloadMedia!()) });
      const big = fixtureMessage('document.json');
      factory.latest().emit('message', counted({ ...big, _data: { ...big._data, size: 40 * 1024 * 1024 } }));
      await channel!.idle();
      expect(downloads).toBe(0);
      expect(existsSync(join(dataDir, 'attachments', 'whatsapp'))).toBe(false);
      expect(factory.latest().sent.map((s) => s.content).join('\n')).toContain(
        'File terlalu besar (maksimal 16 MB). Kirim foto saja, atau perkecil filenya, contoh: foto halaman yang penting.',
      );
      const stateKey = chatKey(citizen.prefix, chatId('whatsapp', CHAT));
      const state = JSON.parse((await citizen.redis.hget(stateKey, 's'))!);
      expect(state.step).toBe('consent');
      expect(state.a.attachments).toBeUndefined();

      // A photo within the cap, announced the same way, is still fetched and kept.
      factory.latest().emit('message', counted(fixtureMessage('image.json')));
      await channel!.idle();
      expect(downloads).toBe(1);
      expect(readdirSync(join(dataDir, 'attachments', 'whatsapp'))).toEqual([expect.stringMatching(/^[0-9a-f]{32}\.jpg$/)]);
      expect(JSON.parse((await citizen.redis.hget(stateKey, 's'))!).a.attachments).toEqual([{ k: 'photo', r: fixtureMessage('image.json').id._serialized, m: 'image/jpeg', s: 11 }]);
    });

    it('does not store a file of unannounced size that turns out over the cap once downloaded', async () => {
      const seen: unknown[] = [];
      await start({ runtime: { handleInbound: async (e) => (seen.push(e.message), []) } });
      factory.latest().emit('ready');
      const over = { mimetype: 'application/pdf', data: Buffer.alloc(WHATSAPP_FILE_MAX_BYTES + 1).toString('base64'), filename: 'scan.pdf', filesize: null };
      const { _data: _unannounced, ...document } = fixtureMessage('document.json');
      factory.latest().emit('message', { ...document, downloadMedia: async () => over });
      await channel!.idle();
      expect(seen).toEqual([{ type: 'media_too_large', kind: 'document', maxBytes: WHATSAPP_FILE_MAX_BYTES }]);
      expect(existsSync(join(dataDir, 'attachments', 'whatsapp'))).toBe(false);
    });

    it('tells the engine a photo could not be fetched instead of storing a dangling reference', async () => {
      const seen: unknown[] = [];
      await start({ runtime: { handleInbound: async (e) => (seen.push(e.message), []) } });
      factory.latest().emit('ready');
      factory.latest().emit('message', { ...fixtureMessage('image.json'), downloadMedia: async () => undefined });
      await channel!.idle();
      expect(seen).toEqual([{ type: 'unsupported', what: 'photo that could not be downloaded' }]);
    });
  });
});
