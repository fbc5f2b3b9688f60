import { sql, type Kysely } from 'kysely';

/**
 * The people who act on reports: officers linked to an OPD through a single-use
 * invite, the admin audit trail (actions that are not about one report), and the
 * lifecycle timestamps, rating and reopen count the SLA clocks and recap figures need.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('officers')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('opd_code', 'text', (c) => c.notNull().references('opd.code'))
    // liaison: Pejabat Penghubung of the OPD; admin: coordinating admin of its jurisdiction
    .addColumn('role', 'text', (c) => c.notNull().check(sql`role in ('liaison','admin')`))
    .addColumn('channel', 'text', (c) => c.notNull())
    .addColumn('chat_ref', 'text', (c) => c.notNull())
    .addColumn('display_name', 'text')
    .addColumn('active', 'boolean', (c) => c.notNull().defaultTo(true))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    // One chat is one officer: the bot must know who is writing.
    .addUniqueConstraint('officers_channel_chat_key', ['channel', 'chat_ref'])
    .execute();
  await db.schema.createIndex('officers_opd_idx').on('officers').columns(['opd_code', 'active']).execute();

  await db.schema
    .createTable('officer_invites')
    // Only a hash is stored: a leaked table must not let anyone enrol.
    .addColumn('code_hash', 'text', (c) => c.primaryKey())
    .addColumn('opd_code', 'text', (c) => c.notNull().references('opd.code'))
    .addColumn('role', 'text', (c) => c.notNull().check(sql`role in ('liaison','admin')`))
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('expires_at', 'timestamptz', (c) => c.notNull())
    .addColumn('used_at', 'timestamptz')
    .addColumn('used_by_officer_id', 'bigint', (c) => c.references('officers.id'))
    .execute();

  await db.schema
    .createTable('admin_events')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    // e.g. invite_created, officer_enrolled, officer_disabled, officer_moved
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('actor', 'text', (c) => c.notNull())
    .addColumn('data', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await sql`
    create trigger admin_events_no_rewrite before update or delete on admin_events
    for each row execute function report_events_append_only()`.execute(db);

  await db.schema
    .alterTable('reports')
    .addColumn('verified_at', 'timestamptz')
    .addColumn('disposed_at', 'timestamptz')
    .addColumn('answered_at', 'timestamptz')
    .addColumn('resolved_at', 'timestamptz')
    .addColumn('closed_at', 'timestamptz')
    .addColumn('rating', 'smallint', (c) => c.check(sql`rating between 1 and 5`))
    .addColumn('reopen_count', 'smallint', (c) => c.notNull().defaultTo(0))
    .execute();
}

/** Drops what `up` added. */
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('reports')
    .dropColumn('verified_at')
    .dropColumn('disposed_at')
    .dropColumn('answered_at')
    .dropColumn('resolved_at')
    .dropColumn('closed_at')
    .dropColumn('rating')
    .dropColumn('reopen_count')
    .execute();
  await db.schema.dropTable('admin_events').execute();
  await db.schema.dropTable('officer_invites').execute();
  await db.schema.dropTable('officers').execute();
}
