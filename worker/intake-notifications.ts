import type { JobsOptions } from 'bullmq';
import type { WrittenReport } from '../db/intake/write-reports.js';
import { notificationsQueue, type Notification, type SubmittedReport } from './queues.js';

/** A notification ready for `Queue.addBulk`. */
export interface NotificationJob {
  name: string;
  data: Notification;
  opts: JobsOptions;
}

/**
 * The notifications a stored report triggers: "Laporan diterima" for the citizen, a
 * verification notice for the coordinating admin's unit (always: every report is
 * verified there first), and a new-report notice for the OPD routing picked when it
 * is not the coordinator itself (its liaisons learn early what is coming). Job ids
 * are derived from the ticket and the role, so a re-run of the intake job re-adds the
 * same ids and BullMQ ignores them.
 *
 * @example notificationJobsFor(report, written, dueAt).map((j) => j.opts.jobId)
 * // ['received-LPR-7K3QX9M', 'opd-LPR-7K3QX9M-coordinator', 'opd-LPR-7K3QX9M-handler']
 */
export function notificationJobsFor(report: SubmittedReport, written: WrittenReport, fallbackDueAt: Date): NotificationJob[] {
  const jobs: NotificationJob[] = [
    {
      name: notificationsQueue.job,
      data: {
        type: 'report_received',
        ticket: report.ticket,
        channel: report.channel,
        chatRef: report.chatRef,
        language: report.language,
        verificationDueAt: (written.verificationDueAt ?? fallbackDueAt).toISOString(),
      },
      opts: { jobId: `received-${report.ticket}` },
    },
  ];
  // No routing rule and no coordinator for the region leaves both codes null; the
  // coordinator's code is the fallback for a routed unit too (write-reports).
  const coordinator = written.coordinatorOpdCode ?? written.opdCode;
  if (coordinator) {
    jobs.push({
      name: notificationsQueue.job,
      data: { type: 'new_report_for_opd', ticket: report.ticket, opdCode: coordinator, role: 'coordinator' },
      // BullMQ refuses ':' in custom ids; '-' keeps them readable.
      opts: { jobId: `opd-${report.ticket}-coordinator` },
    });
  }
  if (written.opdCode && written.opdCode !== coordinator) {
    jobs.push({
      name: notificationsQueue.job,
      data: { type: 'new_report_for_opd', ticket: report.ticket, opdCode: written.opdCode, role: 'handler' },
      opts: { jobId: `opd-${report.ticket}-handler` },
    });
  }
  // Not parsed against notificationSchema here: the fields come from an already
  // validated report and a stored row, the types pin the shape, and the consumer
  // validates on receipt; parsing twice per report is measurable at 5,000 reports/s.
  return jobs;
}
