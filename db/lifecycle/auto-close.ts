import type { Db } from '../database.js';
import { refuse, runTransition } from './engine.js';
import type { Actor, Transitioned, TransitionResult } from './types.js';

/** Input naming a report. */
export interface AutoCloseInput {
  ticket: string;
}

/**
 * Closes an answered report whose auto-close clock has run out (the citizen did not
 * respond in time): status closed ("selesai"), closed_at. Only the system actor may.
 */
export async function autoClose(db: Db, actor: Actor, input: AutoCloseInput, now: Date): Promise<TransitionResult> {
  return runTransition(db, actor, 'auto_close', input.ticket, now, async ({ report }) => {
    if (!report.close_due_at || report.close_due_at > now) return refuse('invalid_transition', 'the close clock has not run out');
    return {
      set: { closed_at: now, close_due_at: null },
      data: { close_due_at: report.close_due_at.toISOString() },
      notifyCitizen: () => ({ reason: null, message: null, opdName: null }),
    };
  });
}

/** Options of {@link closeOverdueAnswered}. */
export interface CloseOverdueOptions {
  /** Only this OPD's reports (for a targeted run, and for tests sharing a database). */
  opdCode?: string;
  /** At most this many per call. @defaultValue 1000 */
  limit?: number;
}

/**
 * Closes every answered report whose close clock ran out by `now`, each in its own
 * transaction (one bad row cannot undo the others, and locks stay short). A report a
 * citizen answered meanwhile is simply skipped: autoClose re-checks under the lock.
 * Returns the transitions made, for the caller to notify the citizens.
 */
export async function closeOverdueAnswered(db: Db, now: Date, options: CloseOverdueOptions = {}): Promise<Transitioned[]> {
  let query = db
    .selectFrom('reports')
    .select('ticket')
    .where('status', '=', 'answered')
    .where('close_due_at', '<=', now)
    .orderBy('close_due_at')
    .limit(options.limit ?? 1000);
  if (options.opdCode) query = query.where('opd_code', '=', options.opdCode);
  const due = await query.execute();
  const closed: Transitioned[] = [];
  for (const { ticket } of due) {
    const result = await autoClose(db, { kind: 'system' }, { ticket }, now);
    if (result.ok) closed.push(result);
  }
  return closed;
}
