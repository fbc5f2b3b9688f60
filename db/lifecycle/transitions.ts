import type { ReportStatus } from '../tables/reports.table.js';

/** Who performs an action: an officer's role, the citizen who reported, or the system. */
export type Performer = 'admin' | 'liaison' | 'citizen' | 'system';

/** Every action of the lifecycle. */
export type LifecycleAction =
  | 'verify_and_dispose'
  | 'change_opd'
  | 'postpone'
  | 'not_authority'
  | 'decline'
  | 'mark_in_progress'
  | 'reply_to_citizen'
  | 'resolve'
  | 'respond'
  | 'rate'
  | 'reopen'
  | 'auto_close';

/** One row of the lifecycle table. */
export interface TransitionRule {
  by: Performer;
  /** Statuses the action may start from. */
  from: readonly ReportStatus[];
  /** The status it leads to; `same` keeps the status (a message, a rating). */
  to: ReportStatus | 'same';
  /** The report_events type it writes. */
  event: string;
}

/**
 * The lifecycle (shared/DOMAIN.md) as a table: the single place that says which
 * action may happen from which status.
 *
 * - Verification (admin): submitted or postponed -> disposed, postponed, not_authority
 *   or declined. A postponed report (waiting for the citizen's details) can still be
 *   verified, passed on or declined.
 * - change_opd re-disposes while the OPD has not yet answered (disposed, in_progress).
 * - Follow-up (liaison): in progress, a reply (answered; another reply restarts the
 *   close clock), or resolved from any of the follow-up statuses.
 * - respond (citizen) is a message: it keeps the status, except that answered goes
 *   back to in_progress — the citizen disputed or added to the answer, so the OPD owes
 *   a new follow-up (fresh follow-up clock) and the auto-close clock stops.
 * - rate and reopen only after resolved; each once (checked against the row).
 * - auto_close: answered and its close clock has run out.
 */
export const LIFECYCLE: Readonly<Record<LifecycleAction, TransitionRule>> = {
  verify_and_dispose: { by: 'admin', from: ['submitted', 'postponed'], to: 'disposed', event: 'disposed' },
  change_opd: { by: 'admin', from: ['disposed', 'in_progress'], to: 'disposed', event: 'opd_changed' },
  postpone: { by: 'admin', from: ['submitted'], to: 'postponed', event: 'postponed' },
  not_authority: { by: 'admin', from: ['submitted', 'postponed'], to: 'not_authority', event: 'not_authority' },
  decline: { by: 'admin', from: ['submitted', 'postponed'], to: 'declined', event: 'declined' },
  mark_in_progress: { by: 'liaison', from: ['disposed', 'answered'], to: 'in_progress', event: 'in_progress' },
  reply_to_citizen: { by: 'liaison', from: ['disposed', 'in_progress', 'answered'], to: 'answered', event: 'officer_message' },
  resolve: { by: 'liaison', from: ['disposed', 'in_progress', 'answered'], to: 'resolved', event: 'resolved' },
  respond: {
    by: 'citizen',
    from: ['submitted', 'postponed', 'disposed', 'in_progress', 'answered'],
    to: 'same',
    event: 'citizen_message',
  },
  rate: { by: 'citizen', from: ['resolved'], to: 'same', event: 'rated' },
  reopen: { by: 'citizen', from: ['resolved'], to: 'disposed', event: 'reopened' },
  auto_close: { by: 'system', from: ['answered'], to: 'closed', event: 'closed' },
};

/** Statuses in which a report still waits for someone (not final). */
export const OPEN_STATUSES: readonly ReportStatus[] = ['submitted', 'postponed', 'disposed', 'in_progress', 'answered'];
