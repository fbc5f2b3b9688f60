import type { Language, Channel } from '../../worker/queues.js';
import type { Report, ReportEvent, ReportStatus } from '../tables/reports.table.js';

/**
 * Who asks for a transition. An officer is named by id only: their role, OPD and
 * whether they are still active are read from the store inside the transaction,
 * never taken from the caller (a stale menu must not grant anything).
 */
export type Actor =
  | { kind: 'officer'; officerId: string }
  | { kind: 'citizen'; channel: string; chatRef: string }
  | { kind: 'system' };

/**
 * Why a transition was refused. A refusal changes nothing: no row, no event.
 * - `not_found`: no report with that ticket;
 * - `forbidden`: the actor may not act on it (another OPD, outside the jurisdiction,
 *   someone else's report, a disabled or unknown officer, the wrong role);
 * - `invalid_transition`: not from the report's current status (or already done once);
 * - `invalid_input`: the text, rating or target OPD is not acceptable.
 */
export type RefusalReason = 'not_found' | 'forbidden' | 'invalid_transition' | 'invalid_input';

/** A refused transition, with a short English detail for logs (not for citizens). */
export interface Refusal {
  ok: false;
  reason: RefusalReason;
  detail?: string;
}

/**
 * What the citizen should be told about a change, in their language, through the
 * channel they reported on. Shaped as a notifications-queue payload so the bot can
 * queue it once the queue's union gains this type; nothing is sent from here.
 */
export interface CitizenNotice {
  type: 'status_changed';
  ticket: string;
  channel: Channel;
  chatRef: string;
  language: Language;
  status: ReportStatus;
  /** Why (postponed, not our authority, declined) or the resolution summary. */
  reason: string | null;
  /** An officer's message relayed to the citizen, signed with the OPD's name. */
  message: { text: string; signedBy: string } | null;
  /** The unit now handling the report, by name (on disposition). */
  opdName: string | null;
}

/**
 * What an OPD's officers should hear: a report newly disposed to them (the existing
 * `new_report_for_opd` queue payload) or a citizen's message relayed to them.
 */
export type OpdNotice =
  | { type: 'new_report_for_opd'; ticket: string; opdCode: string; role: 'handler' | 'coordinator' }
  | { type: 'citizen_message'; ticket: string; opdCode: string; text: string };

/** A transition that happened: the report as it is now, its new event, and who to tell. */
export interface Transitioned {
  ok: true;
  report: Report;
  event: ReportEvent;
  notifyCitizen: CitizenNotice | null;
  notifyOpd: OpdNotice | null;
}

/** The outcome of every lifecycle action. */
export type TransitionResult = Transitioned | Refusal;

/** Working-day limits the transitions set clocks with (see shared/DOMAIN.md). */
export interface SlaLimits {
  /** Follow-up after disposition. @defaultValue 5 */
  followupWorkingDays: number;
  /** Automatic close after an answer the citizen did not respond to. @defaultValue 10 */
  autoCloseWorkingDays: number;
}

/** The national defaults, equal to core/config's FOLLOWUP_ and AUTO_CLOSE_WORKING_DAYS defaults. */
export const DEFAULT_SLA_LIMITS: SlaLimits = { followupWorkingDays: 5, autoCloseWorkingDays: 10 };

/** The limits a deployment configured. */
export function slaLimitsFromConfig(config: { FOLLOWUP_WORKING_DAYS: number; AUTO_CLOSE_WORKING_DAYS: number }): SlaLimits {
  return { followupWorkingDays: config.FOLLOWUP_WORKING_DAYS, autoCloseWorkingDays: config.AUTO_CLOSE_WORKING_DAYS };
}
