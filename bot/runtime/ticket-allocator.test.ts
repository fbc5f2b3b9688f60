import { Redis } from 'ioredis';
import { describe, expect, inject, it, onTestFinished } from 'vitest';
import { serialFromTicket, ticketFromSerial } from '../../core/ticket.js';
import { openTestDatabase, uniquePrefix } from '../../test/support.js';
import { ticketCounterKey } from './keys.js';
import { highestTicketSerial } from './report-queries.js';
import { createTicketAllocator, type TicketAllocator } from './ticket-allocator.js';
import { insertReport } from './fixtures/reports.js';

function redisClient(): Redis {
  const redis = new Redis(inject('redisUrl'));
  onTestFinished(async () => {
    await redis.quit();
  });
  return redis;
}

async function take(allocator: TicketAllocator, count: number): Promise<string[]> {
  const tickets: string[] = [];
  for (let i = 0; i < count; i += 1) {
    // As the runtime does before each engine step.
    if (allocator.available() < 1) await allocator.refill();
    tickets.push(allocator.next());
  }
  return tickets;
}

describe('createTicketAllocator', () => {
  it('gives unique tickets across two allocators sharing a counter, one INCRBY per block', async () => {
    const prefix = uniquePrefix('tickets');
    const redis = redisClient();
    const a = createTicketAllocator(redis, prefix, { blockSize: 10 });
    const b = createTicketAllocator(redisClient(), prefix, { blockSize: 10 });
    await Promise.all([a.start(), b.start()]);
    const batches = await Promise.all([take(a, 5), take(b, 5), take(a, 95), take(b, 95)]);
    const all = batches.flat();
    expect(new Set(all).size).toBe(200);
    expect(all.every((t) => ticketFromSerial(serialFromTicket(t)) === t)).toBe(true);
    // Serials were leased in blocks of 10: the counter moved by whole blocks only.
    expect(Number(await redis.get(ticketCounterKey(prefix))) % 10).toBe(0);
  });

  it('hands tickets out synchronously and fetches the next block before the current one runs out', async () => {
    const prefix = uniquePrefix('tickets-prefetch');
    const allocator = createTicketAllocator(redisClient(), prefix, { blockSize: 4 });
    expect(() => allocator.next()).toThrow(/TICKETS_NOT_STARTED/);
    await allocator.start();
    expect(allocator.available()).toBe(4);
    allocator.next();
    allocator.next();
    // Half the block used: a lease is on its way without anyone awaiting it.
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(allocator.available()).toBe(6);
  });

  it('re-creates a missing counter above the highest ticket in the reports table', async () => {
    const handle = await openTestDatabase();
    onTestFinished(() => handle.close());
    const existing = ticketFromSerial(950_000_123);
    await insertReport(handle.db, { ticket: existing, channel: 'telegram', chatRef: 'flushed' });
    const highest = await highestTicketSerial(handle.db);
    expect(highest).toBeGreaterThanOrEqual(950_000_123);

    const prefix = uniquePrefix('tickets-flushed');
    const redis = redisClient();
    const options = { highestSerial: () => highestTicketSerial(handle.db), blockSize: 10, reinitGap: 1000 };
    const fresh = createTicketAllocator(redis, prefix, options);
    await fresh.start();
    expect(serialFromTicket(fresh.next())).toBe(highest! + 1000 + 1);

    // A process has been running normally: its blocks sit just above the newest stored
    // report. Then Redis loses the counter and another process starts.
    await redis.set(ticketCounterKey(prefix), String(highest));
    const running = createTicketAllocator(redisClient(), prefix, options);
    await running.start();
    await redis.del(ticketCounterKey(prefix));
    const restarted = createTicketAllocator(redisClient(), prefix, options);
    const [fromRunning, fromRestarted] = await Promise.all([take(running, 30), take(restarted, 30)]);
    const serials = [...fromRunning, ...fromRestarted].map(serialFromTicket);
    expect(new Set(serials).size).toBe(60);
    expect(Math.min(...serials)).toBeGreaterThan(highest!);
  });

  it('refuses a nonsensical block size with a coded error', () => {
    expect(() => createTicketAllocator(redisClient(), 'x', { blockSize: 0 })).toThrow(/INVALID_OPTION/);
  });
});
