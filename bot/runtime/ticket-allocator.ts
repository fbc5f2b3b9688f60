import { randomInt } from 'node:crypto';
import type { Redis } from 'ioredis';
import { MAX_TICKET_SERIAL, ticketFromSerial } from '../../core/ticket.js';
import { BotRuntimeError } from './errors.js';
import { ticketCounterKey } from './keys.js';
import { withScripts } from './scripts.js';

/** Options of {@link createTicketAllocator}. */
export interface TicketAllocatorOptions {
  /**
   * The highest serial any stored report carries (null: none yet). Called only when
   * the Redis counter is missing — a fresh deployment, or Redis lost its data — so the
   * counter restarts above every ticket already given. Usually {@link highestTicketSerial}.
   * @defaultValue `async () => null` (nothing to collide with)
   */
  highestSerial?: () => Promise<number | null>;
  /**
   * Serials leased per INCRBY. Doubles (up to {@link maxBlockSize}) each time callers
   * had to wait for a lease, so a burst of submissions is not throttled to one block
   * per round trip. @defaultValue 100
   */
  blockSize?: number;
  /** The most a block can grow to; bounds the serials a restart can waste. @defaultValue 10 000 */
  maxBlockSize?: number;
  /**
   * Serials skipped above the stored maximum when the counter is re-created: blocks
   * that running processes leased before Redis lost the counter but have not used yet
   * are not in the database, and must not be handed out a second time. Covers
   * 500 processes holding two blocks of 100 each. Not covered: Redis losing the
   * counter twice before any report above the first gap is stored, while a process
   * still holds a block leased in between (both re-creations land on the same floor).
   * The default adds a random spread of up to a million, so counters under different
   * Redis prefixes seeded from one database at the same moment (test files running in
   * parallel, a staging copy) do not start on the same serial and hand out one ticket twice.
   * @defaultValue 100 000 + a random 0–999 999 (at most 0.1 % of the 30-bit space per re-creation)
   */
  reinitGap?: number;
}

/**
 * Hands out tickets synchronously, as {@link EngineContext.newTicket} must, from
 * blocks of serials leased from one Redis counter with one INCRBY per block: unique
 * across processes without a round trip per ticket. The next block is fetched while
 * half of the current one is still left.
 */
export interface TicketAllocator {
  /** Makes sure the counter exists and leases the first block. Idempotent. */
  start(): Promise<void>;
  /** The next ticket. Throws `TICKETS_EXHAUSTED` when {@link available} is 0. */
  next(): string;
  /** Tickets {@link next} can give right now without waiting. */
  available(): number;
  /** Resolves once at least one ticket is available (leasing a block if needed). */
  refill(): Promise<void>;
}

interface Block {
  next: number;
  /** Inclusive. */
  last: number;
}

/** Builds an allocator on the counter `<redisPrefix>:tickets:serial`. */
export function createTicketAllocator(
  redis: Redis,
  redisPrefix: string,
  options: TicketAllocatorOptions = {},
): TicketAllocator {
  let blockSize = options.blockSize ?? 100;
  const maxBlockSize = Math.max(blockSize, options.maxBlockSize ?? 10_000);
  const reinitGap = options.reinitGap ?? 100_000 + randomInt(1_000_000);
  const highestSerial = options.highestSerial ?? (async () => null);
  if (!Number.isInteger(blockSize) || blockSize < 1) {
    throw new BotRuntimeError('INVALID_OPTION', `ticket blockSize must be a positive integer, got ${blockSize}`);
  }
  const scripted = withScripts(redis);
  const key = ticketCounterKey(redisPrefix);
  const blocks: Block[] = [];
  let pending: Promise<void> | null = null;
  let started: Promise<void> | null = null;
  let lastError: unknown = null;

  const remaining = () => blocks.reduce((sum, b) => sum + (b.last - b.next + 1), 0);

  async function initialiseCounter(): Promise<void> {
    const highest = await highestSerial();
    const floor = highest === null ? 0 : highest + reinitGap;
    // NX: another process may have re-created it meanwhile; its value is as good as ours.
    await redis.set(key, String(floor), 'NX');
  }

  async function lease(): Promise<void> {
    const size = blockSize;
    let last = await scripted.laporLeaseTickets(key, size);
    if (last === null) {
      await initialiseCounter();
      last = await scripted.laporLeaseTickets(key, size);
      if (last === null) throw new Error(`ticket counter ${key} vanished while being initialised`);
    }
    const first = last - size + 1;
    if (last > MAX_TICKET_SERIAL) {
      throw new BotRuntimeError('TICKET_SPACE_EXHAUSTED', `ticket serial ${last} exceeds ${MAX_TICKET_SERIAL}`);
    }
    blocks.push({ next: first, last });
  }

  function prefetch(): Promise<void> {
    pending ??= lease()
      .then(() => {
        lastError = null;
      })
      .catch((err: unknown) => {
        // Kept for the next caller of refill(); next() keeps serving what is left.
        lastError = err;
      })
      .finally(() => {
        pending = null;
      });
    return pending;
  }

  function start(): Promise<void> {
    started ??= prefetch().then(() => {
      if (lastError !== null) {
        started = null;
        throw lastError;
      }
    });
    return started;
  }

  return {
    start,

    next() {
      while (blocks.length > 0 && blocks[0]!.next > blocks[0]!.last) blocks.shift();
      const block = blocks[0];
      if (block === undefined) {
        throw new BotRuntimeError(
          started === null ? 'TICKETS_NOT_STARTED' : 'TICKETS_EXHAUSTED',
          'no leased ticket left; await refill() before running the engine',
        );
      }
      const serial = block.next;
      block.next += 1;
      if (remaining() <= blockSize / 2) void prefetch();
      return ticketFromSerial(serial);
    },

    available: remaining,

    async refill() {
      if (started === null) await start();
      if (remaining() < 1) blockSize = Math.min(blockSize * 2, maxBlockSize);
      while (remaining() < 1) {
        await prefetch();
        if (remaining() < 1 && lastError !== null) throw lastError;
      }
    },
  };
}
