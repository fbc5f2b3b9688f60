import { randomUUID } from 'node:crypto';
import { SendError } from '../../delivery/send-errors.js';
import type { ChannelSender, SendReceipt } from '../../delivery/sender.js';
import type { OutboundMessage } from '../channel.js';

/**
 * Sends SMS through an HTTP gateway, Twilio-style. Each message is one request:
 *
 * ```
 * POST <SMS_GATEWAY_URL>
 * Content-Type: application/x-www-form-urlencoded
 * Authorization: Basic <user:password from the URL>   (only if the URL carries them)
 *
 * To=%2B6281377001122&Body=...&From=1708&StatusCallback=https%3A%2F%2F…%2Fchannels%2Fsms%2Fstatus
 * ```
 *
 * `From` and `StatusCallback` are sent only when configured. A 2xx answer's JSON
 * `sid` (Twilio), `id`, `messageId` or `message_id` is the provider id that delivery
 * receipts refer to. For Twilio itself, SMS_GATEWAY_URL is
 * `https://<AccountSid>:<AuthToken>@api.twilio.com/2010-04-01/Accounts/<AccountSid>/Messages.json`.
 */

/** Options of {@link createSmsSender}. */
export interface SmsSenderOptions {
  /** SMS_GATEWAY_URL. Credentials in it (`https://user:pass@host/…`) are sent as basic auth, not in the URL. */
  gatewayUrl: string;
  /** The sender id or short code to send from (`From`). @defaultValue not sent: the gateway's default */
  from?: string | undefined;
  /** Where the gateway should post delivery receipts (`StatusCallback`). @defaultValue not sent */
  statusCallbackUrl?: string | undefined;
  /** Extra request headers (an API key header some gateways want). @defaultValue none */
  headers?: Record<string, string> | undefined;
  /** Abandons a request after this long and reports it as transient. @defaultValue 10 000 ms */
  timeoutMs?: number | undefined;
  /** @defaultValue the global fetch */
  fetch?: typeof fetch | undefined;
}

/** Wait suggested for a 429 without a Retry-After header. */
const DEFAULT_RETRY_AFTER_MS = 1000;
// Twilio 21610: the recipient answered STOP; the gateway will refuse every message to them.
const TWILIO_UNSUBSCRIBED = 21610;

/** Builds the SMS {@link ChannelSender}; failures are thrown as classified {@link SendError}s. */
export function createSmsSender(options: SmsSenderOptions): ChannelSender {
  const { url, authorization } = splitCredentials(options.gatewayUrl);
  const doFetch = options.fetch ?? fetch;
  const timeoutMs = options.timeoutMs ?? 10_000;

  return {
    channel: 'sms',
    async send(message: OutboundMessage): Promise<SendReceipt> {
      const form = new URLSearchParams({ To: message.chatRef, Body: message.text });
      if (options.from) form.set('From', options.from);
      if (options.statusCallbackUrl) form.set('StatusCallback', options.statusCallbackUrl);
      const headers: Record<string, string> = {
        'content-type': 'application/x-www-form-urlencoded',
        accept: 'application/json',
        ...options.headers,
      };
      if (authorization) headers.authorization = authorization;

      let response: Response;
      try {
        response = await doFetch(url, { method: 'POST', headers, body: form.toString(), signal: AbortSignal.timeout(timeoutMs) });
      } catch (err) {
        throw new SendError('transient', `SMS gateway unreachable: ${(err as Error).message}`);
      }
      const text = await response.text().catch(() => '');
      const json = parseJson(text);
      if (response.ok) return { providerMessageId: providerId(json) ?? `local-${randomUUID()}` };
      throw classify(response, json, text);
    },
  };
}

function classify(response: Response, json: Record<string, unknown> | null, text: string): SendError {
  const status = response.status;
  const detail = `SMS gateway answered ${status}: ${String(json?.message ?? text).slice(0, 200)}`;
  if (status === 429) return new SendError('throttled', detail, retryAfterMs(response.headers.get('retry-after')));
  if (status >= 500) return new SendError('transient', detail);
  if (status === 401 || status === 403) return new SendError('unauthorized', detail);
  if (Number(json?.code) === TWILIO_UNSUBSCRIBED) return new SendError('recipient_gone', detail);
  // 400 and every other 4xx: this message as written will never be accepted.
  return new SendError('rejected', detail);
}

function retryAfterMs(header: string | null): number {
  if (header === null) return DEFAULT_RETRY_AFTER_MS;
  const seconds = Number(header);
  if (Number.isFinite(seconds) && seconds >= 0) return Math.ceil(seconds * 1000);
  const at = Date.parse(header);
  return Number.isNaN(at) ? DEFAULT_RETRY_AFTER_MS : Math.max(0, at - Date.now());
}

function providerId(json: Record<string, unknown> | null): string | undefined {
  for (const key of ['sid', 'id', 'messageId', 'message_id', 'MessageSid']) {
    const value = json?.[key];
    if (typeof value === 'string' && value !== '') return value;
    if (typeof value === 'number') return String(value);
  }
  return undefined;
}

function parseJson(text: string): Record<string, unknown> | null {
  try {
    const value: unknown = JSON.parse(text);
    return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

// fetch refuses URLs with credentials in them; turn them into a basic-auth header.
function splitCredentials(gatewayUrl: string): { url: string; authorization?: string } {
  const url = new URL(gatewayUrl);
  if (url.username === '' && url.password === '') return { url: url.toString() };
  const user = decodeURIComponent(url.username);
  const password = decodeURIComponent(url.password);
  url.username = '';
  url.password = '';
  return { url: url.toString(), authorization: `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}` };
}
