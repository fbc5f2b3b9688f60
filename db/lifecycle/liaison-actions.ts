import { addWorkingDays } from '../../core/working-days.js';
import type { Db } from '../database.js';
import { refuse, runTransition } from './engine.js';
import { cleanText } from './input.js';
import { DEFAULT_SLA_LIMITS, type Actor, type SlaLimits, type TransitionResult } from './types.js';

/**
 * What an OPD's liaison officer does with a report disposed to their unit: mark it in
 * progress, reply to the citizen, resolve it.
 */

/** Input naming a report. */
export interface TicketInput {
  ticket: string;
}

/** Input naming a report and a text (a reply or a resolution summary). */
export interface TextInput {
  ticket: string;
  text: string;
}

/** Marks a disposed (or answered) report as being worked on. The citizen is told. */
export async function markInProgress(db: Db, actor: Actor, input: TicketInput, now: Date): Promise<TransitionResult> {
  return runTransition(db, actor, 'mark_in_progress', input.ticket, now, async () => ({
    notifyCitizen: () => ({ reason: null, message: null, opdName: null }),
  }));
}

/**
 * Replies to the citizen: status answered, answered_at (the first answer's time is
 * kept), and an auto-close clock of {@link SlaLimits.autoCloseWorkingDays}. The text
 * is stored in an `officer_message` event signed with the OPD's name — never the
 * officer's name or chat — and returned for relay to the citizen.
 */
export async function replyToCitizen(
  db: Db,
  actor: Actor,
  input: TextInput,
  now: Date,
  limits: SlaLimits = DEFAULT_SLA_LIMITS,
): Promise<TransitionResult> {
  const text = cleanText(input.text);
  if (!text) return refuse('invalid_input', 'the reply is empty or too long');
  return runTransition(db, actor, 'reply_to_citizen', input.ticket, now, async (ctx) => {
    const signedBy = ctx.officer!.opdName;
    return {
      set: { answered_at: ctx.report.answered_at ?? now, close_due_at: addWorkingDays(now, limits.autoCloseWorkingDays) },
      data: { text, signed_by: signedBy },
      notifyCitizen: () => ({ reason: null, message: { text, signedBy }, opdName: signedBy }),
    };
  });
}

/** Resolves the report with a summary the citizen receives (and is then asked to rate). */
export async function resolve(db: Db, actor: Actor, input: TextInput, now: Date): Promise<TransitionResult> {
  const summary = cleanText(input.text);
  if (!summary) return refuse('invalid_input', 'a summary is required');
  return runTransition(db, actor, 'resolve', input.ticket, now, async (ctx) => ({
    set: { resolved_at: now, close_due_at: null },
    data: { summary },
    notifyCitizen: () => ({ reason: summary, message: null, opdName: ctx.officer!.opdName }),
  }));
}
