import type { Reply } from '../../conversations/contract.js';
import type { Notification } from '../../worker/queues.js';
import { ChannelNotServedError, type NoticeDeps } from './deps.js';

/** A lifecycle change to tell the citizen of. */
export type StatusChangedNotice = Extract<Notification, { type: 'status_changed' }>;

/**
 * Renders a lifecycle update for the citizen, in their language, and sets up their
 * follow-up (the bot runtime's `handleReportUpdate`). `updateId` is stable across
 * retries of one notice, so the runtime can tell a retry from a new update.
 */
export type CitizenUpdates = (notice: StatusChangedNotice, updateId: string) => Promise<Reply[]>;

/** Raised while no runtime is wired to render citizen updates; BullMQ retries the job. */
export class CitizenUpdatesUnavailableError extends Error {
  override readonly name = 'CitizenUpdatesUnavailableError';
  readonly code = 'CITIZEN_UPDATES_UNAVAILABLE';
}

/**
 * Sends a `status_changed` notice to the citizen's chat: the runtime renders it, the
 * citizen channel's adapter turns it into messages, the outbox queues them with
 * delivery ids `notify-<job id>-<n>` (a retried job sends nothing twice). The local
 * terminal chat cannot be reached later, so it is logged and skipped.
 */
export async function deliverCitizenUpdate(
  deps: Pick<NoticeDeps, 'adapters' | 'outbox' | 'logger'> & { citizenUpdates?: CitizenUpdates | undefined },
  notice: StatusChangedNotice,
  jobId: string,
): Promise<string[]> {
  if (notice.channel === 'terminal') {
    deps.logger.info({ ticket: notice.ticket, status: notice.status }, 'status changed (terminal chat: no notice sent)');
    return [];
  }
  const adapter = deps.adapters[notice.channel];
  if (!adapter) throw new ChannelNotServedError(`no ${notice.channel} channel in this process`);
  // Failing (and retrying) rather than dropping: the citizen must hear of the change.
  if (!deps.citizenUpdates) throw new CitizenUpdatesUnavailableError('citizenUpdates is not wired in this process');
  const replies = await deps.citizenUpdates(notice, jobId);
  const messages = adapter.render(notice.chatRef, replies);
  return deps.outbox.enqueue(
    messages.map((message, i) => ({ ...message, ticket: notice.ticket, deliveryId: `notify-${jobId}-${i}` })),
  );
}
