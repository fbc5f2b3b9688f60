import { Queue, UnrecoverableError, Worker, type ConnectionOptions, type Job } from 'bullmq';
import type { Kysely } from 'kysely';
import type { Logger } from '../core/logger.js';
import { addWorkingDays } from '../core/working-days.js';
import type { Database } from '../db/database.js';
import { writeReports, type IntakeReport, type WrittenReport } from '../db/intake/write-reports.js';
import { NotifyFailedError, classifyStoreError, isDataError } from './intake-errors.js';
import { notificationJobsFor, type NotificationJob } from './intake-notifications.js';
import { MicroBatcher, type Settlement } from './micro-batcher.js';
import { bullPrefix, intakeQueue, notificationsQueue, openQueue, parseJobData } from './queues.js';

/** What a completed intake job returns (kept by BullMQ as the job's return value). */
export interface IntakeResult {
  reportId: string;
  /** False when the report was already stored by an earlier run of the same ticket. */
  created: boolean;
  opdCode: string | null;
}

/**
 * Points where tests and benchmarks observe or slow the intake. Production leaves
 * them unset.
 */
export interface IntakeHooks {
  /** Inside the batch's transaction, after its rows are written, before COMMIT. */
  beforeCommit?(tickets: readonly string[]): Promise<void> | void;
  /** After COMMIT, before notifications are queued and the jobs complete. */
  afterCommit?(written: readonly WrittenReport[]): Promise<void> | void;
}

/** Batching knobs of the intake worker. */
export interface IntakeBatchOptions {
  /** Most reports per transaction. @defaultValue 500 */
  maxSize?: number;
  /** How long a lone report waits for others before its batch goes. @defaultValue 2 */
  maxWaitMs?: number;
  /** Transactions in flight at once; at most the pg pool size. @defaultValue 4 */
  maxConcurrentFlushes?: number;
}

/** What {@link startIntakeWorker} needs. */
export interface IntakeWorkerDeps {
  /** The routing store (not a transaction: the worker owns its transactions). */
  db: Kysely<Database>;
  /** Redis for BullMQ: connection options or an ioredis instance (duplicated for blocking calls). */
  connection: ConnectionOptions;
  /** The deployment's REDIS_PREFIX. */
  redisPrefix: string;
  logger: Logger;
  /**
   * Jobs held at once. Every job waits for its batch to commit, so this bounds the
   * batch size too: throughput ≈ concurrency / batch commit time. @defaultValue 200
   */
  concurrency?: number;
  /** VERIFICATION_WORKING_DAYS. @defaultValue 3 */
  verificationWorkingDays?: number;
  batch?: IntakeBatchOptions;
  /** BullMQ lock duration; a killed worker's jobs are taken over after about this long. @defaultValue 30000 */
  lockDuration?: number;
  /** How often BullMQ looks for stalled jobs. @defaultValue 30000 */
  stalledInterval?: number;
  /** Stalls tolerated before a job is failed (it stays in the failed set, replayable). @defaultValue 1 */
  maxStalledCount?: number;
  /** Where notifications go; opened on `connection` (and closed with the worker) when absent. */
  notifications?: Queue;
  hooks?: IntakeHooks;
}

/** A running intake worker. */
export interface IntakeWorker {
  worker: Worker<unknown, IntakeResult>;
  /** Stops taking jobs, lets the ones in hand finish, and closes what it opened. */
  close(): Promise<void>;
}

interface Item extends IntakeReport {
  jobId: string;
}

/**
 * Consumes the intake queue: every submitted report is validated, stored, routed and
 * given its verification deadline, then its notifications are queued.
 *
 * Jobs are micro-batched: the BullMQ worker holds many jobs at once, and those that
 * arrive together are written by one transaction (one multi-row statement, routing
 * included); the notifications of a committed batch then go out in one addBulk while
 * the next batch is already being written, and each job completes once both are
 * done. Exactly-once holds per
 * job: a batch that fails fails all its jobs, which retry; a rerun finds its ticket
 * already stored and only re-queues the (deduplicated) notifications. A batch refused
 * for its data is retried report by report so only the faulty report fails, without
 * retries (see ReportRejectedError).
 */
export function startIntakeWorker(deps: IntakeWorkerDeps): IntakeWorker {
  const { db, logger, hooks = {} } = deps;
  const days = deps.verificationWorkingDays ?? 3;
  const notifications = deps.notifications ?? openQueue(notificationsQueue, deps.connection, deps.redisPrefix);

  async function writeCommitted(items: Item[]): Promise<WrittenReport[]> {
    return db.transaction().execute(async (trx) => {
      const written = await writeReports(trx, items);
      await hooks.beforeCommit?.(written.map((w) => w.ticket));
      return written;
    });
  }

  /** One transaction per report, so a bad one cannot hold back the others. */
  async function isolate(items: Item[]): Promise<Map<string, Settlement<WrittenReport>>> {
    const out = new Map<string, Settlement<WrittenReport>>();
    for (const item of items) {
      try {
        const [w] = await writeCommitted([item]);
        out.set(item.report.ticket, { ok: true, value: w! });
      } catch (error) {
        out.set(item.report.ticket, { ok: false, error: classifyStoreError(error) });
      }
    }
    return out;
  }

  /** Stage 1: the transaction. Holds a flush slot only while PostgreSQL works. */
  async function writeBatch(items: Item[]): Promise<Settlement<WrittenReport>[]> {
    const started = performance.now();
    let byTicket: Map<string, Settlement<WrittenReport>>;
    try {
      const written = await writeCommitted(items);
      byTicket = new Map(written.map((w) => [w.ticket, { ok: true, value: w }]));
    } catch (error) {
      if (!isDataError(error) || items.length === 1) throw classifyStoreError(error);
      logger.warn({ size: items.length, err: (error as Error).message }, 'intake batch refused; retrying its reports one by one');
      byTicket = await isolate(items);
    }
    const stored = [...byTicket.values()].flatMap((s) => (s.ok ? [s.value] : []));
    await hooks.afterCommit?.(stored);
    logger.debug(
      { size: items.length, created: stored.filter((w) => w.created).length, ms: Math.round(performance.now() - started) },
      'intake batch committed',
    );
    const answered = new Set<string>();
    return items.map((item): Settlement<WrittenReport> => {
      const s = byTicket.get(item.report.ticket);
      if (!s) return { ok: false, error: new Error(`ticket ${item.report.ticket} missing from its batch's result`) };
      if (!s.ok) return s;
      // Two jobs of one ticket in a batch share its row: only the first created it.
      const created = s.value.created && !answered.has(item.report.ticket);
      answered.add(item.report.ticket);
      return { ok: true, value: { ...s.value, created } };
    });
  }

  /**
   * Stage 2: the notifications of the jobs that committed together, in one addBulk.
   * A separate batcher so the next transaction need not wait for Redis.
   */
  async function notifyBatch(groups: NotificationJob[][]): Promise<Settlement<void>[]> {
    try {
      await notifications.addBulk(groups.flat());
    } catch (error) {
      throw new NotifyFailedError(`report stored, notifications not queued: ${(error as Error).message}`, { cause: error });
    }
    return groups.map(() => ({ ok: true, value: undefined }));
  }

  const writer = new MicroBatcher<Item, WrittenReport>({ flush: writeBatch, ...deps.batch });
  const notifier = new MicroBatcher<NotificationJob[], void>({ flush: notifyBatch, maxWaitMs: 0, maxSize: 2000 });

  const worker = new Worker<unknown, IntakeResult>(
    intakeQueue.name,
    async (job: Job) => {
      const report = parseJobData(intakeQueue, job);
      const verificationDueAt = addWorkingDays(new Date(report.submittedAt), days);
      const written = await writer.add({ jobId: job.id!, report, verificationDueAt });
      await notifier.add(notificationJobsFor(report, written, verificationDueAt));
      return { reportId: written.reportId, created: written.created, opdCode: written.opdCode };
    },
    {
      connection: deps.connection,
      prefix: bullPrefix(deps.redisPrefix),
      concurrency: deps.concurrency ?? 200,
      lockDuration: deps.lockDuration ?? 30_000,
      stalledInterval: deps.stalledInterval ?? 30_000,
      maxStalledCount: deps.maxStalledCount ?? 1,
    },
  );
  worker.on('error', (err) => logger.error({ err: err.message }, 'intake worker error'));
  worker.on('failed', (job, err) => {
    if (!job) return;
    const final = err instanceof UnrecoverableError || job.attemptsMade >= (job.opts.attempts ?? 1);
    // Only the ticket: the payload holds a NIK, a phone number and the citizen's story.
    const entry = { ticket: job.id, attemptsMade: job.attemptsMade, reason: job.failedReason };
    if (final) logger.error(entry, 'intake job failed for good; replay with npm run intake:retry');
    else logger.warn(entry, 'intake job failed; will retry');
  });

  return {
    worker,
    async close() {
      await worker.close();
      await writer.whenIdle();
      await notifier.whenIdle();
      if (!deps.notifications) await notifications.close();
    },
  };
}
