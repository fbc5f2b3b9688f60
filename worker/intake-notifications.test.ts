import { describe, expect, it } from 'vitest';
import type { WrittenReport } from '../db/intake/write-reports.js';
import { notificationJobsFor } from './intake-notifications.js';
import { notificationSchema } from './queues.js';
import { sampleReport } from './test-support/sample-reports.js';

const report = sampleReport({ serial: 4242, villageCode: '21.71.07.1004', category: 'infrastruktur', submittedAt: new Date('2026-12-01T02:00:00Z') });
const due = new Date('2026-12-04T16:59:59.999Z');
const written = (opdCode: string | null, coordinatorOpdCode: string | null): WrittenReport => ({
  ticket: report.ticket,
  reportId: '1',
  opdCode,
  coordinatorOpdCode,
  verificationDueAt: due,
  created: true,
});

describe('notificationJobsFor', () => {
  it('tells the citizen, the coordinator (verification) and the routed OPD (handler), each under a ticket+role id', () => {
    const jobs = notificationJobsFor(report, written('21.71-pupr', '21.71-admin'), new Date());
    expect(jobs.map((j) => j.opts.jobId)).toEqual([
      `received-${report.ticket}`,
      `opd-${report.ticket}-coordinator`,
      `opd-${report.ticket}-handler`,
    ]);
    expect(jobs[1]!.data).toEqual({ type: 'new_report_for_opd', ticket: report.ticket, opdCode: '21.71-admin', role: 'coordinator' });
    expect(jobs[2]!.data).toEqual({ type: 'new_report_for_opd', ticket: report.ticket, opdCode: '21.71-pupr', role: 'handler' });
    // What the consumer will accept on receipt.
    for (const job of jobs) expect(notificationSchema.safeParse(job.data).success).toBe(true);
  });

  it('sends only the coordinator notice when routing fell back to the coordinator', () => {
    const jobs = notificationJobsFor(report, written('21.71-admin', '21.71-admin'), new Date());
    expect(jobs.map((j) => j.opts.jobId)).toEqual([`received-${report.ticket}`, `opd-${report.ticket}-coordinator`]);
  });

  it('gives the same ids on a re-run, so BullMQ ignores the second add', () => {
    const a = notificationJobsFor(report, written('21.71-pupr', '21.71-admin'), new Date());
    const b = notificationJobsFor(report, { ...written('21.71-pupr', '21.71-admin'), created: false }, new Date());
    expect(b.map((j) => j.opts.jobId)).toEqual(a.map((j) => j.opts.jobId));
  });

  it('tells only the citizen when no unit was found, with the fallback due date', () => {
    const fallback = new Date('2026-12-05T00:00:00Z');
    const jobs = notificationJobsFor(report, { ...written(null, null), verificationDueAt: null }, fallback);
    expect(jobs.map((j) => j.opts.jobId)).toEqual([`received-${report.ticket}`]);
    expect(jobs[0]!.data).toMatchObject({ verificationDueAt: fallback.toISOString() });
  });
});
