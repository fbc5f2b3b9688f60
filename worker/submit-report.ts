import type { ConnectionOptions, Job, JobsOptions, Queue } from 'bullmq';
import { InvalidJobError, addJob, intakeQueue, openQueue, type SubmittedReport } from './queues.js';

/** How hard the intake tries before a report waits in the failed set. */
export interface IntakeRetryPolicy {
  /** INTAKE_ATTEMPTS. @defaultValue 10 */
  attempts?: number;
  /** INTAKE_BACKOFF_MS: the first retry's delay; each later one doubles. @defaultValue 1000 */
  backoffMs?: number;
}

/** Job options for the intake queue under a retry policy (failed jobs are always kept). */
export function intakeJobOptions(policy: IntakeRetryPolicy = {}): JobsOptions {
  return {
    attempts: policy.attempts ?? 10,
    backoff: { type: 'exponential', delay: policy.backoffMs ?? 1000 },
    // Never drop a failed report: `npm run intake:retry` replays it.
    removeOnFail: false,
  };
}

/** Opens the intake queue for producers, with the deployment's retry policy as job defaults. */
export function openIntakeQueue(connection: ConnectionOptions, redisPrefix: string, policy: IntakeRetryPolicy = {}): Queue {
  return openQueue(intakeQueue, connection, redisPrefix, intakeJobOptions(policy));
}

/**
 * Hands a confirmed report to the intake worker. The job id is the ticket, so adding
 * the same report again is a no-op while the first job is kept (a week once
 * completed). Throws InvalidJobError with zod's message, adding nothing, when the
 * report is malformed.
 */
export function submitReport(queue: Queue, report: SubmittedReport): Promise<Job> {
  return addJob(queue, intakeQueue, report, { jobId: report.ticket });
}

/**
 * {@link submitReport} for many reports in one Redis round trip (imports, the
 * benchmark). All are validated first; one bad report adds none.
 */
export function submitReports(queue: Queue, reports: readonly SubmittedReport[]): Promise<Job[]> {
  const jobs = reports.map((report, index) => {
    const parsed = intakeQueue.schema.safeParse(report);
    if (!parsed.success) {
      const why = parsed.error.issues.map((i) => `${i.path.join('.') || '(payload)'}: ${i.message}`).join('; ');
      throw new InvalidJobError(`${intakeQueue.name}[${index}]: ${why}`);
    }
    return { name: intakeQueue.job, data: parsed.data, opts: { jobId: report.ticket } };
  });
  return queue.addBulk(jobs);
}
