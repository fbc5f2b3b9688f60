import { sql, type Kysely } from 'kysely';

/**
 * What the bot sent: one row per outbound message (a reply, a notification, a
 * reminder) with its fate, so an officer can see what the citizen actually received.
 * The id is the delivery id, which is also the delivery job's id: a re-run of the job
 * finds its row and, when `provider_message_id` is set, knows the channel already
 * accepted the message and does not send it again.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('outbound_messages')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('channel', 'text', (c) => c.notNull())
    .addColumn('chat_ref', 'text', (c) => c.notNull())
    // No foreign key to reports.ticket: the "report received" reply is queued in the
    // same breath as the report, before the intake worker has written its row.
    .addColumn('ticket', 'text')
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('buttons', 'jsonb')
    .addColumn('status', 'text', (c) =>
      c.notNull().defaultTo('queued').check(sql`status in ('queued', 'sent', 'retrying', 'failed')`),
    )
    // Channel calls made, including ones answered with 429.
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('provider_message_id', 'text')
    .addColumn('last_error_kind', 'text')
    .addColumn('last_error', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('sent_at', 'timestamptz')
    .execute();
  await sql`create index outbound_messages_ticket_idx on outbound_messages (ticket, created_at) where ticket is not null`.execute(db);
  await db.schema
    .createIndex('outbound_messages_chat_idx')
    .on('outbound_messages')
    .columns(['channel', 'chat_ref', 'created_at'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('outbound_messages').execute();
}
