import { jakartaDate } from '../core/working-days.js';
import type { Reply, TicketStatusView } from './contract.js';
import { messages, type Lang } from './messages/index.js';

function formatDay(at: Date, months: readonly string[]): string {
  const [y, m, d] = jakartaDate(at).split('-').map(Number) as [number, number, number];
  return `${d} ${months[m - 1]} ${y}`;
}

/**
 * The answer to a status lookup: the stage in plain words, who handles it and the
 * dates, or "not found among your reports" (the runtime only shows a citizen their
 * own tickets, so "not yours" and "does not exist" read the same).
 */
export function renderStatus(lang: Lang, found: TicketStatusView | null): Reply {
  const m = messages(lang);
  if (!found) return { text: m.status.notFound };
  const label = m.status.labels[found.status] ?? found.status;
  const lines = [
    m.status.found(found.ticket, label),
    found.opdName ? m.status.opd(found.opdName) : null,
    m.status.dates(formatDay(found.submittedAt, m.months), found.dueAt ? formatDay(found.dueAt, m.months) : null),
  ];
  return { text: lines.filter(Boolean).join('\n') };
}

/**
 * The notice a citizen gets once the intake worker has stored their report: the
 * ticket, the verification deadline and how to follow it.
 */
export function renderReportRecorded(lang: Lang, ticket: string, verificationDueAt: Date): Reply {
  const m = messages(lang);
  return { text: m.reportRecorded(ticket, formatDay(verificationDueAt, m.months)) };
}
