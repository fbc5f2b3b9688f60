import { rm } from 'node:fs/promises';
import type { Logger } from '../../../core/logger.js';
import { WA_STATES, type WhatsAppClientLike, type WhatsAppMessageLike } from './client-surface.js';
import type { WhatsAppConnection } from './sender.js';

/**
 * Keeps one whatsapp-web.js client connected: follows its events and, because a ban
 * can show up only as a disconnect and the disconnect event is sometimes missing,
 * also polls `getState()`. After a disconnect the client is thrown away and a new one
 * made by the factory, with exponential backoff. When the phone must be paired again
 * operators get one clear log line pointing at the QR page.
 */

/** Where the connection is. */
export type WhatsAppState =
  /** A client is being made and initialized. */
  | 'starting'
  /** A pairing QR is on offer (terminal and /admin/whatsapp/qr). */
  | 'waiting_for_scan'
  /** The phone accepted; WhatsApp Web is loading the chats. */
  | 'authenticated'
  | 'ready'
  /** Lost; a new client is due after the backoff. */
  | 'reconnecting'
  | 'stopped';

/** Something an operator must act on; cleared once the client is ready again. */
export type WhatsAppAttention =
  /** auth_failure, UNPAIRED or LOGOUT: scan a new QR. */
  | 'needs_pairing'
  /** TOS_BLOCK / SMB_TOS_BLOCK: WhatsApp blocked the number. */
  | 'blocked'
  /** CONFLICT: WhatsApp Web was opened elsewhere with the same number. */
  | 'conflict';

/** A snapshot for /readyz, metrics and the admin page. */
export interface WhatsAppStatusView {
  state: WhatsAppState;
  attention: WhatsAppAttention | null;
  /** The last WAState the client reported (CONNECTED, UNPAIRED…), if any. */
  waState: string | null;
  /** The current pairing QR payload while one is on offer. */
  qr: string | null;
  /** Clients replaced after a disconnect since start. */
  reconnects: number;
}

/** Options of {@link createWhatsAppConnection}. */
export interface WhatsAppConnectionOptions {
  /** Makes a fresh client (the real whatsapp-web.js one, or a fake in tests). */
  createClient: () => WhatsAppClientLike | Promise<WhatsAppClientLike>;
  logger: Logger;
  /** Called for every `message` event of the current client. */
  onMessage: (message: WhatsAppMessageLike) => void;
  /** Called with each new pairing QR payload (to print it). */
  onQr?: ((qr: string) => void | Promise<void>) | undefined;
  /** The LocalAuth session folder, deleted after auth_failure so the next client asks for a QR. */
  sessionDir?: string | undefined;
  /** First reconnect delay, doubled per failed attempt. @defaultValue 2 000 ms */
  initialBackoffMs?: number | undefined;
  /** @defaultValue 300 000 ms (5 min) */
  maxBackoffMs?: number | undefined;
  /** How often a ready client's state is polled. @defaultValue 60 000 ms */
  watchIntervalMs?: number | undefined;
}

/** A live connection: the sender's view plus control and status. */
export interface WhatsAppConnectionHandle extends WhatsAppConnection {
  /** Makes and initializes the first client; does not wait for pairing or ready. */
  start(): Promise<void>;
  status(): WhatsAppStatusView;
  /** Null when ready; otherwise what is wrong, in words for /readyz. */
  readiness(): string | null;
  /** Stops reconnecting and destroys the client (the LocalAuth session is kept). */
  stop(): Promise<void>;
}

/** The operator alert, verbatim, so it can be searched for in the logs. */
export const PAIRING_ALERT = 'WhatsApp perlu dipasangkan ulang: buka /admin/whatsapp/qr';

const PAIRING_STATES = new Set<string>([WA_STATES.UNPAIRED, WA_STATES.UNPAIRED_IDLE, 'LOGOUT']);
const BLOCKED_STATES = new Set<string>([WA_STATES.TOS_BLOCK, WA_STATES.SMB_TOS_BLOCK]);
// States whatsapp-web.js itself rides out without a disconnect.
const PASSING_STATES = new Set<string>([WA_STATES.CONNECTED, WA_STATES.OPENING, WA_STATES.PAIRING, WA_STATES.TIMEOUT]);
// A ready client not CONNECTED for this many polls in a row is replaced.
const UNHEALTHY_POLLS = 3;

/** Builds the connection; call `start()` to bring it up. */
export function createWhatsAppConnection(options: WhatsAppConnectionOptions): WhatsAppConnectionHandle {
  const log = options.logger.child({ component: 'whatsapp' });
  const initialBackoffMs = options.initialBackoffMs ?? 2000;
  const maxBackoffMs = options.maxBackoffMs ?? 300_000;
  const watchIntervalMs = options.watchIntervalMs ?? 60_000;

  let current: WhatsAppClientLike | null = null;
  let state: WhatsAppState = 'starting';
  let attention: WhatsAppAttention | null = null;
  let waState: string | null = null;
  let qr: string | null = null;
  let reconnects = 0;
  let attempt = 0;
  let unhealthyPolls = 0;
  let stopped = false;
  let reconnectTimer: NodeJS.Timeout | null = null;
  let watchTimer: NodeJS.Timeout | null = null;

  function flag(kind: WhatsAppAttention, detail: string) {
    if (attention !== kind) {
      // error level: these need a person (a phone to scan, a ban to look into).
      if (kind === 'needs_pairing') log.error({ alert: 'whatsapp_pairing', detail }, PAIRING_ALERT);
      else if (kind === 'blocked') log.error({ alert: 'whatsapp_blocked', detail }, `WhatsApp memblokir nomor ini (${detail}): periksa nomor, lalu pasangkan ulang di /admin/whatsapp/qr`);
      else log.warn({ alert: 'whatsapp_conflict', detail }, 'WhatsApp Web dibuka di tempat lain dengan nomor ini; menyambung ulang');
    }
    attention = kind;
  }

  // One place reads a WAState or disconnect reason; returns true if the client is lost.
  function judge(reason: string): boolean {
    waState = reason;
    if (PAIRING_STATES.has(reason)) flag('needs_pairing', reason);
    else if (BLOCKED_STATES.has(reason)) flag('blocked', reason);
    else if (reason === WA_STATES.CONFLICT) flag('conflict', reason);
    else if (PASSING_STATES.has(reason)) return false;
    return true;
  }

  function scheduleReconnect(reason: string) {
    if (stopped || reconnectTimer) return;
    state = 'reconnecting';
    qr = null;
    const delayMs = Math.min(maxBackoffMs, initialBackoffMs * 2 ** attempt);
    attempt += 1;
    log.warn({ reason, delayMs, attempt }, 'WhatsApp disconnected; reconnecting after a pause');
    reconnectTimer = setTimeout(() => {
      reconnectTimer = null;
      reconnects += 1;
      void replaceClient();
    }, delayMs);
    reconnectTimer.unref();
  }

  async function replaceClient() {
    const old = current;
    current = null;
    if (old) {
      old.removeAllListeners();
      await old.destroy().catch((err: unknown) => log.debug({ err }, 'destroying the old WhatsApp client failed'));
    }
    if (!stopped) await launch();
  }

  async function launch() {
    state = 'starting';
    let client: WhatsAppClientLike;
    try {
      client = await options.createClient();
    } catch (err) {
      log.error({ err }, 'could not create the WhatsApp client');
      scheduleReconnect('client creation failed');
      return;
    }
    current = client;
    attach(client);
    try {
      await client.initialize();
    } catch (err) {
      // No Chromium, no network, a crashed page: try again later with a new client.
      if (client !== current) return;
      log.error({ err }, 'WhatsApp client failed to initialize');
      scheduleReconnect('initialize failed');
    }
  }

  function attach(client: WhatsAppClientLike) {
    // Events of a replaced client are stale: only the current one speaks.
    const on = (event: string, handler: (...args: any[]) => void) =>
      client.on(event, (...args: unknown[]) => {
        if (client === current && !stopped) handler(...args);
      });
    on('qr', (code: string) => {
      state = 'waiting_for_scan';
      qr = code;
      if (attention === null) log.info(`WhatsApp menunggu dipasangkan: pindai QR di terminal atau buka /admin/whatsapp/qr`);
      void Promise.resolve(options.onQr?.(code)).catch((err: unknown) => log.warn({ err }, 'could not show the QR'));
    });
    on('authenticated', () => {
      state = 'authenticated';
      qr = null;
    });
    on('ready', () => {
      state = 'ready';
      attention = null;
      waState = WA_STATES.CONNECTED;
      qr = null;
      attempt = 0;
      unhealthyPolls = 0;
      log.info('WhatsApp ready');
    });
    on('auth_failure', (message: string) => {
      flag('needs_pairing', `auth_failure: ${message}`);
      // The saved session is what failed; without deleting it every new client would fail the same way.
      void (options.sessionDir ? rm(options.sessionDir, { recursive: true, force: true }) : Promise.resolve())
        .catch((err: unknown) => log.warn({ err }, 'could not delete the WhatsApp session folder'))
        .finally(() => scheduleReconnect('auth_failure'));
    });
    on('change_state', (waStateNow: string) => {
      if (judge(waStateNow)) scheduleReconnect(waStateNow);
    });
    on('disconnected', (reason: string) => {
      judge(reason);
      scheduleReconnect(String(reason));
    });
    on('message', (message: WhatsAppMessageLike) => options.onMessage(message));
  }

  async function watch() {
    const client = current;
    if (!client || state !== 'ready') return;
    let polled: string | null;
    try {
      polled = await client.getState();
    } catch {
      polled = null;
    }
    if (client !== current || state !== 'ready') return;
    if (polled === null) {
      scheduleReconnect('the WhatsApp Web page is gone');
      return;
    }
    if (judge(polled)) {
      scheduleReconnect(polled);
      return;
    }
    unhealthyPolls = polled === WA_STATES.CONNECTED ? 0 : unhealthyPolls + 1;
    if (unhealthyPolls >= UNHEALTHY_POLLS) scheduleReconnect(`${polled} for ${UNHEALTHY_POLLS} checks`);
  }

  return {
    async start() {
      stopped = false;
      watchTimer = setInterval(() => void watch(), watchIntervalMs);
      watchTimer.unref();
      await launch();
    },

    readyClient: () => (state === 'ready' ? current : null),

    status: () => ({ state, attention, waState, qr, reconnects }),

    readiness() {
      if (state === 'ready') return null;
      if (attention === 'needs_pairing') return PAIRING_ALERT;
      if (attention === 'blocked') return `WhatsApp blocked this number (${waState})`;
      if (state === 'waiting_for_scan') return 'WhatsApp waiting for the pairing QR to be scanned (/admin/whatsapp/qr)';
      return `WhatsApp ${state}${waState ? ` (${waState})` : ''}`;
    },

    async stop() {
      stopped = true;
      state = 'stopped';
      if (reconnectTimer) clearTimeout(reconnectTimer);
      if (watchTimer) clearInterval(watchTimer);
      reconnectTimer = watchTimer = null;
      const client = current;
      current = null;
      if (client) {
        client.removeAllListeners();
        await client.destroy().catch((err: unknown) => log.debug({ err }, 'destroying the WhatsApp client failed'));
      }
    },
  };
}
