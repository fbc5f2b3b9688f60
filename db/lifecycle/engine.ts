import type { Transaction, Updateable } from 'kysely';
import type { Channel, Language } from '../../worker/queues.js';
import type { Database, Db } from '../database.js';
import { inTransaction } from '../officers/in-transaction.js';
import type { OfficerRole } from '../tables/officers.table.js';
import type { EventNotices, Report, ReportsTable, ReportStatus } from '../tables/reports.table.js';
import { inJurisdiction } from './jurisdiction.js';
import { LIFECYCLE, type LifecycleAction } from './transitions.js';
import type { Actor, CitizenNotice, OpdNotice, Refusal, RefusalReason, TransitionResult } from './types.js';

/** An officer as the store knows them right now, with their unit. */
export interface ActingOfficer {
  id: string;
  role: OfficerRole;
  channel: string;
  opdCode: string;
  opdName: string;
  /** The unit's region: the jurisdiction of an admin. */
  regionCode: string;
}

/** What a step sees: the locked report and the verified actor. */
export interface StepContext {
  trx: Transaction<Database>;
  report: Report;
  /** Set when the actor is an officer. */
  officer: ActingOfficer | null;
  now: Date;
}

/** What a step decided: the columns to change, the event's extra data and who to tell. */
export interface StepPlan {
  /** The new status when the table says `same` but the step changes it anyway (respond). */
  to?: ReportStatus;
  set?: Updateable<ReportsTable>;
  data?: Record<string, unknown>;
  notifyCitizen?: (report: Report) => Omit<CitizenNotice, 'type' | 'ticket' | 'channel' | 'chatRef' | 'language' | 'status'>;
  notifyOpd?: (report: Report) => OpdNotice | null;
}

/** A step of one action: checks that need the store, then the change. */
export type Step = (ctx: StepContext) => Promise<StepPlan | Refusal>;

/** A refusal. */
export function refuse(reason: RefusalReason, detail?: string): Refusal {
  return detail === undefined ? { ok: false, reason } : { ok: false, reason, detail };
}

/**
 * Runs one lifecycle action in ONE transaction: locks the report (`select … for
 * update`), reads the acting officer from the store, checks role, scope and the
 * lifecycle table, lets the step check its input against the store, then writes the
 * status change and one report_events row. Every refusal returns before the first
 * write, so a refused attempt changes nothing.
 */
export async function runTransition(
  db: Db,
  actor: Actor,
  action: LifecycleAction,
  ticket: string,
  now: Date,
  step: Step,
): Promise<TransitionResult> {
  const rule = LIFECYCLE[action];
  return inTransaction(db, async (trx): Promise<TransitionResult> => {
    const report = await trx.selectFrom('reports').selectAll().where('ticket', '=', ticket).forUpdate().executeTakeFirst();
    if (!report) return refuse('not_found');

    let officer: ActingOfficer | null = null;
    if (actor.kind === 'officer') {
      officer = await loadActingOfficer(trx, actor.officerId);
      if (!officer) return refuse('forbidden', 'unknown or disabled officer');
      if (officer.role !== rule.by) return refuse('forbidden', `${action} is for ${rule.by}s`);
      const inScope =
        officer.role === 'admin' ? inJurisdiction(officer.regionCode, report) : report.opd_code === officer.opdCode;
      if (!inScope) return refuse('forbidden', 'report outside the officer\'s OPD or jurisdiction');
    } else if (actor.kind === 'citizen') {
      if (rule.by !== 'citizen') return refuse('forbidden', `${action} is for ${rule.by}s`);
      if (report.source_channel !== actor.channel || report.chat_ref !== actor.chatRef) {
        return refuse('forbidden', 'not the citizen\'s own report');
      }
    } else if (rule.by !== 'system') {
      return refuse('forbidden', `${action} is for ${rule.by}s`);
    }

    if (!rule.from.includes(report.status)) {
      return refuse('invalid_transition', `${action} not allowed from ${report.status}`);
    }
    const plan = await step({ trx, report, officer, now });
    if ('ok' in plan) return plan;

    const to = plan.to ?? (rule.to === 'same' ? report.status : rule.to);
    const updated = await trx
      .updateTable('reports')
      .set({ ...plan.set, status: to })
      .where('id', '=', report.id)
      .returningAll()
      .executeTakeFirstOrThrow();
    const citizen = plan.notifyCitizen?.(updated);
    const notifyCitizen: CitizenNotice | null = citizen
      ? {
          type: 'status_changed',
          ticket: updated.ticket,
          channel: updated.source_channel as Channel,
          chatRef: updated.chat_ref,
          language: updated.language as Language,
          status: updated.status,
          ...citizen,
        }
      : null;
    const notifyOpd = plan.notifyOpd?.(updated) ?? null;
    const event = await trx
      .insertInto('report_events')
      .values({
        report_id: report.id,
        type: rule.event,
        actor_kind: actor.kind === 'officer' ? (officer!.role === 'admin' ? 'admin' : 'officer') : actor.kind,
        actor_ref: actor.kind === 'officer' ? officer!.id : actor.kind,
        channel: actor.kind === 'officer' ? officer!.channel : actor.kind === 'citizen' ? actor.channel : null,
        data: JSON.stringify({ action, from: report.status, to, ...plan.data }),
        // Stored in the same INSERT (same transaction) as the event, so a committed
        // change always has its notices: the caller's queueing is the fast path and
        // the sweeper (worker/maintenance) re-queues whatever a crash left behind.
        notices: storedNotices(notifyCitizen, notifyOpd),
        created_at: now,
      })
      .returningAll()
      .executeTakeFirstOrThrow();

    return { ok: true, report: updated, event, notifyCitizen, notifyOpd };
  });
}

/** The event's `notices` column: null when nobody is to be told (most sweeps skip it). */
function storedNotices(citizen: CitizenNotice | null, opd: OpdNotice | null): string | null {
  if (!citizen && !opd) return null;
  const notices: EventNotices = {};
  if (citizen) notices.citizen = citizen;
  if (opd) notices.opd = opd;
  return JSON.stringify(notices);
}

/**
 * The officer behind an id, if they and their unit are active. Read with `for share`
 * so a concurrent disable or move waits for this transaction (and vice versa).
 */
export async function loadActingOfficer(db: Db, officerId: string): Promise<ActingOfficer | null> {
  if (!/^\d{1,18}$/.test(officerId)) return null;
  const row = await db
    .selectFrom('officers as o')
    .innerJoin('opd', 'opd.code', 'o.opd_code')
    .select(['o.id', 'o.role', 'o.channel', 'o.opd_code', 'opd.name as opd_name', 'opd.region_code'])
    .where('o.id', '=', officerId)
    .where('o.active', '=', true)
    .where('opd.active', '=', true)
    .forShare('o')
    .executeTakeFirst();
  if (!row) return null;
  return { id: row.id, role: row.role, channel: row.channel, opdCode: row.opd_code, opdName: row.opd_name, regionCode: row.region_code };
}
