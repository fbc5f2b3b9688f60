import { sql } from 'kysely';
import type { OutgoingMessage } from '../../bot/delivery/outbox.js';
import type { Db } from '../../db/database.js';
import type { WeeklyReminders } from '../../db/reminders/weekly-reminders.js';
import { channelSchema } from '../queues.js';
import { renderOpdReminder, renderSummary } from './render.js';

/** One message of the week to one officer, with the key that makes it happen once. */
export interface PlannedReminder {
  week: string;
  /** `opd`: the OPD's own overdue list; `summary`: a coordinator's ranking. */
  kind: 'opd' | 'summary';
  opdCode: string;
  officerId: string;
  message: OutgoingMessage & { deliveryId: string };
}

/** Channels an officer can be reached on by the delivery path. */
const OFFICER_CHANNELS = new Set(['telegram', 'whatsapp', 'sms']);

/** A delivery id keeps to letters, digits, `-`, `_`, `.`; OPD codes usually do already. */
const idPart = (s: string) => s.replace(/[^A-Za-z0-9_.-]/g, '_');

/**
 * The delivery id of a week's message to an officer: `rem-<week>-<opd>-<officer>` (or
 * `remsum-…` for a coordinator's ranking). Deterministic, so queuing it again is a no-op.
 */
export function reminderDeliveryId(kind: 'opd' | 'summary', week: string, opdCode: string, officerId: string): string {
  return `${kind === 'opd' ? 'rem' : 'remsum'}-${week}-${idPart(opdCode)}-${officerId}`;
}

/**
 * Every message of the week: each active officer of an OPD with overdue reports gets
 * that OPD's reminder; each active admin officer of a coordinating OPD also gets the
 * ranking of its jurisdiction (liaison officers of the coordinator unit get only the
 * list, the ranking is for whoever chases the OPDs).
 */
export async function planReminders(db: Db, reminders: WeeklyReminders): Promise<PlannedReminder[]> {
  const codes = [...new Set([...reminders.opds.map((o) => o.opdCode), ...reminders.summaries.map((s) => s.coordinatorCode)])];
  if (codes.length === 0) return [];
  // Every active officer in one pass (a few per OPD): cheaper than matching against a
  // list of thousands of codes, and the map below drops the ones with nothing to hear.
  const wanted = new Set(codes);
  const { rows } = await sql<{ id: string; opd_code: string; role: string; channel: string; chat_ref: string }>`
    select id::text, opd_code, role, channel, chat_ref from officers where active order by opd_code, id`.execute(db);
  const officersOf = new Map<string, typeof rows>();
  for (const row of rows) {
    if (!wanted.has(row.opd_code) || !OFFICER_CHANNELS.has(row.channel)) continue;
    const list = officersOf.get(row.opd_code) ?? [];
    list.push(row);
    officersOf.set(row.opd_code, list);
  }
  const week = reminders.week;
  const planned: PlannedReminder[] = [];
  for (const opd of reminders.opds) {
    for (const o of officersOf.get(opd.opdCode) ?? []) {
      const to = { channel: channelSchema.parse(o.channel), chatRef: o.chat_ref };
      const deliveryId = reminderDeliveryId('opd', week, opd.opdCode, o.id);
      planned.push({ week, kind: 'opd', opdCode: opd.opdCode, officerId: o.id, message: { ...renderOpdReminder(opd, to), deliveryId } });
    }
  }
  for (const summary of reminders.summaries) {
    for (const o of officersOf.get(summary.coordinatorCode) ?? []) {
      if (o.role !== 'admin') continue;
      const to = { channel: channelSchema.parse(o.channel), chatRef: o.chat_ref };
      const deliveryId = reminderDeliveryId('summary', week, summary.coordinatorCode, o.id);
      planned.push({
        week, kind: 'summary', opdCode: summary.coordinatorCode, officerId: o.id,
        message: { ...renderSummary(summary, to), deliveryId },
      });
    }
  }
  return planned;
}
