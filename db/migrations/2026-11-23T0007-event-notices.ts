import { sql, type Kysely } from 'kysely';

/**
 * Lifecycle notices stored with their event: `report_events.notices` holds what the
 * transition said to tell (`{citizen?, opd?}`, notifications-queue payloads), written
 * in the same INSERT as the event. A crash between the COMMIT and the queueing then
 * delays the notice (the sweeper re-queues it) instead of losing it.
 *
 * Adding a nullable column without a default rewrites nothing and fires no trigger:
 * the append-only trigger guards UPDATE and DELETE of rows, not ALTER or INSERT.
 */
export async function up(db: Kysely<any>): Promise<void> {
  // Null for events that tell nobody (and for every event written before this).
  await db.schema.alterTable('report_events').addColumn('notices', 'jsonb').execute();
  // The sweeper reads a recent window of events with notices, every few minutes.
  // Partial, so the many events that tell nobody (submitted, routed…) stay out of it.
  await sql`
    create index report_events_notices_window_idx on report_events (created_at, id)
    where notices is not null`.execute(db);
}

/** Drops what `up` created. */
export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index if exists report_events_notices_window_idx`.execute(db);
  await db.schema.alterTable('report_events').dropColumn('notices').execute();
}
