import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A local stand-in for the Telegram Bot API's `sendMessage`, for tests and the
 * delivery benchmark: it enforces Telegram's published limits the way Telegram answers
 * them (429 with `parameters.retry_after`) and remembers every request, so a test can
 * check what arrived, when, and how often.
 */

/** One request the fake received. */
export interface FakeRequest {
  /** Arrival time, ms since the epoch with sub-ms precision. */
  at: number;
  chatId: string;
  text: string;
  /** The HTTP status it was answered with. */
  status: number;
  /** True when the 429 came from {@link FakeTelegram.inject429} rather than the limits. */
  injected: boolean;
  /** Which limit a 429 not injected enforced. */
  exceeded?: 'overall' | 'chat';
}

/** The fake's limits. */
export interface FakeTelegramOptions {
  /** The token in `/bot<token>/sendMessage`; any other answers 401. @defaultValue 'TEST:TOKEN' */
  token?: string;
  /** Accepted messages allowed in any sliding second. @defaultValue 30 */
  perSecond?: number;
  /** Accepted messages allowed into one chat in any sliding second. @defaultValue 1 */
  perChatPerSecond?: number;
  /** Chats that blocked the bot (answered 403). */
  blockedChats?: string[];
}

/** An answer forced on the next matching request. */
export interface Injection {
  status: number;
  body: unknown;
  /** Only requests whose text contains this. @defaultValue any */
  textIncludes?: string;
}

const now = () => performance.timeOrigin + performance.now();

/** What tests and the benchmark use of a fake, whether it runs in this process or its own. */
export interface FakeTelegramControl {
  readonly apiRoot: string;
  readonly token: string;
  /** Every request so far, in arrival order. */
  requests(): Promise<FakeRequest[]>;
  /** Answers the next `count` requests (whose text contains `textIncludes`) with 429 retry_after `seconds`. */
  inject429(seconds: number, count?: number, textIncludes?: string): Promise<void>;
  /** Forces an answer on the next matching request (a 502, a 401…). */
  inject(injection: Injection): Promise<void>;
  close(): Promise<void>;
}

/**
 * A running fake Bot API server. Besides `sendMessage` it serves `GET /__fake/requests`
 * and `POST /__fake/inject`, so a fake in its own process (fake-telegram-process.ts)
 * can be read and steered over HTTP.
 */
export class FakeTelegram implements FakeTelegramControl {
  /** Every request, in arrival order. */
  readonly log: FakeRequest[] = [];
  readonly #accepted: number[] = [];
  readonly #acceptedByChat = new Map<string, number[]>();
  readonly #injections: Injection[] = [];
  #nextMessageId = 1;

  private constructor(
    /** The underlying HTTP server. */
    readonly server: Server,
    /** `http://127.0.0.1:<port>`, what TELEGRAM_API_ROOT would be. */
    readonly apiRoot: string,
    /** The only token it accepts. */
    readonly token: string,
    private readonly options: Required<FakeTelegramOptions>,
  ) {}

  /** Starts the fake on 127.0.0.1 on a free port. */
  static async start(options: FakeTelegramOptions = {}): Promise<FakeTelegram> {
    const opts: Required<FakeTelegramOptions> = {
      token: options.token ?? 'TEST:TOKEN',
      perSecond: options.perSecond ?? 30,
      perChatPerSecond: options.perChatPerSecond ?? 1,
      blockedChats: options.blockedChats ?? [],
    };
    let fake: FakeTelegram | undefined;
    const server = createServer((req, res) => void fake!.handle(req, res));
    server.keepAliveTimeout = 60_000;
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    fake = new FakeTelegram(server, `http://127.0.0.1:${port}`, opts.token, opts);
    return fake;
  }

  /** A copy of every request so far. */
  async requests(): Promise<FakeRequest[]> {
    return [...this.log];
  }

  /** See {@link FakeTelegramControl.inject429}. */
  async inject429(seconds: number, count = 1, textIncludes?: string): Promise<void> {
    for (let i = 0; i < count; i++) {
      this.#injections.push({
        status: 429,
        body: {
          ok: false,
          error_code: 429,
          description: `Too Many Requests: retry after ${seconds}`,
          parameters: { retry_after: seconds },
        },
        ...(textIncludes === undefined ? {} : { textIncludes }),
      });
    }
  }

  /** See {@link FakeTelegramControl.inject}. */
  async inject(injection: Injection): Promise<void> {
    this.#injections.push(injection);
  }

  /** Stops the server, dropping kept-alive connections. */
  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const at = now();
    if (req.url?.startsWith('/__fake/')) return this.control(req.url, Buffer.concat(chunks).toString('utf8'), res);
    const reply = (status: number, body: unknown, chatId: string, text: string, injected = false, exceeded?: 'overall' | 'chat') => {
      this.log.push({ at, chatId, text, status, injected, ...(exceeded ? { exceeded } : {}) });
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    if (req.method !== 'POST' || req.url !== `/bot${this.token}/sendMessage`) {
      return reply(req.url?.endsWith('/sendMessage') ? 401 : 404,
        { ok: false, error_code: 401, description: 'Unauthorized' }, '', '');
    }
    let payload: { chat_id?: unknown; text?: unknown };
    try {
      payload = JSON.parse(Buffer.concat(chunks).toString('utf8')) as typeof payload;
    } catch {
      return reply(400, { ok: false, error_code: 400, description: 'Bad Request: invalid JSON' }, '', '');
    }
    const chatId = String(payload.chat_id ?? '');
    const text = typeof payload.text === 'string' ? payload.text : '';
    if (!chatId || !text) {
      return reply(400, { ok: false, error_code: 400, description: 'Bad Request: message text is empty' }, chatId, text);
    }

    const forced = this.#injections.findIndex((i) => i.textIncludes === undefined || text.includes(i.textIncludes));
    if (forced >= 0) {
      const [injection] = this.#injections.splice(forced, 1);
      return reply(injection!.status, injection!.body, chatId, text, true);
    }
    if (this.options.blockedChats.includes(chatId)) {
      return reply(403, { ok: false, error_code: 403, description: 'Forbidden: bot was blocked by the user' }, chatId, text);
    }

    const overall = this.waitMs(this.#accepted, this.options.perSecond, at);
    const chat = this.waitMs(this.#acceptedByChat.get(chatId) ?? [], this.options.perChatPerSecond, at);
    const wait = Math.max(overall, chat);
    if (wait > 0) {
      const seconds = Math.max(1, Math.ceil(wait / 1000));
      return reply(429, {
        ok: false,
        error_code: 429,
        description: `Too Many Requests: retry after ${seconds}`,
        parameters: { retry_after: seconds },
      }, chatId, text, false, overall > 0 ? 'overall' : 'chat');
    }
    this.#accepted.push(at);
    const perChat = this.#acceptedByChat.get(chatId) ?? [];
    perChat.push(at);
    this.#acceptedByChat.set(chatId, perChat);
    const messageId = this.#nextMessageId++;
    return reply(200, {
      ok: true,
      result: { message_id: messageId, date: Math.floor(at / 1000), chat: { id: Number(chatId) || chatId, type: 'private' }, text },
    }, chatId, text);
  }

  private control(url: string, body: string, res: ServerResponse): void {
    if (url === '/__fake/inject') this.#injections.push(JSON.parse(body) as Injection);
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(url === '/__fake/requests' ? JSON.stringify(this.log) : '{}');
  }

  /** How long until one more message fits a sliding second (at-1000, at] holding `times` (0: now). */
  private waitMs(times: number[], limit: number, at: number): number {
    let n = 0;
    for (let i = times.length - 1; i >= 0 && times[i]! > at - 1000; i--) n++;
    return n < limit ? 0 : times[times.length - limit]! + 1000 - at;
  }
}

/** Requests the fake accepted (answered 200). */
export function delivered(requests: readonly FakeRequest[]): FakeRequest[] {
  return requests.filter((r) => r.status === 200);
}

/** 429 answers the fake gave because its limits were exceeded (not injected ones). */
export function limitViolations(requests: readonly FakeRequest[]): FakeRequest[] {
  return requests.filter((r) => r.status === 429 && !r.injected);
}

/** The most events found in any window of `windowMs` (half-open), given sorted times. */
export function maxInWindow(times: readonly number[], windowMs = 1000): number {
  let best = 0;
  let start = 0;
  for (let end = 0; end < times.length; end++) {
    while (times[end]! - times[start]! >= windowMs) start++;
    best = Math.max(best, end - start + 1);
  }
  return best;
}
