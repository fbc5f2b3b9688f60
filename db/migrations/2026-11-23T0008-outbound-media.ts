import type { Kysely } from 'kysely';

/**
 * The file an outbound message carried, when it carried one (a report's attachment
 * sent to an officer by the channel's own reference, `{kind, fileRef}`): without it
 * the record would show only the caption, not what the officer received.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('outbound_messages').addColumn('media', 'jsonb').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('outbound_messages').dropColumn('media').execute();
}
