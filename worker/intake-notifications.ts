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
 * The notifications a stored report triggers: "Laporan diterima" for the citizen and
 * one notice for the OPD routing picked (the coordinating admin itself when no rule
 * matched: role `coordinator`). Job ids are derived from the ticket, so a re-run of
 * the intake job re-adds the same ids and BullMQ ignores them.
 *
 * @example notificationJobsFor(report, written, dueAt).map((j) => j.opts.jobId)
 * // ['received-LPR-7K3QX9M', 'opd-LPR-7K3QX9M-21.71-pupr']
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
  if (written.opdCode) {
    jobs.push({
      name: notificationsQueue.job,
      data: {
        type: 'new_report_for_opd',
        ticket: report.ticket,
        opdCode: written.opdCode,
        role: written.opdCode === written.coordinatorOpdCode ? 'coordinator' : 'handler',
      },
      // BullMQ refuses ':' in custom ids; '-' keeps them readable (`opd-LPR-…-21.71-pupr`).
      opts: { jobId: `opd-${report.ticket}-${written.opdCode}` },
    });
  }
  // Not parsed against notificationSchema here: the fields come from an already
  // validated report and a stored row, the types pin the shape, and the consumer
  // validates on receipt; parsing twice per report is measurable at 5,000 reports/s.
  return jobs;
}
