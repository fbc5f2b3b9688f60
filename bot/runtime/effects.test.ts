import { inject, onTestFinished, describe, expect, it } from 'vitest';
import { parseTicket, ticketFromSerial } from '../../core/ticket.js';
import { openTestDatabase } from '../../test/support.js';
import { intakeQueue, openQueue } from '../../worker/queues.js';
import { createIntakeSubmitter } from './intake-submitter.js';
import { chatId, chatKey } from './keys.js';
import { createStatusLookup } from './report-queries.js';
import { createTicketAllocator } from './ticket-allocator.js';
import type { ScriptedState } from './fixtures/scripted-engine.js';
import { insertReport } from './fixtures/reports.js';
import { envelope, testRuntime, texts } from './fixtures/test-runtime.js';

describe('effects', () => {
  it('queues a confirmed report on the real intake queue with the ticket as job id before answering', async () => {
    const t = await testRuntime('submit');
    const queue = openQueue(intakeQueue, { url: inject('redisUrl') }, t.prefix);
    onTestFinished(() => queue.close());
    const runtime = await t.another({ submit: createIntakeSubmitter(queue) });

    const [reply] = texts(await runtime.handleInbound(envelope('c1', 'submit')));
    const ticket = parseTicket(reply!.replace('ticket ', ''));
    expect(ticket).not.toBeNull();
    const job = await queue.getJob(ticket!);
    expect(job?.data).toMatchObject({ ticket, chatRef: 'c1', channel: 'telegram' });
  });

  it('gives every submission of a burst larger than a leased block its own ticket', async () => {
    const t = await testRuntime('submit-burst');
    const runtime = await t.another({ tickets: createTicketAllocator(t.redis, t.prefix, { blockSize: 10 }) });
    const answers = await Promise.all(
      Array.from({ length: 300 }, (_, i) => runtime.handleInbound(envelope(`c${i}`, 'submit'))),
    );
    const tickets = answers.map((replies) => texts(replies)[0]!.replace('ticket ', ''));
    expect(tickets.every((ticket) => parseTicket(ticket) === ticket)).toBe(true);
    expect(new Set(tickets).size).toBe(300);
  });

  it('tells the citizen to try again and keeps the state at the summary when the queue refuses the report', async () => {
    const t = await testRuntime('submit-fails');
    const queue = openQueue(intakeQueue, { url: inject('redisUrl') }, t.prefix);
    onTestFinished(() => queue.close());
    const runtime = await t.another({ submit: createIntakeSubmitter(queue) });
    const state = async () =>
      JSON.parse((await t.redis.hget(chatKey(t.prefix, chatId('telegram', 'c1')), 's'))!) as ScriptedState;

    await runtime.handleInbound(envelope('c1', 'summary'));
    // The real producer refuses a report its schema rejects: a real failure of submit.
    const failed = texts(await runtime.handleInbound(envelope('c1', 'submit-invalid')));
    expect(failed).toEqual([expect.stringContaining('belum terkirim')]);
    expect(failed.join()).not.toMatch(/LPR-/);
    expect(await state()).toMatchObject({ log: ['summary'] });
    expect(await queue.getJobCounts()).toMatchObject({ waiting: 0 });

    const retried = texts(await runtime.handleInbound(envelope('c1', 'submit')));
    expect(retried[0]).toMatch(/^ticket LPR-/);
    expect(await state()).toMatchObject({ log: ['summary', 'submitted'] });
    expect(await queue.getJobCounts()).toMatchObject({ waiting: 1 });
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
