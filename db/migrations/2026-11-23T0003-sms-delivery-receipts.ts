import { sql, type Kysely } from 'kysely';

/**
 * Delivery receipts posted by the SMS gateway (bot/channels/sms/receipts.ts): what
 * became of each SMS after the gateway accepted it (queued, sent, delivered,
 * undelivered, failed), keyed by the gateway's message id. Also indexes
 * `outbound_messages` by provider id, which is how a failed receipt finds its message.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('sms_delivery_receipts')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('provider_message_id', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('error_code', 'text')
    .addColumn('received_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    // Gateways re-post a receipt they got no 2xx for; the second post adds nothing.
    .addUniqueConstraint('sms_delivery_receipts_message_status', ['provider_message_id', 'status'])
    .execute();
  await sql`create index outbound_messages_provider_idx on outbound_messages (provider_message_id) where provider_message_id is not null`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index if exists outbound_messages_provider_idx`.execute(db);
  await db.schema.dropTable('sms_delivery_receipts').execute();
}
