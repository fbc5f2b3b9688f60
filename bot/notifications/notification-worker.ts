import { Worker, type ConnectionOptions } from 'bullmq';
import type { Kysely } from 'kysely';
import { renderReportRecorded } from '../../conversations/index.js';
import type { Logger } from '../../core/logger.js';
import type { Database } from '../../db/database.js';
import { bullPrefix, notificationsQueue, parseJobData } from '../../worker/queues.js';
import type { DeliveryOutbox } from '../delivery/outbox.js';
import { deliverCitizenUpdate, type CitizenUpdates } from './citizen-updates.js';
import { ChannelNotServedError, type Renderers } from './deps.js';
import { deliverOpdNotice } from './officer-notices.js';

export { ChannelNotServedError } from './deps.js';

/** What {@link startNotificationWorker} needs. */
export interface NotificationWorkerDeps {
  connection: ConnectionOptions;
  redisPrefix: string;
  logger: Logger;
  /** Officers, reports and regions are read from here. */
  db: Kysely<Database>;
  /** Renderers of the channels this process serves; a notice for another channel waits for its owner. */
  adapters: Renderers;
  outbox: Pick<DeliveryOutbox, 'enqueue'>;
  /**
   * Renders `status_changed` for the citizen (the bot runtime's `handleReportUpdate`).
   * While absent those notices fail and are retried (and kept when attempts run out),
   * never dropped.
   */
  citizenUpdates?: CitizenUpdates | undefined;
  /** @defaultValue 20 */
  concurrency?: number;
}

/**
 * Consumes the notifications queue and hands each notice to the delivery outbox,
 * rendered for its recipient's channel: "report recorded" and lifecycle updates to
 * the citizen, new reports and citizens' messages to the OPD's officers. Delivery ids
 * are derived from the job id, so a notice processed twice (a retry, a crash before
 * completion) is sent once.
 */
export function startNotificationWorker(deps: NotificationWorkerDeps): Worker {
  const worker = new Worker(
    notificationsQueue.name,
    async (job) => {
      const notice = parseJobData(notificationsQueue, job);
      // Jobs always have an id once taken; the fallback only satisfies the type.
      const jobId = job.id ?? `${notice.type}-${notice.ticket}`;
      switch (notice.type) {
        case 'new_report_for_opd':
        case 'citizen_message': {
          const outcome = await deliverOpdNotice(deps, notice, jobId);
          return { officers: outcome.officers, messages: outcome.deliveryIds.length };
        }
        case 'status_changed': {
          const ids = await deliverCitizenUpdate(deps, notice, jobId);
          return { messages: ids.length };
        }
        case 'report_received': {
          if (notice.channel === 'terminal') {
            // The local chat has no way to reach the citizen later; the ticket was already shown.
            deps.logger.info({ ticket: notice.ticket }, 'report recorded (terminal chat: no notice sent)');
            return { messages: 0 };
          }
          const adapter = deps.adapters[notice.channel];
          if (!adapter) throw new ChannelNotServedError(`no ${notice.channel} channel in this process`);
          const reply = renderReportRecorded(notice.language, notice.ticket, new Date(notice.verificationDueAt));
          const messages = adapter.render(notice.chatRef, [reply]);
          const ids = await deps.outbox.enqueue(
            messages.map((message, i) => ({ ...message, ticket: notice.ticket, deliveryId: `notify-${jobId}-${i}` })),
          );
          return { messages: ids.length };
        }
      }
    },
    { connection: deps.connection, prefix: bullPrefix(deps.redisPrefix), concurrency: deps.concurrency ?? 20 },
  );
  worker.on('error', (err) => deps.logger.error({ err: err.message }, 'notification worker error'));
  worker.on('failed', (job, err) =>
    deps.logger.warn({ jobId: job?.id, err: err.message, attempts: job?.attemptsMade }, 'notification failed'),
  );
  return worker;
}
