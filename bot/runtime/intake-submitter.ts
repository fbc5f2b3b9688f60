import type { Queue } from 'bullmq';
import { addJob, intakeQueue, type SubmittedReport } from '../../worker/queues.js';

/** Carries out a `submit_report` effect; resolves only once the report is safely queued. */
export type SubmitReport = (report: SubmittedReport) => Promise<void>;

/**
 * The default {@link SubmitReport}: validates and adds the report to the intake queue
 * with the ticket as job id, so a retried submit of the same ticket is a no-op.
 * `queue` is an intake queue opened with `openQueue(intakeQueue, …)`.
 */
export function createIntakeSubmitter(queue: Queue): SubmitReport {
  return async (report) => {
    await addJob(queue, intakeQueue, report, { jobId: report.ticket });
  };
}
