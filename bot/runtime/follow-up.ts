import type { Queue } from 'bullmq';
import { pino } from 'pino';
import type { FollowUpOutcome, FollowUpRefusal } from '../../conversations/contract.js';
import type { Logger } from '../../core/logger.js';
import type { Db } from '../../db/database.js';
import { rate, reopen, respond, DEFAULT_SLA_LIMITS, type Actor, type SlaLimits, type TransitionResult } from '../../db/lifecycle/index.js';
import { queueLifecycleNotices } from '../../worker/lifecycle-notices.js';
import type { Channel } from '../../worker/queues.js';

/**
 * A citizen's actions on a report they already sent, carried out in the store as that
 * citizen: the store checks the report was filed from the same channel and chat, so a
 * ticket seen over someone's shoulder gives nothing away. Each resolves with an outcome
 * the engine words ({@link ConversationEngine.renderFollowUp}); only a fault of the
 * store rejects.
 */
export interface CitizenFollowUp {
  /** Relays a message to the unit that has the report (the coordinator's before disposition). */
  respond(channel: Channel, chatRef: string, ticket: string, text: string, now: Date): Promise<FollowUpOutcome>;
  /** Rates a resolved report 1–5, once. */
  rate(channel: Channel, chatRef: string, ticket: string, rating: number, now: Date): Promise<FollowUpOutcome>;
  /** Reopens a resolved report, once, with the citizen's reason. */
  reopen(channel: Channel, chatRef: string, ticket: string, reason: string, now: Date): Promise<FollowUpOutcome>;
}

/** Options of {@link createCitizenFollowUp}. */
export interface CitizenFollowUpOptions {
  /** The deployment's working-day limits (FOLLOWUP_WORKING_DAYS …). @defaultValue the national defaults */
  limits?: SlaLimits;
  /** @defaultValue a silent logger */
  logger?: Logger;
}

type Action = 'respond' | 'rate' | 'reopen';

/**
 * The default {@link CitizenFollowUp}: db/lifecycle's citizen actions, then the
 * resulting notices on the notifications queue (a `citizen_message` for the OPD's
 * officers, a `new_report_for_opd` on reopening). The notices are queued after the
 * transaction commits, keyed by the event id; if queueing fails the action still
 * stands (the officers' view of the report shows it) and the fault is logged, rather
 * than telling the citizen it failed and inviting a duplicate.
 */
export function createCitizenFollowUp(db: Db, notifications: Queue, options: CitizenFollowUpOptions = {}): CitizenFollowUp {
  const limits = options.limits ?? DEFAULT_SLA_LIMITS;
  const logger = options.logger ?? pino({ level: 'silent' });

  async function carryOut(action: Action, ticket: string, run: () => Promise<TransitionResult>): Promise<FollowUpOutcome> {
    const result = await run();
    if (!result.ok) return { ok: false, reason: await refusal(action, ticket, result.reason) };
    try {
      await queueLifecycleNotices(notifications, result);
    } catch (err) {
      logger.error({ err, ticket, action, eventId: result.event.id }, 'lifecycle notice not queued; the action is stored');
    }
    // The unit that gets the message, or the report back: the handler, or before
    // disposition the coordinator.
    const opdCode = result.notifyOpd?.opdCode ?? (action === 'rate' ? null : result.report.opd_code);
    return { ok: true, opdName: opdCode ? await opdName(opdCode) : null };
  }

  async function opdName(code: string): Promise<string | null> {
    const row = await db.selectFrom('opd').select('name').where('code', '=', code).executeTakeFirst();
    return row?.name ?? null;
  }

  // The store's refusal in the citizen's terms. "Not allowed from this status" means
  // different things per action; the row (read only on this rare path) tells which.
  async function refusal(action: Action, ticket: string, reason: string): Promise<FollowUpRefusal> {
    if (reason === 'not_found' || reason === 'forbidden') return 'not_found';
    if (reason === 'invalid_input') return 'invalid';
    if (action === 'respond') return 'not_open';
    const row = await db
      .selectFrom('reports')
      .select(['status', 'rating', 'reopen_count'])
      .where('ticket', '=', ticket)
      .executeTakeFirst();
    if (!row || row.status !== 'resolved') return 'not_resolved';
    if (action === 'rate') return row.rating !== null ? 'already_rated' : 'not_resolved';
    return row.reopen_count >= 1 ? 'already_reopened' : 'not_resolved';
  }

  const citizen = (channel: Channel, chatRef: string): Actor => ({ kind: 'citizen', channel, chatRef });

  return {
    respond: (channel, chatRef, ticket, text, now) =>
      carryOut('respond', ticket, () => respond(db, citizen(channel, chatRef), { ticket, text }, now, limits)),
    rate: (channel, chatRef, ticket, rating, now) =>
      carryOut('rate', ticket, () => rate(db, citizen(channel, chatRef), { ticket, rating }, now)),
    reopen: (channel, chatRef, ticket, reason, now) =>
      carryOut('reopen', ticket, () => reopen(db, citizen(channel, chatRef), { ticket, text: reason }, now, limits)),
  };
}
