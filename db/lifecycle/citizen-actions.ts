import { addWorkingDays } from '../../core/working-days.js';
import type { Db } from '../database.js';
import { refuse, runTransition } from './engine.js';
import { cleanText } from './input.js';
import { DEFAULT_SLA_LIMITS, type Actor, type SlaLimits, type TransitionResult } from './types.js';

/**
 * What a citizen does with their own report (the one sent from their channel and
 * chat): write to the OPD, rate the resolution, reopen it once.
 */

/** Input naming a report and the citizen's text. */
export interface CitizenTextInput {
  ticket: string;
  text: string;
}

/** Input of {@link rate}. */
export interface RateInput {
  ticket: string;
  /** 1 (poor) … 5 (very good). */
  rating: number;
}

/**
 * A message from the citizen, stored as a `citizen_message` event and returned for
 * relay to the unit that has the report (the coordinator's before disposition). The
 * status is kept, except that an answered report goes back to in_progress with a fresh
 * follow-up clock and no auto-close clock: the citizen answered the answer, so the
 * OPD owes a new follow-up and the report must not close by itself.
 */
export async function respond(
  db: Db,
  actor: Actor,
  input: CitizenTextInput,
  now: Date,
  limits: SlaLimits = DEFAULT_SLA_LIMITS,
): Promise<TransitionResult> {
  const text = cleanText(input.text);
  if (!text) return refuse('invalid_input', 'the message is empty or too long');
  return runTransition(db, actor, 'respond', input.ticket, now, async ({ report }) => {
    const awaitingVerification = report.status === 'submitted' || report.status === 'postponed';
    const opdCode = awaitingVerification ? report.coordinator_opd_code : report.opd_code;
    const notifyOpd = (r: { ticket: string }) => (opdCode ? { type: 'citizen_message' as const, ticket: r.ticket, opdCode, text } : null);
    if (report.status !== 'answered') return { data: { text }, notifyOpd };
    return {
      to: 'in_progress',
      set: { followup_due_at: addWorkingDays(now, limits.followupWorkingDays), close_due_at: null },
      data: { text },
      notifyOpd,
    };
  });
}

/** Rates a resolved report, once. A second rating is an invalid transition. */
export async function rate(db: Db, actor: Actor, input: RateInput, now: Date): Promise<TransitionResult> {
  if (!Number.isInteger(input.rating) || input.rating < 1 || input.rating > 5) {
    return refuse('invalid_input', 'a rating is a whole number from 1 to 5');
  }
  return runTransition(db, actor, 'rate', input.ticket, now, async ({ report }) => {
    if (report.rating !== null) return refuse('invalid_transition', 'already rated');
    return { set: { rating: input.rating }, data: { rating: input.rating } };
  });
}

/**
 * Reopens a resolved report, once (reopen_count 0 -> 1), with the citizen's reason:
 * back to disposed at the same OPD with a fresh follow-up clock; resolved_at is
 * cleared because the report is no longer resolved (the event keeps the history).
 * The unit's officers get the reason as a message from the citizen.
 */
export async function reopen(
  db: Db,
  actor: Actor,
  input: CitizenTextInput,
  now: Date,
  limits: SlaLimits = DEFAULT_SLA_LIMITS,
): Promise<TransitionResult> {
  const reason = cleanText(input.text);
  if (!reason) return refuse('invalid_input', 'a reason is required');
  return runTransition(db, actor, 'reopen', input.ticket, now, async ({ report }) => {
    if (report.reopen_count >= 1) return refuse('invalid_transition', 'a report can be reopened once');
    return {
      set: {
        reopen_count: report.reopen_count + 1,
        resolved_at: null,
        followup_due_at: addWorkingDays(now, limits.followupWorkingDays),
      },
      data: { reason },
      // The unit already has the report; what it needs now is why it came back.
      notifyOpd: (r) =>
        r.opd_code ? { type: 'citizen_message', ticket: r.ticket, opdCode: r.opd_code, text: `Laporan dibuka kembali oleh pelapor. Alasan: ${reason}` } : null,
    };
  });
}
