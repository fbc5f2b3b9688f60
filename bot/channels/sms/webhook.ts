import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Logger } from '../../../core/logger.js';
import type { BotRuntime } from '../../runtime/index.js';
import type { ChannelAdapter, OutboundMessage } from '../channel.js';
import type { SmsInboundPayload } from './adapter.js';
import { parseSmsReceipt, type RecordSmsReceipt } from './receipts.js';
import { checkSmsAuth, type FormParams } from './signature.js';

/** Where the gateway posts citizens' messages. */
export const SMS_INBOUND_PATH = '/channels/sms/inbound';
/** Where the gateway posts delivery receipts (configure it as the StatusCallback). */
export const SMS_STATUS_PATH = '/channels/sms/status';

/** What {@link registerSmsRoutes} needs. */
export interface SmsWebhookDeps {
  adapter: ChannelAdapter<SmsInboundPayload>;
  runtime: Pick<BotRuntime, 'handleInbound'>;
  /** Hands rendered replies to the outbound path (the delivery queue, or the sender directly), in order. */
  deliver: (messages: OutboundMessage[]) => Promise<void>;
  /** SMS_WEBHOOK_SECRET: the Twilio auth token, the HMAC key or the shared secret. */
  secret: string;
  recordReceipt: RecordSmsReceipt;
  logger: Logger;
  /**
   * The public origin the gateway calls, e.g. `https://lapor.example.go.id`: Twilio
   * signs the full URL it used, which a reverse proxy hides from us.
   * @defaultValue rebuilt from the request's Host and X-Forwarded-Proto/Host headers
   */
  publicOrigin?: string | undefined;
  /** Clock for envelopes and receipts. @defaultValue `() => new Date()` */
  clock?: () => Date;
}

// Twilio reads the response as TwiML; an empty <Response/> means "send nothing back"
// (replies go out through the outbound gateway, where they are throttled and recorded).
const EMPTY_TWIML = '<?xml version="1.0" encoding="UTF-8"?><Response/>';
const MAX_BODY_BYTES = 64 * 1024;

/**
 * Registers `POST /channels/sms/inbound` and `POST /channels/sms/status` in their own
 * encapsulated context (form and JSON bodies are read raw there, for the signatures).
 *
 * Inbound answers: 401 without credentials, 403 with wrong ones (nothing is handled),
 * 400 for a body that is not an SMS, 503 when the runtime could not take the message
 * (the gateway retries; the runtime de-duplicates by MessageSid), else 200 with empty
 * TwiML (form) or `{"ok":true}` (JSON) once the runtime handled the message and its
 * replies were handed to `deliver`.
 */
export async function registerSmsRoutes(app: FastifyInstance, deps: SmsWebhookDeps): Promise<void> {
  const clock = deps.clock ?? (() => new Date());
  const log = deps.logger.child({ component: 'sms' });

  await app.register(async (scope) => {
    // Signatures cover the exact bytes (HMAC) or the parsed form (Twilio): keep the raw
    // text and parse it only after the request is authenticated.
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser(
      ['application/x-www-form-urlencoded', 'application/json'],
      { parseAs: 'string', bodyLimit: MAX_BODY_BYTES },
      (_req, body, done) => done(null, body),
    );

    scope.post(SMS_INBOUND_PATH, async (req, reply) => {
      const body = authenticatedBody(req, reply, deps);
      if (body === null) return reply;
      const outcome = deps.adapter.parseInbound(body.fields, clock());
      if (outcome.status === 'rejected') return reply.code(400).send({ error: outcome.reason });
      if (outcome.status === 'ignored') {
        log.debug({ reason: outcome.reason }, 'sms ignored');
        return ok(reply, body.form);
      }
      let replies;
      try {
        replies = await deps.runtime.handleInbound(outcome.envelope);
      } catch (err) {
        // CHAT_BUSY or Redis down: not handled, so let the gateway deliver it again.
        log.warn({ err }, 'sms not handled; asking the gateway to retry');
        return reply.code(503).send({ error: 'try again later' });
      }
      try {
        await deps.deliver(deps.adapter.render(outcome.envelope.chatRef, replies));
      } catch (err) {
        // The message is handled and its state saved: a retry would be a duplicate and
        // get no reply either, so acknowledge and leave the failure to the logs.
        log.error({ err }, 'sms replies could not be handed to the outbound path');
      }
      return ok(reply, body.form);
    });

    scope.post(SMS_STATUS_PATH, async (req, reply) => {
      const body = authenticatedBody(req, reply, deps);
      if (body === null) return reply;
      const receipt = parseSmsReceipt(body.fields, clock());
      if (receipt === null) return reply.code(400).send({ error: 'expected MessageSid and MessageStatus (or id and status)' });
      await deps.recordReceipt(receipt);
      return ok(reply, body.form);
    });
  });
}

interface ParsedBody {
  fields: SmsInboundPayload;
  /** True for a form post (answered with TwiML). */
  form: boolean;
}

// Answers 401/403/400 itself and returns null when the request goes no further.
function authenticatedBody(req: FastifyRequest, reply: FastifyReply, deps: SmsWebhookDeps): ParsedBody | null {
  const raw = typeof req.body === 'string' ? req.body : '';
  const isForm = (req.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded');
  const form = isForm ? parseForm(raw) : null;
  const auth = checkSmsAuth(deps.secret, { headers: req.headers, rawBody: raw, form, urls: requestUrls(req, deps.publicOrigin) });
  if (auth !== 'ok') {
    void reply.code(auth === 'missing' ? 401 : 403).send({ error: auth === 'missing' ? 'credentials required' : 'bad signature' });
    return null;
  }
  if (form !== null) {
    // Repeated names do not occur in SMS webhooks; the adapter reads the first value.
    const fields = Object.fromEntries(Object.entries(form).map(([k, v]) => [k, typeof v === 'string' ? v : v[0]]));
    return { fields, form: true };
  }
  try {
    const parsed: unknown = JSON.parse(raw);
    if (parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed)) {
      return { fields: parsed as SmsInboundPayload, form: false };
    }
  } catch {
    // Falls through to the 400 below.
  }
  void reply.code(400).send({ error: 'expected a form-encoded or JSON object body' });
  return null;
}

function parseForm(raw: string): FormParams {
  const out: Record<string, string | string[]> = {};
  for (const [name, value] of new URLSearchParams(raw)) {
    const seen = out[name];
    out[name] = seen === undefined ? value : [...(typeof seen === 'string' ? [seen] : seen), value];
  }
  return out;
}

function requestUrls(req: FastifyRequest, publicOrigin: string | undefined): string[] {
  if (publicOrigin) return [publicOrigin.replace(/\/+$/, '') + req.url];
  const first = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v)?.split(',')[0]?.trim();
  const host = first(req.headers['x-forwarded-host']) ?? req.headers.host ?? 'localhost';
  const proto = first(req.headers['x-forwarded-proto']);
  // Behind a TLS-terminating proxy without X-Forwarded-Proto we cannot know the
  // scheme Twilio used; trying both is safe because the HMAC still needs the secret.
  const schemes = proto ? [proto] : ['https', 'http'];
  return schemes.map((scheme) => `${scheme}://${host}${req.url}`);
}

function ok(reply: FastifyReply, form: boolean): FastifyReply {
  return form ? reply.type('text/xml').send(EMPTY_TWIML) : reply.send({ ok: true });
}
