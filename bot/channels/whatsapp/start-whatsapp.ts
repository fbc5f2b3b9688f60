import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { Registry } from 'prom-client';
import QRCode from 'qrcode';
import type { InboundEnvelope, Reply } from '../../../conversations/contract.js';
import type { Config } from '../../../core/config.js';
import type { Logger } from '../../../core/logger.js';
import type { ChannelSender } from '../../delivery/sender.js';
import type { BotRuntime } from '../../runtime/index.js';
import type { OutboundMessage } from '../channel.js';
import { whatsAppAdminRoutes } from './admin-qr.js';
import { createWhatsAppAdapter } from './adapter.js';
import { storeWhatsAppMedia } from './attachments.js';
import type { WhatsAppClientLike, WhatsAppMessageLike } from './client-surface.js';
import { createWhatsAppConnection, type WhatsAppStatusView } from './connection.js';
import { registerWhatsAppMetrics } from './metrics.js';
import { base64Bytes, WHATSAPP_FILE_MAX_BYTES } from './file-cap.js';
import { createWhatsAppSender } from './sender.js';

/** What the client factory is told. */
export interface WhatsAppClientSettings {
  /** LocalAuth's folder: `<DATA_DIR>/whatsapp`. */
  dataPath: string;
  /** WHATSAPP_CHROMIUM_PATH. */
  chromiumPath: string;
}

/** Makes a whatsapp-web.js client (or a fake with the same surface). */
export type WhatsAppClientFactory = (settings: WhatsAppClientSettings) => WhatsAppClientLike | Promise<WhatsAppClientLike>;

/** What {@link startWhatsAppChannel} needs. */
export interface WhatsAppChannelDeps {
  runtime: Pick<BotRuntime, 'handleInbound'>;
  logger: Logger;
  /** DATA_DIR: the session lives in `<dataDir>/whatsapp`, media in `<dataDir>/attachments/whatsapp`. */
  dataDir: string;
  /** WHATSAPP_CHROMIUM_PATH. @defaultValue `/usr/bin/chromium` */
  chromiumPath?: string | undefined;
  /** @defaultValue {@link createWhatsAppWebClient}: the real library driving Chromium */
  createClient?: WhatsAppClientFactory | undefined;
  /**
   * Where rendered replies go: the app plugs in the delivery queue here (which keeps
   * WhatsApp's pace low). @defaultValue sent at once through {@link WhatsAppChannel.sender}, in order
   */
  deliver?: ((messages: OutboundMessage[]) => Promise<void>) | undefined;
  /** Shows the pairing QR in the terminal. @defaultValue written to stdout as terminal blocks */
  printQr?: ((terminalQr: string) => void) | undefined;
  /** First reconnect delay, doubled per attempt. @defaultValue 2 000 ms */
  initialBackoffMs?: number | undefined;
  /** @defaultValue 300 000 ms */
  maxBackoffMs?: number | undefined;
  /** State poll of a ready client. @defaultValue 60 000 ms */
  watchIntervalMs?: number | undefined;
  /** Tries of handleInbound when the runtime is busy or Redis blips (WhatsApp does not redeliver). @defaultValue 3 */
  handleAttempts?: number | undefined;
  /** @defaultValue `() => new Date()` */
  clock?: (() => Date) | undefined;
}

/** A started WhatsApp channel. */
export interface WhatsAppChannel {
  readonly channel: 'whatsapp';
  /** For the delivery worker's channel table; sends only while the client is ready. */
  readonly sender: ChannelSender;
  status(): WhatsAppStatusView;
  /** Null when ready; otherwise what is wrong (for buildHttpServer's `readinessChecks`). */
  readiness(): Promise<string | null>;
  /** Admin-only QR page and image; pass to registerAdminPages' `extra` hook. */
  adminRoutes(admin: FastifyInstance): Promise<void>;
  /** Adds the `lapor_whatsapp_*` gauges to a Prometheus registry. */
  registerMetrics(registry: Registry): void;
  /** Handles one incoming message as the `message` event does (resolves when its replies are handed on). */
  handleMessage(message: WhatsAppMessageLike): Promise<void>;
  /** Resolves when every message received so far is handled. */
  idle(): Promise<void>;
  /** Stops reconnecting and closes the browser; the LocalAuth session is kept for the next start. */
  stop(): Promise<void>;
}

/** The WhatsApp deps a configuration gives, or null when WHATSAPP_ENABLED is off. */
export function whatsAppSettingsFromConfig(config: Pick<Config, 'WHATSAPP_ENABLED' | 'WHATSAPP_CHROMIUM_PATH' | 'DATA_DIR'>): Pick<WhatsAppChannelDeps, 'dataDir' | 'chromiumPath'> | null {
  if (!config.WHATSAPP_ENABLED) return null;
  return { dataDir: config.DATA_DIR, chromiumPath: config.WHATSAPP_CHROMIUM_PATH };
}

/**
 * The real client: whatsapp-web.js with LocalAuth under `<DATA_DIR>/whatsapp` and
 * puppeteer on the system Chromium. Loaded lazily so that processes (and tests)
 * without WhatsApp never load puppeteer.
 */
export const createWhatsAppWebClient: WhatsAppClientFactory = async ({ dataPath, chromiumPath }) => {
  const { default: wweb } = await import('whatsapp-web.js');
  return new wweb.Client({
    authStrategy: new wweb.LocalAuth({ dataPath }),
    puppeteer: {
      executablePath: chromiumPath,
      headless: true,
      // --no-sandbox: containers run Chromium as root without user namespaces;
      // --disable-dev-shm-usage: Docker's 64 MB /dev/shm crashes tabs otherwise.
      args: ['--no-sandbox', '--disable-setuid-sandbox', '--disable-dev-shm-usage', '--disable-gpu'],
    },
  }) as unknown as WhatsAppClientLike;
};

/**
 * Starts the WhatsApp channel: creates the client through the factory, prints each
 * pairing QR to the terminal and offers it on the admin page, hands every citizen
 * message (media downloaded and stored first; a file over
 * {@link WHATSAPP_FILE_MAX_BYTES} becomes `media_too_large` instead) to the runtime
 * and its replies to `deliver`, one chat's messages in arrival order. Resolves once the client is
 * initializing; being ready needs a paired phone (see `status()`).
 */
export async function startWhatsAppChannel(deps: WhatsAppChannelDeps): Promise<WhatsAppChannel> {
  const log = deps.logger.child({ component: 'whatsapp' });
  const clock = deps.clock ?? (() => new Date());
  const adapter = createWhatsAppAdapter();
  const dataPath = join(deps.dataDir, 'whatsapp');
  const attachmentsDir = join(deps.dataDir, 'attachments');
  const settings: WhatsAppClientSettings = { dataPath, chromiumPath: deps.chromiumPath ?? '/usr/bin/chromium' };
  const createClient = deps.createClient ?? createWhatsAppWebClient;
  const printQr = deps.printQr ?? ((text: string) => process.stdout.write(`${text}\n`));
  const handleAttempts = deps.handleAttempts ?? 3;

  // Per-chat chains: a photo being downloaded must not let the text after it overtake it.
  const chains = new Map<string, Promise<void>>();

  const connection = createWhatsAppConnection({
    createClient: () => createClient(settings),
    logger: deps.logger,
    sessionDir: join(dataPath, 'session'),
    initialBackoffMs: deps.initialBackoffMs,
    maxBackoffMs: deps.maxBackoffMs,
    watchIntervalMs: deps.watchIntervalMs,
    onMessage: (message) => void handleMessage(message),
    onQr: async (qr) => printQr(await QRCode.toString(qr, { type: 'terminal', small: true })),
  });
  const sender = createWhatsAppSender(connection);
  const deliver = deps.deliver ?? (async (messages: OutboundMessage[]) => {
    for (const message of messages) await sender.send(message);
  });

  async function handleMessage(message: WhatsAppMessageLike): Promise<void> {
    const outcome = adapter.parseInbound(message, clock());
    if (outcome.status !== 'accepted') {
      log.debug({ status: outcome.status, reason: outcome.reason }, 'whatsapp message not for the conversation');
      return;
    }
    const { chatRef } = outcome.envelope;
    const previous = chains.get(chatRef) ?? Promise.resolve();
    const next = previous.then(() => handleAccepted(outcome.envelope, message));
    chains.set(chatRef, next);
    try {
      await next;
    } finally {
      if (chains.get(chatRef) === next) chains.delete(chatRef);
    }
  }

  async function handleAccepted(envelope: InboundEnvelope, message: WhatsAppMessageLike): Promise<void> {
    try {
      const ready = envelope.message.type === 'media' ? await withStoredMedia(envelope, message) : envelope;
      const replies = await handleWithRetries(ready);
      await deliver(adapter.render(envelope.chatRef, replies));
    } catch (err) {
      // WhatsApp will not deliver the message again; all we can do is log it.
      log.error({ err, messageId: envelope.messageId }, 'whatsapp message could not be handled');
    }
  }

  async function withStoredMedia(envelope: InboundEnvelope, message: WhatsAppMessageLike): Promise<InboundEnvelope> {
    if (envelope.message.type !== 'media') return envelope;
    const { kind } = envelope.message;
    const refuse = (bytes: number, when: string): InboundEnvelope => {
      log.info({ kind, bytes, maxBytes: WHATSAPP_FILE_MAX_BYTES }, `whatsapp file over the cap refused ${when}`);
      return { ...envelope, message: { type: 'media_too_large', kind, maxBytes: WHATSAPP_FILE_MAX_BYTES } };
    };
    // downloadMedia hands the whole file over as one base64 string (a document may be
    // 2 GB), and no officer could be sent one over the cap: refuse it unfetched.
    const announced = message._data?.size;
    if (typeof announced === 'number' && announced > WHATSAPP_FILE_MAX_BYTES) return refuse(announced, 'before download');
    try {
      const media = await message.downloadMedia?.();
      if (!media) throw new Error('downloadMedia returned nothing (media expired or not loaded)');
      // A size not announced (or understated) shows here: measured from the base64, before a decoded copy exists.
      const bytes = base64Bytes(media.data);
      if (bytes > WHATSAPP_FILE_MAX_BYTES) return refuse(bytes, 'after download');
      const stored = await storeWhatsAppMedia(attachmentsDir, envelope.messageId, media);
      return { ...envelope, message: { ...envelope.message, mimeType: stored.mimeType, sizeBytes: stored.sizeBytes } };
    } catch (err) {
      // A reference to a file we do not have would mislead the officer; ask again instead.
      log.warn({ err, messageId: envelope.messageId }, 'whatsapp media could not be downloaded');
      return { ...envelope, message: { type: 'unsupported', what: `${envelope.message.kind} that could not be downloaded` } };
    }
  }

  async function handleWithRetries(envelope: InboundEnvelope): Promise<Reply[]> {
    for (let attempt = 1; ; attempt += 1) {
      try {
        return await deps.runtime.handleInbound(envelope);
      } catch (err) {
        // CHAT_BUSY or a Redis blip; the runtime de-duplicates, so a retry is safe.
        if (attempt >= handleAttempts) throw err;
        await new Promise((resolve) => setTimeout(resolve, 250 * 2 ** attempt));
      }
    }
  }

  await connection.start();
  return {
    channel: 'whatsapp',
    sender,
    status: () => connection.status(),
    readiness: async () => connection.readiness(),
    adminRoutes: whatsAppAdminRoutes(connection),
    registerMetrics: (registry) => registerWhatsAppMetrics(registry, connection),
    handleMessage,
    async idle() {
      while (chains.size > 0) await Promise.allSettled([...chains.values()]);
    },
    stop: () => connection.stop(),
  };
}
