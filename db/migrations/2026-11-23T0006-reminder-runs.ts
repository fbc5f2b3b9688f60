import { sql, type Kysely } from 'kysely';

/**
 * Weekly reminders: `reminder_runs` remembers which (ISO week, recipient) message was
 * handed to the delivery outbox, so a second run of the week's job, or a re-run after
 * a worker died mid-way, queues nothing new. Also the partial indexes the overdue
 * query reads: only open reports are in them, so they stay small however many
 * resolved reports pile up, and they carry the columns the query needs (index-only).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('reminder_runs')
    // ISO week in Jakarta, e.g. 2026-W48
    .addColumn('week', 'text', (c) => c.notNull())
    // opd: the OPD's own overdue list; summary: a coordinating admin's ranking
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('opd','summary')`))
    .addColumn('opd_code', 'text', (c) => c.notNull())
    .addColumn('officer_id', 'bigint', (c) => c.notNull())
    // Also the outbox delivery id: rem-<week>-<opd>-<officer> / remsum-<week>-<opd>-<officer>
    .addColumn('delivery_id', 'text', (c) => c.notNull().unique())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    // Null while the message may not have reached the outbox yet: a re-run queues it
    // again under the same delivery id, which the delivery path deduplicates.
    .addColumn('enqueued_at', 'timestamptz')
    .addPrimaryKeyConstraint('reminder_runs_pkey', ['week', 'kind', 'opd_code', 'officer_id'])
    .execute();

  // Unverified reports belong to the coordinating admin; the range on the due date is
  // what selects, so it leads.
  await sql`
    create index reports_verification_overdue_idx on reports (verification_due_at)
    include (coordinator_opd_code, opd_code, ticket)
    where status in ('submitted','postponed')`.execute(db);
  await sql`
    create index reports_followup_overdue_idx on reports (followup_due_at)
    include (opd_code, status, answered_at, ticket)
    where status in ('disposed','in_progress')`.execute(db);
  // Resolution rate per OPD over a recent window of submissions.
  await sql`create index reports_opd_submitted_idx on reports (opd_code, submitted_at) include (status)`.execute(db);
}

/** Drops what `up` created. */
export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index if exists reports_opd_submitted_idx`.execute(db);
  await sql`drop index if exists reports_followup_overdue_idx`.execute(db);
  await sql`drop index if exists reports_verification_overdue_idx`.execute(db);
  await db.schema.dropTable('reminder_runs').execute();
}
