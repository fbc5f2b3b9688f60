import { EventEmitter } from 'node:events';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Update, UserFromGetMe } from 'telegraf/types';

/**
 * A local fake of the Telegram Bot API for tests and benchmarks, speaking the real
 * protocol (`POST /bot<token>/<method>` with JSON, form or query parameters; answers
 * `{ok, result}` or `{ok: false, error_code, description, parameters}`), so the real
 * telegraf client can be pointed at it with `apiRoot`.
 *
 * Methods: getMe, getUpdates (long polling with offset, limit and timeout), sendMessage
 * (checked like Telegram: empty or over-long text, callback_data over 64 bytes),
 * sendPhoto/sendDocument/sendVideo/sendAudio by file_id (a file_id not added with
 * addFile is refused as Telegram refuses one it does not know),
 * answerCallbackQuery, getFile with downloads under `/file/bot<token>/<path>`,
 * setWebhook, deleteWebhook, getWebhookInfo. Errors are injectable: a rate-limit
 * policy answering 429 with retry_after, blocked chats (403), one-off errors.
 *
 * getUpdates is at-least-once like Telegram's: an update stays queued until a later
 * call's `offset` passes its id after it was served, so a client that does not
 * advance its offset gets it again; an update queued again with an id already
 * confirmed is served again too (a redelivery).
 */

/** A `sendMessage` call (or a file sent by file_id) as the fake recorded it. */
export interface SentMessage {
  message_id: number;
  chat_id: string;
  /** The text; for a file, its caption ('' without one). */
  text: string;
  /** For sendPhoto/sendDocument/sendVideo/sendAudio: which kind and which file_id. */
  media?: { kind: FileKind; file_id: string } | undefined;
  reply_markup?: { inline_keyboard?: { text: string; callback_data?: string }[][] } | undefined;
  parse_mode?: string | undefined;
  /** When the fake received it (ms since epoch). */
  at: number;
}

/** The kinds of file the fake sends by file_id, as the method names say (sendPhoto…). */
export type FileKind = 'photo' | 'document' | 'video' | 'audio';

/** One API call as received (every method, including failed ones). */
export interface ApiCall {
  method: string;
  params: Record<string, unknown>;
  at: number;
}

/** An error answer in the Bot API's own shape. */
export interface ApiErrorAnswer {
  error_code: number;
  description: string;
  parameters?: { retry_after?: number; migrate_to_chat_id?: number };
}

/**
 * Decides, per call, whether to answer 429: returns retry_after seconds, or null to
 * let the call through. Called for every method but getUpdates.
 */
export type RateLimitPolicy = (call: { method: string; chatId: string | undefined; now: number }) => number | null;

/** Options of {@link startFakeBotApi}. */
export interface FakeBotApiOptions {
  /** @defaultValue `123456789:TEST-fake-token_abcdefghijklmnopqrstu` */
  token?: string;
  /** @defaultValue `LaporPengaduanBot` */
  username?: string;
  rateLimit?: RateLimitPolicy;
}

/** A running fake. */
export interface FakeBotApi {
  /** Base URL for telegraf's `apiRoot`, e.g. `http://127.0.0.1:40123`. */
  readonly apiRoot: string;
  readonly token: string;
  readonly botInfo: UserFromGetMe;
  /** Every sendMessage (and file sent by file_id) accepted, in order. */
  readonly sent: SentMessage[];
  /** Every call received, in order. */
  readonly calls: ApiCall[];
  /** The webhook set by setWebhook, if any. */
  readonly webhook: { url: string; secret_token?: string | undefined } | null;
  /** Queues an update for getUpdates (a redelivery if its id was already confirmed). */
  pushUpdate(update: Update): void;
  /** Updates queued and not yet confirmed by an offset. */
  pendingUpdates(): Update[];
  /** POSTs an update to the webhook like Telegram does; resolves with the HTTP status. */
  deliverWebhook(update: Update, secret?: string | null): Promise<number>;
  /** Makes a file known to the bot: getFile answers with `filePath`, sendPhoto & co. accept its id. */
  addFile(fileId: string, content: Buffer, filePath?: string): void;
  /** Makes sendMessage to this chat answer 403 "bot was blocked by the user". */
  blockChat(chatId: string): void;
  /** Answers the next `times` calls of `method` with this error. */
  failNext(method: string, error: ApiErrorAnswer, times?: number): void;
  /** Replaces the 429 policy (null: never). */
  setRateLimit(policy: RateLimitPolicy | null): void;
  /** Resolves once `predicate` holds (checked after every call), or rejects after `timeoutMs`. */
  waitFor(predicate: () => boolean, timeoutMs?: number, what?: string): Promise<void>;
  close(): Promise<void>;
}

const DEFAULT_TOKEN = '123456789:TEST-fake-token_abcdefghijklmnopqrstu';

/** Starts the fake on 127.0.0.1 and a free port. */
export async function startFakeBotApi(options: FakeBotApiOptions = {}): Promise<FakeBotApi> {
  const token = options.token ?? DEFAULT_TOKEN;
  const botInfo: UserFromGetMe = {
    id: Number(token.split(':')[0]),
    is_bot: true,
    first_name: 'LAPOR! Pengaduan',
    username: options.username ?? 'LaporPengaduanBot',
    can_join_groups: false,
    can_read_all_group_messages: false,
    supports_inline_queries: false,
  };
  const events = new EventEmitter();
  events.setMaxListeners(0);
  const sent: SentMessage[] = [];
  const calls: ApiCall[] = [];
  const queue: { update: Update; served: boolean }[] = [];
  const files = new Map<string, { content: Buffer; path: string }>();
  const blocked = new Set<string>();
  const failures = new Map<string, { error: ApiErrorAnswer; times: number }>();
  let rateLimit = options.rateLimit ?? null;
  let webhook: FakeBotApi['webhook'] = null;
  let nextMessageId = 1;
  let pendingPoll: { resolve: (error: ApiErrorAnswer | null) => void } | null = null;

  const methods: Record<string, (p: Record<string, unknown>) => Promise<unknown> | unknown> = {
    getMe: () => botInfo,

    async getUpdates(p) {
      if (webhook) throw apiError(409, "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first");
      const offset = Number(p['offset'] ?? 0);
      // Confirming: served updates with an id below the offset are gone for good.
      for (let i = queue.length - 1; i >= 0; i -= 1) {
        const entry = queue[i]!;
        if (entry.served && offset > 0 && entry.update.update_id < offset) queue.splice(i, 1);
      }
      // Confirmation is news for waitFor even while this call goes on to long-poll.
      events.emit('call');
      const limit = Math.min(Math.max(Number(p['limit'] ?? 100), 1), 100);
      const timeoutMs = Math.max(Number(p['timeout'] ?? 0), 0) * 1000;
      if (queue.length === 0 && timeoutMs > 0) {
        // One long poll at a time, as Telegram: a second one ends the first with 409.
        pendingPoll?.resolve(apiError(409, 'Conflict: terminated by other getUpdates request; make sure that only one bot instance is running'));
        const error = await new Promise<ApiErrorAnswer | null>((resolve) => {
          const poll = { resolve: (e: ApiErrorAnswer | null) => finish(e) };
          const timer = setTimeout(() => finish(null), timeoutMs);
          const onPush = () => finish(null);
          function finish(e: ApiErrorAnswer | null) {
            clearTimeout(timer);
            events.off('update', onPush);
            if (pendingPoll === poll) pendingPoll = null;
            resolve(e);
          }
          pendingPoll = poll;
          events.once('update', onPush);
        });
        if (error) throw error;
      }
      const batch = queue.slice(0, limit);
      for (const entry of batch) entry.served = true;
      return batch.map((entry) => entry.update);
    },

    sendMessage(p) {
      const chatId = String(p['chat_id'] ?? '');
      const text = typeof p['text'] === 'string' ? p['text'] : '';
      if (chatId === '') throw apiError(400, 'Bad Request: chat_id is empty');
      if (blocked.has(chatId)) throw apiError(403, 'Forbidden: bot was blocked by the user');
      if (text.trim() === '') throw apiError(400, 'Bad Request: message text is empty');
      if (text.length > 4096) throw apiError(400, 'Bad Request: message is too long');
      const markup = parseMaybeJson(p['reply_markup']) as SentMessage['reply_markup'];
      for (const row of markup?.inline_keyboard ?? []) {
        for (const button of row) {
          const bytes = Buffer.byteLength(button.callback_data ?? '', 'utf8');
          if (bytes < 1 || bytes > 64) throw apiError(400, 'Bad Request: BUTTON_DATA_INVALID');
        }
      }
      const message_id = nextMessageId++;
      const parseMode = typeof p['parse_mode'] === 'string' ? p['parse_mode'] : undefined;
      sent.push({ message_id, chat_id: chatId, text, reply_markup: markup, parse_mode: parseMode, at: Date.now() });
      return {
        message_id,
        from: { id: botInfo.id, is_bot: true, first_name: botInfo.first_name, username: botInfo.username },
        chat: { id: Number(chatId), first_name: 'Warga', type: 'private' },
        date: Math.floor(Date.now() / 1000),
        text,
        ...(markup ? { reply_markup: markup } : {}),
      };
    },

    sendPhoto: (p) => sendFile('photo', p),
    sendDocument: (p) => sendFile('document', p),
    sendVideo: (p) => sendFile('video', p),
    sendAudio: (p) => sendFile('audio', p),

    answerCallbackQuery(p) {
      if (typeof p['callback_query_id'] !== 'string' || p['callback_query_id'] === '') {
        throw apiError(400, 'Bad Request: query is too old and response timeout expired or query ID is invalid');
      }
      return true;
    },

    getFile(p) {
      const fileId = String(p['file_id'] ?? '');
      const file = files.get(fileId);
      if (!file) throw apiError(400, 'Bad Request: invalid file_id');
      return { file_id: fileId, file_unique_id: `u${fileId.slice(-8)}`, file_size: file.content.length, file_path: file.path };
    },

    setWebhook(p) {
      const url = String(p['url'] ?? '');
      if (url === '') {
        webhook = null;
        return true;
      }
      const secret = typeof p['secret_token'] === 'string' ? p['secret_token'] : undefined;
      if (secret !== undefined && !/^[A-Za-z0-9_-]{1,256}$/.test(secret)) {
        throw apiError(400, 'Bad Request: secret token contains unallowed characters');
      }
      webhook = { url, secret_token: secret };
      pendingPoll?.resolve(apiError(409, 'Conflict: terminated by setWebhook request'));
      return true;
    },

    deleteWebhook(p) {
      webhook = null;
      if (p['drop_pending_updates'] === true || p['drop_pending_updates'] === 'true') queue.length = 0;
      return true;
    },

    getWebhookInfo: () => ({ url: webhook?.url ?? '', has_custom_certificate: false, pending_update_count: queue.length }),
  };

  /**
   * A file sent again by file_id, as the Bot API does it: the file must be one this
   * bot has seen (here: added with addFile), the caption at most 1,024 characters;
   * the answer is the Message with the file's object (a photo as its sizes).
   */
  function sendFile(kind: FileKind, p: Record<string, unknown>) {
    const chatId = String(p['chat_id'] ?? '');
    const fileId = p[kind];
    const caption = typeof p['caption'] === 'string' ? p['caption'] : '';
    if (chatId === '') throw apiError(400, 'Bad Request: chat_id is empty');
    if (blocked.has(chatId)) throw apiError(403, 'Forbidden: bot was blocked by the user');
    if (typeof fileId !== 'string' || fileId === '') throw apiError(400, `Bad Request: there is no ${kind} in the request`);
    if (!files.has(fileId)) throw apiError(400, 'Bad Request: wrong file identifier/HTTP URL specified');
    if (caption.length > 1024) throw apiError(400, 'Bad Request: message caption is too long');
    const message_id = nextMessageId++;
    sent.push({ message_id, chat_id: chatId, text: caption, media: { kind, file_id: fileId }, at: Date.now() });
    const file = { file_id: fileId, file_unique_id: `u${fileId.slice(-8)}`, file_size: files.get(fileId)!.content.length };
    return {
      message_id,
      from: { id: botInfo.id, is_bot: true, first_name: botInfo.first_name, username: botInfo.username },
      chat: { id: Number(chatId), first_name: 'Petugas', type: 'private' },
      date: Math.floor(Date.now() / 1000),
      ...(caption === '' ? {} : { caption }),
      [kind]: kind === 'photo' ? [{ ...file, width: 1280, height: 960 }] : file,
    };
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      if (!res.headersSent) answer(res, 500, { ok: false, error_code: 500, description: `Internal Server Error: ${String(err)}` });
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://fake');
    const file = /^\/file\/bot([^/]+)\/(.+)$/.exec(url.pathname);
    if (file) {
      const found = file[1] === token ? [...files.values()].find((f) => f.path === decodeURIComponent(file[2]!)) : undefined;
      if (!found) return answer(res, 404, { ok: false, error_code: 404, description: 'Not Found' });
      res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': found.content.length });
      res.end(found.content);
      return;
    }
    const call = /^\/bot([^/]+)\/([A-Za-z]+)$/.exec(url.pathname);
    if (!call) return answer(res, 404, { ok: false, error_code: 404, description: 'Not Found' });
    const params = { ...Object.fromEntries(url.searchParams), ...(await readBody(req)) };
    const method = call[2]!;
    calls.push({ method, params, at: Date.now() });
    try {
      if (call[1] !== token) throw apiError(401, 'Unauthorized');
      const implementation = Object.entries(methods).find(([name]) => name.toLowerCase() === method.toLowerCase())?.[1];
      if (!implementation) throw apiError(404, 'Not Found: method not found');
      const injected = failures.get(method);
      if (injected && injected.times > 0) {
        injected.times -= 1;
        throw injected.error;
      }
      if (method !== 'getUpdates' && rateLimit) {
        const chatId = params['chat_id'] === undefined ? undefined : String(params['chat_id']);
        const retryAfter = rateLimit({ method, chatId, now: Date.now() });
        if (retryAfter !== null) {
          throw apiError(429, `Too Many Requests: retry after ${retryAfter}`, { retry_after: retryAfter });
        }
      }
      const result = await implementation(params);
      answer(res, 200, { ok: true, result });
    } catch (err) {
      if (!isApiError(err)) throw err;
      answer(res, err.error_code, { ok: false, ...err });
    } finally {
      events.emit('call');
    }
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    apiRoot: `http://127.0.0.1:${port}`,
    token,
    botInfo,
    sent,
    calls,
    get webhook() {
      return webhook;
    },
    pushUpdate(update) {
      queue.push({ update, served: false });
      events.emit('update');
    },
    pendingUpdates: () => queue.map((entry) => entry.update),
    async deliverWebhook(update, secret = webhook?.secret_token ?? null) {
      if (!webhook) throw new Error('no webhook set');
      const headers: Record<string, string> = { 'content-type': 'application/json' };
      if (secret !== null) headers['x-telegram-bot-api-secret-token'] = secret;
      const response = await fetch(webhook.url, { method: 'POST', headers, body: JSON.stringify(update) });
      await response.arrayBuffer();
      return response.status;
    },
    addFile(fileId, content, filePath = `documents/file_${files.size + 1}`) {
      files.set(fileId, { content, path: filePath });
    },
    blockChat: (chatId) => void blocked.add(chatId),
    failNext(method, error, times = 1) {
      failures.set(method, { error, times });
    },
    setRateLimit(policy) {
      rateLimit = policy;
    },
    waitFor(predicate, timeoutMs = 5000, what = 'condition') {
      if (predicate()) return Promise.resolve();
      return new Promise<void>((resolve, reject) => {
        const check = () => {
          if (!predicate()) return;
          done();
          resolve();
        };
        const timer = setTimeout(() => {
          done();
          reject(new Error(`fake Bot API: timed out after ${timeoutMs} ms waiting for ${what}`));
        }, timeoutMs);
        const done = () => {
          clearTimeout(timer);
          events.off('call', check);
        };
        events.on('call', check);
      });
    },
    async close() {
      pendingPoll?.resolve(null);
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/**
 * A 429 policy like Telegram's published guidance: at most `perSecond` messages a
 * second overall and `perChatPerSecond` per chat over a sliding second. Calls it
 * refuses do not count. retry_after is whole seconds (at least 1), as Telegram sends.
 */
export function slidingWindowLimit(limits: { perSecond: number; perChatPerSecond: number }): RateLimitPolicy {
  const overall: number[] = [];
  const perChat = new Map<string, number[]>();
  return ({ method, chatId, now }) => {
    if (method !== 'sendMessage') return null;
    const trim = (times: number[]) => {
      while (times.length > 0 && times[0]! <= now - 1000) times.shift();
    };
    trim(overall);
    const chatTimes = perChat.get(chatId ?? '') ?? [];
    trim(chatTimes);
    if (overall.length >= limits.perSecond || chatTimes.length >= limits.perChatPerSecond) return 1;
    overall.push(now);
    chatTimes.push(now);
    perChat.set(chatId ?? '', chatTimes);
    return null;
  };
}

function apiError(error_code: number, description: string, parameters?: ApiErrorAnswer['parameters']): ApiErrorAnswer {
  return parameters ? { error_code, description, parameters } : { error_code, description };
}

function isApiError(value: unknown): value is ApiErrorAnswer {
  return typeof value === 'object' && value !== null && typeof (value as ApiErrorAnswer).error_code === 'number';
}

function answer(res: ServerResponse, status: number, body: unknown): void {
  const json = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(json) });
  res.end(json);
}

async function readBody(req: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  if (text === '') return {};
  const type = req.headers['content-type'] ?? '';
  if (type.includes('application/json')) return JSON.parse(text) as Record<string, unknown>;
  if (type.includes('application/x-www-form-urlencoded')) return Object.fromEntries(new URLSearchParams(text));
  return {};
}

function parseMaybeJson(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  try {
    return JSON.parse(value) as unknown;
  } catch {
    return undefined;
  }
}
