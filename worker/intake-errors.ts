import { UnrecoverableError } from 'bullmq';
import { maskPersonalNumbers } from '../core/mask.js';

/**
 * The closed set of ways an intake job can fail, beyond a malformed payload (which
 * `parseJobData` already turns into an UnrecoverableError). Permanent failures
 * extend bullmq's UnrecoverableError so they go straight to the failed set with
 * their data, where `npm run intake:retry` can replay them once the cause is fixed;
 * everything else is retried with backoff.
 */

/**
 * PostgreSQL refused the report itself (a constraint or data error, e.g. a category
 * that is not in the categories table). Retrying cannot help until someone changes
 * the data or the catalogue, so it is not retried.
 */
export class ReportRejectedError extends UnrecoverableError {
  override readonly name = 'ReportRejectedError';
  readonly code = 'REPORT_REJECTED';
  readonly retryable = false;
}

/** The routing store could not be written (unreachable, deadlock, timeout…): retried with backoff. */
export class StoreUnavailableError extends Error {
  override readonly name = 'StoreUnavailableError';
  readonly code = 'STORE_UNAVAILABLE';
  readonly retryable = true;
}

/**
 * The report is stored but its notifications could not be queued: retried, and the
 * re-run finds the report already there and queues them again under the same ids.
 */
export class NotifyFailedError extends Error {
  override readonly name = 'NotifyFailedError';
  readonly code = 'NOTIFY_FAILED';
  readonly retryable = true;
}

/** Every intake failure the worker raises. */
export type IntakeError = ReportRejectedError | StoreUnavailableError | NotifyFailedError;

/**
 * True for PostgreSQL errors caused by the rows themselves rather than the server's
 * state: SQLSTATE class 22 (data exception) and 23 (integrity constraint violation).
 */
export function isDataError(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && /^2[23][0-9A-Z]{3}$/.test(code);
}

/** Turns a database error into the intake error it means for one report. */
export function classifyStoreError(error: unknown): IntakeError {
  // The message becomes the job's failedReason, shown on the dashboard: a constraint
  // detail can quote a NIK or phone number.
  const message = maskPersonalNumbers(error instanceof Error ? error.message : String(error));
  if (isDataError(error)) {
    const detail = (error as { detail?: string }).detail;
    return new ReportRejectedError(`report rejected by the routing store: ${message}${detail ? ` (${maskPersonalNumbers(detail)})` : ''}`);
  }
  return new StoreUnavailableError(`routing store unavailable: ${message}`, { cause: error });
}
