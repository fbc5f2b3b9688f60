import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * How the SMS webhooks tell a gateway from a stranger. Three ways are accepted, all
 * keyed by SMS_WEBHOOK_SECRET:
 *
 * - `X-Twilio-Signature`: Twilio's scheme — base64 HMAC-SHA1, keyed by the auth token,
 *   of the full URL the gateway called followed by every POST parameter's name and
 *   value, sorted by name (https://www.twilio.com/docs/usage/security#validating-requests);
 * - `X-Sms-Signature: sha256=<hex>`: HMAC-SHA256 of the raw body (gateways that sign JSON);
 * - `X-Sms-Secret: <secret>`: the secret itself (gateways that can only add a header;
 *   use HTTPS).
 */

/** Header names, lower case as node reports them. */
export const SMS_AUTH_HEADERS = {
  twilio: 'x-twilio-signature',
  hmac: 'x-sms-signature',
  secret: 'x-sms-secret',
} as const;

/** The outcome of checking a request: `missing` answers 401, `invalid` 403. */
export type SmsAuthResult = 'ok' | 'missing' | 'invalid';

/** Form parameters as parsed: a repeated name carries every value. */
export type FormParams = Readonly<Record<string, string | readonly string[]>>;

/**
 * Twilio's request signature for a URL and its POST parameters.
 *
 * @example twilioSignature('token', 'https://x.id/channels/sms/inbound', { Body: 'halo', From: '+62…' })
 */
export function twilioSignature(authToken: string, url: string, params: FormParams): string {
  let data = url;
  for (const name of Object.keys(params).sort()) {
    const value = params[name]!;
    // Repeated parameters: Twilio's helper libraries append each value, sorted.
    const values = typeof value === 'string' ? [value] : [...value].sort();
    for (const v of values) data += name + v;
  }
  return createHmac('sha1', authToken).update(data, 'utf8').digest('base64');
}

/** `sha256=<hex>` over the raw body: what a gateway puts in `X-Sms-Signature`. */
export function bodySignature(secret: string, rawBody: string): string {
  return `sha256=${createHmac('sha256', secret).update(rawBody, 'utf8').digest('hex')}`;
}

/** What {@link checkSmsAuth} looks at. */
export interface SmsAuthInput {
  headers: Readonly<Record<string, string | string[] | undefined>>;
  rawBody: string;
  /** The form parameters, for Twilio's signature; null for a JSON body. */
  form: FormParams | null;
  /** URLs the gateway may have called (proxies change scheme and port); Twilio signs the one it used. */
  urls: readonly string[];
}

/** Checks a webhook request against the shared secret by whichever scheme it uses. */
export function checkSmsAuth(secret: string, input: SmsAuthInput): SmsAuthResult {
  const header = (name: string) => {
    const v = input.headers[name];
    return Array.isArray(v) ? v[0] : v;
  };
  const twilio = header(SMS_AUTH_HEADERS.twilio);
  const hmac = header(SMS_AUTH_HEADERS.hmac);
  const plain = header(SMS_AUTH_HEADERS.secret);
  if (twilio === undefined && hmac === undefined && plain === undefined) return 'missing';

  if (twilio !== undefined && input.form !== null) {
    const form = input.form;
    if (withPortVariants(input.urls).some((url) => same(twilio, twilioSignature(secret, url, form)))) return 'ok';
  }
  if (hmac !== undefined && same(hmac.toLowerCase(), bodySignature(secret, input.rawBody))) return 'ok';
  if (plain !== undefined && same(plain, secret)) return 'ok';
  return 'invalid';
}

// Twilio's own validators try the URL with and without the default port, since a
// proxy may add or drop it between what Twilio signed and what we see.
function withPortVariants(urls: readonly string[]): string[] {
  const out = new Set<string>();
  for (const raw of urls) {
    out.add(raw);
    try {
      const url = new URL(raw);
      const defaultPort = url.protocol === 'https:' ? '443' : '80';
      if (url.port === '') out.add(raw.replace(url.host, `${url.hostname}:${defaultPort}`));
      else if (url.port === defaultPort) out.add(raw.replace(url.host, url.hostname));
    } catch {
      // Not a URL (a malformed Host header): the plain string was tried above.
    }
  }
  return [...out];
}

// Constant-time: a signature must not leak through response timing.
function same(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}
