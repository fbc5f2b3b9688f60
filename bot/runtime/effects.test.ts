import { inject, onTestFinished, describe, expect, it } from 'vitest';
import { parseTicket, ticketFromSerial } from '../../core/ticket.js';
import { openTestDatabase } from '../../test/support.js';
import { intakeQueue, openQueue } from '../../worker/queues.js';
import { createIntakeForwarder } from './intake-forwarder.js';
import { chatId, chatKey, intakeOutboxKey } from './keys.js';
import { createStatusLookup } from './report-queries.js';
import { createTicketAllocator } from './ticket-allocator.js';
import type { ScriptedState } from './fixtures/scripted-engine.js';
import { insertReport } from './fixtures/reports.js';
import { envelope, testRuntime, texts } from './fixtures/test-runtime.js';

describe('effects', () => {
  it('has a confirmed report in the intake outbox before answering; the forwarder queues it with the ticket as job id', async () => {
    const t = await testRuntime('submit');
    const queue = openQueue(intakeQueue, { url: inject('redisUrl') }, t.prefix);
    onTestFinished(() => queue.close());
    const runtime = await t.another();

    const [reply] = texts(await runtime.handleInbound(envelope('c1', 'submit')));
    const ticket = parseTicket(reply!.replace('ticket ', ''));
    expect(ticket).not.toBeNull();
    const waiting = await t.redis.lrange(intakeOutboxKey(t.prefix), 0, -1);
    expect(waiting.map((json) => JSON.parse(json).ticket)).toEqual([ticket]);

    const forwarder = createIntakeForwarder({ redis: t.redis, redisPrefix: t.prefix, queue });
    onTestFinished(() => forwarder.close());
    await expect.poll(async () => (await queue.getJob(ticket!))?.data).toMatchObject({ ticket, chatRef: 'c1', channel: 'telegram' });
    expect(await forwarder.backlog()).toBe(0);
  });

  it('gives every submission of a burst larger than a leased block its own ticket', async () => {
    const t = await testRuntime('submit-burst');
    const runtime = await t.another({ tickets: createTicketAllocator(t.redis, t.prefix, { blockSize: 10 }) });
    const answers = await Promise.all(
      Array.from({ length: 300 }, (_, i) => runtime.handleInbound(envelope(`c${i}`, 'submit'))),
    );
    const tickets = answers.map((replies) => texts(replies)[0]!.replace('ticket ', ''));
    expect(tickets.filter((ticket) => parseTicket(ticket) !== ticket)).toEqual([]);
    expect(new Set(tickets).size).toBe(300);
  });

  it('tells the citizen to try again and keeps the state at the summary when the report fails the intake schema', async () => {
    const t = await testRuntime('submit-fails');
    const queue = openQueue(intakeQueue, { url: inject('redisUrl') }, t.prefix);
    onTestFinished(() => queue.close());
    const forwarder = createIntakeForwarder({ redis: t.redis, redisPrefix: t.prefix, queue, pollMs: 20 });
    onTestFinished(() => forwarder.close());
    const runtime = await t.another({ onReportQueued: forwarder.poke });
    const state = async () =>
      JSON.parse((await t.redis.hget(chatKey(t.prefix, chatId('telegram', 'c1')), 's'))!) as ScriptedState;

    await runtime.handleInbound(envelope('c1', 'summary'));
    // The intake queue's schema rejects it: it must not reach the outbox.
    const failed = texts(await runtime.handleInbound(envelope('c1', 'submit-invalid')));
    expect(failed).toEqual([expect.stringContaining('belum terkirim')]);
    expect(failed.join()).not.toMatch(/LPR-/);
    expect(await state()).toMatchObject({ log: ['summary'] });
    expect(await forwarder.backlog()).toBe(0);
    expect(await queue.getJobCounts()).toMatchObject({ waiting: 0 });

    const retried = texts(await runtime.handleInbound(envelope('c1', 'submit')));
    expect(retried[0]).toMatch(/^ticket LPR-/);
    expect(await state()).toMatchObject({ log: ['summary', 'submitted'] });
    await expect.poll(() => queue.getJobCounts()).toMatchObject({ waiting: 1 });
  });

  it('looks a ticket up only among the chat’s own reports and lets the engine word the answer', async () => {
    const handle = await openTestDatabase();
    onTestFinished(() => handle.close());
    const mine = ticketFromSerial(900_000_001);
    const theirs = ticketFromSerial(900_000_002);
    await insertReport(handle.db, { ticket: mine, channel: 'telegram', chatRef: 'owner', status: 'disposed' });
    await insertReport(handle.db, { ticket: theirs, channel: 'telegram', chatRef: 'someone-else' });

    const t = await testRuntime('status', { lookupStatus: createStatusLookup(handle.db) });
    expect(texts(await t.runtime.handleInbound(envelope('owner', `status ${mine}`)))).toEqual([
      `#1 status ${mine}`,
      `status ${mine} disposed`,
    ]);
    expect(texts(await t.runtime.handleInbound(envelope('owner', `status ${theirs}`)))).toEqual([
      `#2 status ${theirs}`,
      'status not found',
    ]);
    // Same chat reference on another channel is another citizen.
    expect(
      texts(await t.runtime.handleInbound(envelope('owner', `status ${mine}`, { channel: 'sms' }))).at(-1),
    ).toBe('status not found');
  });

  it('answers a status lookup it cannot carry out with an apology instead of failing the message', async () => {
    const t = await testRuntime('status-down', {
      lookupStatus: async () => {
        throw new Error('database unreachable');
      },
    });
    expect(texts(await t.runtime.handleInbound(envelope('c1', 'status LPR-0000000')))).toEqual([
      '#1 status LPR-0000000',
      expect.stringContaining('tidak bisa dicek'),
    ]);
  });
});
