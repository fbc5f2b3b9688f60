import type { Queue } from 'bullmq';
import type { Transitioned } from '../db/lifecycle/index.js';
import type { EventNotices } from '../db/tables/reports.table.js';
import { addJob, notificationsQueue, type Notification } from './queues.js';

/** Who a lifecycle notice is for; also the job id's last part. */
export type NoticeRecipient = 'citizen' | 'opd';

/**
 * The notifications-queue job id of an event's notice. The fast path and the sweeper
 * (worker/maintenance/notice-sweep.ts) must agree on it: that is what makes the
 * sweeper's re-add a no-op when the fast path got there first.
 *
 * @example lifecycleNoticeJobId('42', 'citizen') // 'event-42-citizen'
 */
export function lifecycleNoticeJobId(eventId: string, recipient: NoticeRecipient): string {
  return `event-${eventId}-${recipient}`;
}

/** An event's notices as job id and payload, citizen first (as they were always queued). */
export function lifecycleNoticeJobs(eventId: string, notices: EventNotices): { jobId: string; data: Notification }[] {
  const jobs: { jobId: string; data: Notification }[] = [];
  if (notices.citizen) jobs.push({ jobId: lifecycleNoticeJobId(eventId, 'citizen'), data: notices.citizen });
  if (notices.opd) jobs.push({ jobId: lifecycleNoticeJobId(eventId, 'opd'), data: notices.opd });
  return jobs;
}

/**
 * Queues what a lifecycle transition says to tell the citizen and the OPD's officers:
 * the fast path, right after the commit. Job ids derive from the transition's event
 * id, so a caller that retries after a crash (or runs twice), or the notice sweeper
 * that re-queues what a crash left behind, queues each notice once.
 *
 * @example await queueLifecycleNotices(notifications, await resolve(db, actor, input, now))
 */
export async function queueLifecycleNotices(queue: Queue, result: Transitioned): Promise<void> {
  const notices: EventNotices = {};
  if (result.notifyCitizen) notices.citizen = result.notifyCitizen;
  if (result.notifyOpd) notices.opd = result.notifyOpd;
  for (const job of lifecycleNoticeJobs(result.event.id, notices)) {
    await addJob(queue, notificationsQueue, job.data, { jobId: job.jobId });
  }
}
