import { parsePhoneNumberFromString } from 'libphonenumber-js';
import type { Reply } from '../../../conversations/contract.js';
import { renderNumbered } from '../../../conversations/sms/render.js';
import type { ChannelAdapter, OutboundMessage } from '../channel.js';
import { splitForSms, toSmsText } from './sms-text.js';

/**
 * The SMS adapter. Inbound: the fields of a gateway's webhook, in either of the two
 * shapes the webhook accepts —
 *
 * - Twilio-style form fields: `{ MessageSid, From, To, Body, … }` (as posted, all strings);
 * - the plain JSON variant: `{ "id": "…", "from": "+628…", "to": "1708", "text": "…" }`.
 *
 * The chat is the sender's number in E.164 (`+6281377001122`), which is also the
 * number the citizen can say "pakai nomor ini" to. The text goes to the engine exactly
 * as typed: `LAPOR <isi>` and a bare `1` are the engine's to read.
 *
 * Outbound: choices become numbered lines, the text is brought into GSM-7 and split
 * into `(i/n)` parts that each fit one SMS (see sms-text.ts).
 */

/** The parsed body of an inbound SMS webhook (form fields or the JSON object). */
export type SmsInboundPayload = Readonly<Record<string, unknown>>;

/** The region used to read numbers a gateway posts without a country code (`0813…`). */
const DEFAULT_COUNTRY = 'ID';

/** Builds the SMS adapter (stateless; one is enough for the process). */
export function createSmsAdapter(): ChannelAdapter<SmsInboundPayload> {
  return {
    channel: 'sms',

    parseInbound(payload, receivedAt) {
      const fields = readFields(payload);
      if (fields === null) return { status: 'rejected', reason: 'neither Twilio fields (MessageSid, From) nor JSON fields (id, from)' };
      const phone = parsePhoneNumberFromString(fields.from, DEFAULT_COUNTRY);
      if (!phone?.isPossible()) return { status: 'rejected', reason: `sender ${JSON.stringify(fields.from)} is not a phone number` };
      // An empty SMS (or an MMS with only a picture, which Twilio posts with an empty
      // Body) gives the engine nothing to read; answering it would cost the citizen
      // nothing but cost us an SMS each time a phone misfires.
      if (fields.text.trim() === '') return { status: 'ignored', reason: 'empty message' };
      return {
        status: 'accepted',
        envelope: {
          channel: 'sms',
          chatRef: phone.number,
          messageId: fields.id,
          senderPhone: phone.number,
          receivedAt,
          message: { type: 'text', text: fields.text },
        },
      };
    },

    render(chatRef, replies) {
      return replies.flatMap((reply) => renderReply(chatRef, reply));
    },
  };
}

function renderReply(chatRef: string, reply: Reply): OutboundMessage[] {
  const text = toSmsText(renderNumbered(reply));
  if (text === '') return [];
  return splitForSms(text).map((part) => ({ channel: 'sms', chatRef, text: part }));
}

interface SmsFields {
  id: string;
  from: string;
  to: string;
  text: string;
}

function readFields(payload: SmsInboundPayload): SmsFields | null {
  const text = (key: string) => (typeof payload[key] === 'string' ? (payload[key] as string) : undefined);
  // Twilio posts the same id as MessageSid, SmsSid and SmsMessageSid; older gateways
  // copying its format sometimes send only SmsSid.
  const twilioId = text('MessageSid') ?? text('SmsSid');
  const twilioFrom = text('From');
  if (twilioId && twilioFrom) return { id: twilioId, from: twilioFrom, to: text('To') ?? '', text: text('Body') ?? '' };
  const id = typeof payload.id === 'number' ? String(payload.id) : text('id');
  const from = text('from');
  if (id && from) return { id, from, to: text('to') ?? '', text: text('text') ?? '' };
  return null;
}
