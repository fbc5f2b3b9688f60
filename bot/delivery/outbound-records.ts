import { sql } from 'kysely';
import type { Db } from '../../db/database.js';
import type { NewOutboundMessageRow } from '../../db/tables/outbound.table.js';
import type { OutboundJobData } from '../../worker/queues.js';
import type { SendError } from './send-errors.js';

/**
 * The `outbound_messages` record: what was queued, what the channel accepted, what
 * was retried or given up and why. Keyed by delivery id, so every write is an upsert
 * and a job that runs twice updates one row.
 */

function newRow(id: string, message: OutboundJobData): NewOutboundMessageRow {
  return {
    id,
    channel: message.channel,
    chat_ref: message.chatRef,
    ticket: message.ticket ?? null,
    text: message.text,
    buttons: message.buttons ? JSON.stringify(message.buttons) : null,
    media: message.media ? JSON.stringify(message.media) : null,
  };
}

/** Records messages as queued; a delivery id already recorded is left as it is. */
export async function recordQueued(
  db: Db,
  messages: readonly { id: string; message: OutboundJobData }[],
): Promise<void> {
  if (messages.length === 0) return;
  await db
    .insertInto('outbound_messages')
    .values(messages.map((m) => newRow(m.id, m.message)))
    .onConflict((oc) => oc.column('id').doNothing())
    .execute();
}

/** The channel's id for this delivery when the channel already accepted it, else null. */
export async function findProviderMessageId(db: Db, id: string): Promise<string | null> {
  const row = await db
    .selectFrom('outbound_messages')
    .select('provider_message_id')
    .where('id', '=', id)
    .executeTakeFirst();
  return row?.provider_message_id ?? null;
}

/** The channel accepted the message: this is what makes a re-run skip the send. */
export async function recordSent(db: Db, id: string, message: OutboundJobData, providerMessageId: string): Promise<void> {
  await db
    .insertInto('outbound_messages')
    .values({ ...newRow(id, message), status: 'sent', attempts: 1, provider_message_id: providerMessageId, sent_at: sql`now()` })
    .onConflict((oc) =>
      oc.column('id').doUpdateSet({
        status: 'sent',
        attempts: sql`outbound_messages.attempts + 1`,
        provider_message_id: providerMessageId,
        sent_at: sql`now()`,
        updated_at: sql`now()`,
      }),
    )
    .execute();
}

/**
 * A channel call failed: `retrying` while the message will be tried again, `failed`
 * when it is given up. `called` is false when no channel call was made this time.
 */
export async function recordFailure(
  db: Db,
  id: string,
  message: OutboundJobData,
  status: 'retrying' | 'failed',
  error: SendError,
  called = true,
): Promise<void> {
  const attempts = called ? 1 : 0;
  await db
    .insertInto('outbound_messages')
    .values({ ...newRow(id, message), status, attempts, last_error_kind: error.kind, last_error: error.message })
    .onConflict((oc) =>
      oc.column('id').doUpdateSet({
        // A late failure report must not undo a recorded send.
        status: sql`case when outbound_messages.status = 'sent' then 'sent' else ${status} end`,
        attempts: sql`outbound_messages.attempts + ${attempts}`,
        last_error_kind: error.kind,
        last_error: error.message,
        updated_at: sql`now()`,
      }),
    )
    .execute();
}
