import { z } from 'zod';
import type { QueueSpec } from '../queues.js';

/** The notice sweep's payload; `now` (ISO) pretends a moment, `opdCode` narrows a run (a test sharing a database). */
export const noticeSweepJobSchema = z.object({
  now: z.iso.datetime({ offset: true }).optional(),
  opdCode: z.string().min(1).optional(),
});

/**
 * The periodic re-queueing of lifecycle notices stored with their events. Its own
 * queue, not the `maintenance` one: the auto-close worker takes every job of that
 * queue, and its payload schema would accept this one. A run is safe to repeat: the
 * job ids are the fast path's, so a re-add is a no-op.
 */
export const noticeSweepQueue: QueueSpec<typeof noticeSweepJobSchema> = {
  name: 'notice-sweep',
  job: 'sweep-lifecycle-notices',
  schema: noticeSweepJobSchema,
  jobOptions: {
    attempts: 3,
    backoff: { type: 'exponential', delay: 10_000 },
    removeOnComplete: { count: 100 },
    removeOnFail: { count: 100 },
  },
};
