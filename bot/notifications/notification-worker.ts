import { Worker, type ConnectionOptions } from 'bullmq';
import { renderReportRecorded } from '../../conversations/index.js';
import type { Logger } from '../../core/logger.js';
import { bullPrefix, notificationsQueue, parseJobData, type Channel } from '../../worker/queues.js';
import type { ChannelAdapter } from '../channels/channel.js';
import type { DeliveryOutbox } from '../delivery/outbox.js';

/** What {@link startNotificationWorker} needs. */
export interface NotificationWorkerDeps {
  connection: ConnectionOptions;
  redisPrefix: string;
  logger: Logger;
  /** Renderers of the channels this process serves; a notice for another channel waits for its owner. */
  adapters: Partial<Record<Channel, Pick<ChannelAdapter<unknown>, 'render'>>>;
  outbox: Pick<DeliveryOutbox, 'enqueue'>;
  /** @defaultValue 20 */
  concurrency?: number;
}

/** Raised when a notice is for a channel no process here serves; BullMQ retries it later. */
export class ChannelNotServedError extends Error {
  override readonly name = 'ChannelNotServedError';
  readonly code = 'CHANNEL_NOT_SERVED';
}

/**
 * Consumes the notifications the intake worker queues and hands them to the delivery
 * outbox, rendered for the citizen's channel. Delivery ids are derived from the job
 * id, so a notice processed twice (a retry, a crash before completion) is sent once.
 * Notices for OPD officers are only logged until officers are enrolled in the bot.
 */
export function startNotificationWorker(deps: NotificationWorkerDeps): Worker {
  const worker = new Worker(
    notificationsQueue.name,
    async (job) => {
      const notice = parseJobData(notificationsQueue, job);
      if (notice.type === 'status_changed' || notice.type === 'citizen_message') {
        // Rendered and relayed by the officers' half of the bot (issue #5, in progress).
        deps.logger.info({ ticket: notice.ticket, type: notice.type }, 'lifecycle notice');
        return;
      }
      if (notice.type === 'new_report_for_opd') {
        deps.logger.info({ ticket: notice.ticket, opd: notice.opdCode, role: notice.role }, 'notify OPD: new report');
        return;
      }
      if (notice.channel === 'terminal') {
        // The local chat has no way to reach the citizen later; the ticket was already shown.
        deps.logger.info({ ticket: notice.ticket }, 'report recorded (terminal chat: no notice sent)');
        return;
      }
      const adapter = deps.adapters[notice.channel];
      if (!adapter) throw new ChannelNotServedError(`no ${notice.channel} channel in this process`);
      const reply = renderReportRecorded(notice.language, notice.ticket, new Date(notice.verificationDueAt));
      const messages = adapter.render(notice.chatRef, [reply]);
      await deps.outbox.enqueue(
        messages.map((message, i) => ({ ...message, ticket: notice.ticket, deliveryId: `notify-${job.id}-${i}` })),
      );
    },
    { connection: deps.connection, prefix: bullPrefix(deps.redisPrefix), concurrency: deps.concurrency ?? 20 },
  );
  worker.on('error', (err) => deps.logger.error({ err: err.message }, 'notification worker error'));
  return worker;
}
