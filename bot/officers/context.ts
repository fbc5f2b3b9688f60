import type { Queue } from 'bullmq';
import type { Reply } from '../../conversations/contract.js';
import type { Logger } from '../../core/logger.js';
import type { Db } from '../../db/database.js';
import type { SlaLimits } from '../../db/lifecycle/index.js';
import type { Officer } from '../../db/tables/officers.table.js';
import type { PendingAction } from './session.js';

/** What one officer message is handled with. */
export interface DeskContext {
  db: Db;
  /** The notifications queue lifecycle notices go to. */
  notifications: Queue;
  limits: SlaLimits;
  logger: Logger;
  now: Date;
  /** The officer as the store had them when the message arrived. */
  officer: Officer;
}

/** What handling produced: the replies, and an action now waiting for a text. */
export interface DeskOutcome {
  replies: Reply[];
  pending?: PendingAction | undefined;
}
