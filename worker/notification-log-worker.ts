import { Worker, type ConnectionOptions } from 'bullmq';
import type { Logger } from '../core/logger.js';
import { bullPrefix, notificationsQueue, parseJobData } from './queues.js';

/** What {@link startNotificationLogWorker} needs. */
export interface NotificationLogWorkerDeps {
  connection: ConnectionOptions;
  redisPrefix: string;
  logger: Logger;
  /** @defaultValue 50 */
  concurrency?: number;
}

/**
 * A stand-in consumer of the notifications queue until channel delivery exists: it
 * logs which notification would be sent, to which channel or OPD, and completes the
 * job. It logs the ticket and routing facts only — never the chat reference (a
 * phone number on WhatsApp and SMS) nor any message body.
 */
export function startNotificationLogWorker(deps: NotificationLogWorkerDeps): Worker {
  const worker = new Worker(
    notificationsQueue.name,
    async (job) => {
      const n = parseJobData(notificationsQueue, job);
      if (n.type === 'report_received') {
        deps.logger.info({ ticket: n.ticket, channel: n.channel, dueAt: n.verificationDueAt }, 'notify citizen: report received');
      } else {
        deps.logger.info({ ticket: n.ticket, opd: n.opdCode, role: n.role }, 'notify OPD: new report');
      }
    },
    { connection: deps.connection, prefix: bullPrefix(deps.redisPrefix), concurrency: deps.concurrency ?? 50 },
  );
  worker.on('error', (err) => deps.logger.error({ err: err.message }, 'notification log worker error'));
  return worker;
}
