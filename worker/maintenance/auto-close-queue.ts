import { z } from 'zod';
import type { QueueSpec } from '../queues.js';

/** The auto-close job's payload; `now` (ISO) pretends a moment, `opdCode` narrows a run (by hand, or a test sharing a database). */
export const autoCloseJobSchema = z.object({
  now: z.iso.datetime({ offset: true }).optional(),
  opdCode: z.string().min(1).optional(),
});

/**
 * The periodic auto-close of answered reports the citizen did not respond to. A run
 * is safe to repeat: closeOverdueAnswered re-checks each report under its row lock,
 * and the notices are keyed by the close event's id.
 */
export const autoCloseQueue: QueueSpec<typeof autoCloseJobSchema> = {
  name: 'maintenance',
  job: 'auto-close',
  schema: autoCloseJobSchema,
  jobOptions: {
    attempts: 3,
    backoff: { type: 'exponential', delay: 30_000 },
    removeOnComplete: { count: 100 },
    removeOnFail: { count: 100 },
  },
};
