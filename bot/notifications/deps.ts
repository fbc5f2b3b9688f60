import type { Kysely } from 'kysely';
import type { Logger } from '../../core/logger.js';
import type { Database } from '../../db/database.js';
import type { Channel } from '../../worker/queues.js';
import type { ChannelAdapter } from '../channels/channel.js';
import type { DeliveryOutbox } from '../delivery/outbox.js';

/** A channel's renderer: Reply values in, OutboundMessages out (no network). */
export type ReplyRenderer = Pick<ChannelAdapter<unknown>, 'render'>;

/** Renderers of the channels this process serves. */
export type Renderers = Partial<Record<Channel, ReplyRenderer>>;

/** What the notice handlers share. */
export interface NoticeDeps {
  db: Kysely<Database>;
  logger: Logger;
  adapters: Renderers;
  outbox: Pick<DeliveryOutbox, 'enqueue'>;
}

/** Raised when a notice is for a channel no process here serves; BullMQ retries it later. */
export class ChannelNotServedError extends Error {
  override readonly name = 'ChannelNotServedError';
  readonly code = 'CHANNEL_NOT_SERVED';
}

