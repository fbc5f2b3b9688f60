import { sql } from 'kysely';
import type { DeliveryOutbox } from '../../bot/delivery/outbox.js';
import type { Db } from '../../db/database.js';
import { computeWeeklyReminders, type ComputeOptions } from '../../db/reminders/weekly-reminders.js';
import { planReminders, type PlannedReminder } from './plan.js';

/**
 * Test seam: called after a batch's rows are recorded (`recorded`) and after the batch
 * is in the outbox (`enqueued`), before it is marked done. A hook that throws is a
 * worker dying at that point.
 */
export type ReminderCheckpoint = (stage: 'recorded' | 'enqueued', deliveryIds: readonly string[]) => void | Promise<void>;

/** What {@link runWeeklyReminders} needs. */
export interface RunRemindersDeps {
  db: Db;
  /** The delivery outbox; unused (may be omitted) on a dry run. */
  outbox?: DeliveryOutbox;
}

/** Options of {@link runWeeklyReminders}. */
export interface RunRemindersOptions extends ComputeOptions {
  /** The moment the reminders are for; also picks the week. */
  now: Date;
  /** Compute and return the messages, write and send nothing. @defaultValue false */
  dryRun?: boolean;
  /** Messages recorded and queued together. @defaultValue 500 */
  batchSize?: number;
  /** See {@link ReminderCheckpoint}. */
  checkpoint?: ReminderCheckpoint;
}

/** What a run did. */
export interface RunRemindersResult {
  week: string;
  /** Every message of the week. */
  planned: PlannedReminder[];
  /** Messages handed to the outbox by this run (on a dry run: those that would be). */
  enqueued: PlannedReminder[];
  /** Messages an earlier run of the week already handed over. */
  alreadySent: number;
  computeMs: number;
  enqueueMs: number;
}

/**
 * Computes the week's reminders and queues each message exactly once per week.
 * `reminder_runs` holds one row per (week, kind, OPD, officer): written before the
 * outbox call, marked `enqueued_at` after it. A re-run skips marked rows; an unmarked
 * row (the worker died around the outbox call) is queued again under the same
 * deterministic delivery id, which the delivery path deduplicates (job id, and the
 * outbound_messages record a sent message leaves). So two runs, or a run after a
 * crash, never send a week's message twice, and a crash never loses one.
 */
export async function runWeeklyReminders(deps: RunRemindersDeps, options: RunRemindersOptions): Promise<RunRemindersResult> {
  const started = performance.now();
  const reminders = await computeWeeklyReminders(deps.db, options.now, options);
  const planned = await planReminders(deps.db, reminders);
  const { rows: done } = await sql<{ delivery_id: string }>`
    select delivery_id from reminder_runs where week = ${reminders.week} and enqueued_at is not null`.execute(deps.db);
  const doneIds = new Set(done.map((r) => r.delivery_id));
  const pending = planned.filter((p) => !doneIds.has(p.message.deliveryId));
  const computeMs = performance.now() - started;
  const result = { week: reminders.week, planned, alreadySent: planned.length - pending.length, computeMs };
  if (options.dryRun) return { ...result, enqueued: pending, enqueueMs: 0 };

  if (!deps.outbox) throw new TypeError('runWeeklyReminders: an outbox is needed unless dryRun');
  const enqueueStarted = performance.now();
  const size = options.batchSize ?? 500;
  for (let i = 0; i < pending.length; i += size) {
    const batch = pending.slice(i, i + size);
    const ids = batch.map((p) => p.message.deliveryId);
    await sql`
      insert into reminder_runs (week, kind, opd_code, officer_id, delivery_id)
      select * from unnest(${batch.map((p) => p.week)}::text[], ${batch.map((p) => p.kind)}::text[],
                           ${batch.map((p) => p.opdCode)}::text[], ${batch.map((p) => p.officerId)}::bigint[], ${ids}::text[])
      on conflict do nothing`.execute(deps.db);
    await options.checkpoint?.('recorded', ids);
    await deps.outbox.enqueue(batch.map((p) => p.message));
    await options.checkpoint?.('enqueued', ids);
    await sql`update reminder_runs set enqueued_at = now() where delivery_id = any(${ids}::text[])`.execute(deps.db);
  }
  return { ...result, enqueued: pending, enqueueMs: performance.now() - enqueueStarted };
}
