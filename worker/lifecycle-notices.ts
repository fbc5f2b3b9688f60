import type { Queue } from 'bullmq';
import type { Transitioned } from '../db/lifecycle/index.js';
import { addJob, notificationsQueue } from './queues.js';

/**
 * Queues what a lifecycle transition says to tell the citizen and the OPD's officers.
 * Job ids derive from the transition's event id, so a caller that retries after a
 * crash (or runs twice) queues each notice once.
 *
 * @example await queueLifecycleNotices(notifications, await resolve(db, actor, input, now))
 */
export async function queueLifecycleNotices(queue: Queue, result: Transitioned): Promise<void> {
  const eventId = result.event.id;
  if (result.notifyCitizen) {
    await addJob(queue, notificationsQueue, result.notifyCitizen, { jobId: `event-${eventId}-citizen` });
  }
  if (result.notifyOpd) {
    await addJob(queue, notificationsQueue, result.notifyOpd, { jobId: `event-${eventId}-opd` });
  }
}
