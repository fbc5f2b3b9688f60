import { sql, type Kysely } from 'kysely';

/**
 * Delivery receipts: the gateway's later word on a message it accepted. Twilio posts
 * `MessageSid` + `MessageStatus` (+ `ErrorCode` on failure) to the StatusCallback URL;
 * the JSON variant posts `{ "id": "…", "status": "…", "error": "…" }`.
 */

/** Statuses a receipt may carry (Twilio's set; other gateways use a subset). */
export const SMS_RECEIPT_STATUSES = [
  'accepted',
  'scheduled',
  'queued',
  'sending',
  'sent',
  'delivered',
  'undelivered',
  'failed',
  'canceled',
  'read',
] as const;

/** One receipt status. */
export type SmsReceiptStatus = (typeof SMS_RECEIPT_STATUSES)[number];

/** One delivery receipt, normalized. */
export interface SmsDeliveryReceipt {
  /** The gateway's id of the message (what the sender returned as providerMessageId). */
  providerMessageId: string;
  status: SmsReceiptStatus;
  /** The gateway's error code for `undelivered`/`failed` (Twilio 30003: unreachable handset…). */
  errorCode: string | null;
  receivedAt: Date;
}

/** Stores a receipt; called once per accepted receipt post (gateways may post one twice). */
export type RecordSmsReceipt = (receipt: SmsDeliveryReceipt) => Promise<void>;

/** Reads a receipt from webhook fields; null when the fields are not a receipt. */
export function parseSmsReceipt(fields: Readonly<Record<string, unknown>>, receivedAt: Date): SmsDeliveryReceipt | null {
  const text = (key: string) => (typeof fields[key] === 'string' && fields[key] !== '' ? (fields[key] as string) : undefined);
  const id = text('MessageSid') ?? text('SmsSid') ?? text('id');
  const status = (text('MessageStatus') ?? text('SmsStatus') ?? text('status'))?.toLowerCase();
  if (!id || !status || !(SMS_RECEIPT_STATUSES as readonly string[]).includes(status)) return null;
  const errorCode = text('ErrorCode') ?? text('error') ?? (typeof fields.error === 'number' ? String(fields.error) : undefined);
  return { providerMessageId: id, status: status as SmsReceiptStatus, errorCode: errorCode ?? null, receivedAt };
}

/**
 * Records receipts in `sms_delivery_receipts` (migration 2026-11-23T0003), one row per
 * message and status: a gateway re-posting the same receipt changes nothing. The
 * newest row of a message is its fate as far as the gateway knows.
 *
 * A failed or undelivered SMS also marks its `outbound_messages` row (found by the
 * provider id the sender returned) `failed` with the gateway's reason, so an officer
 * looking at what the citizen received sees it never arrived. `outbound_messages`
 * has no "delivered" status: delivery stays in the receipts table, joined by provider id.
 */
export function createSmsReceiptStore(db: Kysely<any>): RecordSmsReceipt {
  return async (receipt) => {
    await db.transaction().execute(async (trx) => {
      await sql`
        insert into sms_delivery_receipts (provider_message_id, status, error_code, received_at)
        values (${receipt.providerMessageId}, ${receipt.status}, ${receipt.errorCode}, ${receipt.receivedAt})
        on conflict (provider_message_id, status) do nothing`.execute(trx);
      if (receipt.status === 'undelivered' || receipt.status === 'failed') {
        const reason = `gateway receipt: ${receipt.status}${receipt.errorCode ? ` (error ${receipt.errorCode})` : ''}`;
        await sql`
          update outbound_messages set status = 'failed', last_error = ${reason}, updated_at = now()
          where channel = 'sms' and provider_message_id = ${receipt.providerMessageId}`.execute(trx);
      }
    });
  };
}
