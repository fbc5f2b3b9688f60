import { Job, type Queue } from 'bullmq';

/** What {@link replayFailedIntake} did. */
export interface ReplayResult {
  /** Failed jobs moved back to the waiting list. */
  replayed: number;
  /** Failed jobs that vanished or changed state before they could be replayed. */
  skipped: number;
}

/**
 * Moves every job in the intake queue's failed set back to waiting, with a fresh
 * set of attempts (the retry policy starts over, as if newly submitted). Safe to
 * run while workers are up and to run twice: the intake is idempotent per ticket.
 * Only the jobs failed when it starts are replayed, so a job that fails again at
 * once is not replayed in a loop.
 */
export async function replayFailedIntake(queue: Queue, pageSize = 500): Promise<ReplayResult> {
  const ids = await queue.getRanges(['failed'], 0, -1, true);
  let replayed = 0;
  let skipped = 0;
  for (let i = 0; i < ids.length; i += pageSize) {
    const page = ids.slice(i, i + pageSize);
    const outcomes = await Promise.all(
      page.map(async (id) => {
        const job = await Job.fromId(queue, id);
        if (!job) return false;
        try {
          await job.retry('failed', { resetAttemptsMade: true, resetAttemptsStarted: true });
          return true;
        } catch {
          // Replayed or removed by someone else meanwhile: nothing left to do for it.
          return false;
        }
      }),
    );
    const done = outcomes.filter(Boolean).length;
    replayed += done;
    skipped += outcomes.length - done;
  }
  return { replayed, skipped };
}
