import type { Channel } from '../../worker/queues.js';
import type { TicketStatusView } from '../../conversations/contract.js';
import { parseTicket, serialFromTicket } from '../../core/ticket.js';
import type { Db } from '../../db/database.js';

/**
 * The runtime's two reads of the routing store: a citizen's own ticket for a status
 * lookup, and the highest ticket serial for re-creating a lost ticket counter.
 */

/** Finds a ticket for {@link ConversationEngine.renderStatus}; null when missing or not this chat's. */
export type LookupStatus = (chatRef: string, channel: Channel, ticket: string) => Promise<TicketStatusView | null>;

/**
 * The default {@link LookupStatus}: the report with that ticket, only if it was filed
 * from the same channel and chat — a ticket seen over someone's shoulder reveals
 * nothing, and a ticket of someone else reads exactly like one that does not exist.
 */
export function createStatusLookup(db: Db): LookupStatus {
  return async (chatRef, channel, ticket) => {
    const row = await db
      .selectFrom('reports')
      .leftJoin('opd', 'opd.code', 'reports.opd_code')
      .select([
        'reports.ticket',
        'reports.status',
        'reports.submitted_at',
        'reports.verification_due_at',
        'reports.followup_due_at',
        'reports.close_due_at',
        'opd.name as opd_name',
      ])
      .where('reports.ticket', '=', ticket)
      .where('reports.source_channel', '=', channel)
      .where('reports.chat_ref', '=', chatRef)
      .executeTakeFirst();
    if (row === undefined) return null;
    return {
      ticket: row.ticket,
      status: row.status,
      opdName: row.opd_name,
      submittedAt: row.submitted_at,
      dueAt: dueAtFor(row.status, row),
    };
  };
}

// The deadline of the stage the report is in (shared/DOMAIN.md, "Lifecycle").
function dueAtFor(
  status: string,
  row: { verification_due_at: Date | null; followup_due_at: Date | null; close_due_at: Date | null },
): Date | null {
  switch (status) {
    case 'submitted':
    case 'postponed':
      return row.verification_due_at;
    case 'disposed':
    case 'in_progress':
      return row.followup_due_at;
    case 'answered':
      return row.close_due_at;
    default:
      return null;
  }
}

/**
 * The highest serial among stored tickets, or null when there are none. Tickets are
 * scrambled, so the maximum cannot be taken in SQL: every ticket is read once. Only
 * run when the Redis counter is missing (start of a deployment, or Redis lost data).
 */
export async function highestTicketSerial(db: Db): Promise<number | null> {
  const rows = await db.selectFrom('reports').select('ticket').execute();
  let highest: number | null = null;
  for (const { ticket } of rows) {
    // A hand-made or legacy ticket not in our format carries no serial of ours.
    if (parseTicket(ticket) !== ticket) continue;
    const serial = serialFromTicket(ticket);
    if (highest === null || serial > highest) highest = serial;
  }
  return highest;
}
